"""Frappe's own floor for each of our documents: a controller-less twin of its DocType.

The twin has the DocType's fields (its custom fields too), its child tables (twins themselves), its
naming by series, its change tracking and submission, and no controller, no hook of ours bound to
it. It is filled with the very values our document ended with, then inserted and submitted: what
that costs is what Frappe's document model spends on this schema and these rows (link checks and
fetches, each column's checks, one statement per child row, the version), and what our document
costs beyond it is our logic. The fixed "Bench Floor" of cycle.py keeps the columns of a Quotation
Item whatever the document; the twin grows with the document's own schema.
"""

import frappe
from frappe.model import default_fields, no_value_fields

# what the DocType's definition carries into the framework's work on a document
DOCTYPE_PROPERTIES = ("is_submittable", "track_changes", "title_field", "search_fields", "istable")
# a field's definition minus where it sits in the form
LAYOUT_ONLY = {"name", "parent", "parentfield", "parenttype", "idx", "doctype", "owner", "creation"}
LAYOUT_ONLY |= {"modified", "modified_by", "docstatus", "insert_after", "dt", "is_custom_field"}
STANDARD_VALUES = set(default_fields) | {"parent", "parentfield", "parenttype", "amended_from"}


def twin_name(doctype: str, run: str) -> str:
	return f"BTwin {doctype} {run}"


def twin_series(run: str) -> str:
	return f"BTWIN-{run}-.#####"


def make_twins(doctypes: tuple[str, ...], run: str, made: list[str]) -> dict[str, str]:
	"""A twin of each DocType and of every child table they hold (DDL: commits); `made` gets the
	twins' names as they are made, children first. Returns {DocType: its twin}."""
	twins: dict[str, str] = {}
	for doctype in doctypes:
		for table in frappe.get_meta(doctype).get_table_fields():
			if table.options not in twins:
				twins[table.options] = make_twin(table.options, run, twins, made)
		twins[doctype] = make_twin(doctype, run, twins, made)
	frappe.db.commit()
	return twins


def make_twin(doctype: str, run: str, twins: dict[str, str], made: list[str]) -> str:
	meta = frappe.get_meta(doctype)
	name = twin_name(doctype, run)
	definition = {prop: meta.get(prop) for prop in DOCTYPE_PROPERTIES}
	definition.update(
		{
			"doctype": "DocType",
			"name": name,
			"module": "Sales Flow",
			"custom": 1,
			"fields": [twin_field(df, run, twins) for df in meta.fields if has_value(df)],
		}
	)
	if not meta.istable:
		definition["autoname"] = "naming_series:" if meta.has_field("naming_series") else twin_series(run)
		definition["permissions"] = [
			{
				"role": "System Manager",
				"read": 1,
				"write": 1,
				"create": 1,
				"submit": 1,
				"cancel": 1,
				"delete": 1,
			}
		]
	frappe.get_doc(definition).insert()
	made.append(name)
	return name


def has_value(df) -> bool:
	return df.fieldtype not in no_value_fields or df.fieldtype in ("Table", "Table MultiSelect")


def twin_field(df, run: str, twins: dict[str, str]) -> dict:
	field = {key: value for key, value in df.as_dict().items() if key not in LAYOUT_ONLY}
	if df.fieldtype in ("Table", "Table MultiSelect"):
		field["options"] = twins[df.options]
	if df.fieldname == "naming_series":
		field.update({"fieldtype": "Select", "options": twin_series(run), "default": twin_series(run)})
	return field


def twin_doc(twin: str, twins: dict[str, str], doc, run: str) -> "frappe.model.document.Document":
	"""A new document of `twin` holding `doc`'s values: its fields and every child row's."""
	values = plain_values(doc)
	values["doctype"] = twin
	if "naming_series" in values:
		values["naming_series"] = twin_series(run)
	for table in doc.meta.get_table_fields():
		values[table.fieldname] = [
			{**plain_values(row), "doctype": twins[table.options]} for row in doc.get(table.fieldname)
		]
	return frappe.get_doc(values)


def plain_values(doc) -> dict:
	return {
		df.fieldname: doc.get(df.fieldname)
		for df in doc.meta.fields
		if df.fieldtype not in no_value_fields and df.fieldname not in STANDARD_VALUES
	}


def delete_twin_series(run: str) -> None:
	frappe.db.delete("Series", {"name": ("like", f"BTWIN-{run}-%")})
