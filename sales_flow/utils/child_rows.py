"""A document read from the database with one query per table that holds rows.

Frappe's `Document.load_from_db` sends one query per table field, empty or not: a quotation has six
tables (lines, taxes, pricing rules, lost reasons, competitors, follow-ups) and most hold no row.
`load_with_filled_tables` reads the document's row and, in the same query, which tables hold rows
for it, then reads only those, each as Frappe reads it (every column, by `idx`), with the SQL written
out (Frappe's query builder costs more than the query). The result is the same document; Frappe's
own load stays for what this does not cover (a single, a name given as filters, a read `for_update`,
a virtual table).

The same holds for two more of Frappe's steps that visit every table: the field-level read check
(`may_hide_fields`) and the defaults of a new document's rows (`set_defaults_of_filled_tables`) look
only at the tables that hold rows.
"""

import frappe
from frappe import _
from frappe.model.base_document import BaseDocument
from frappe.model.document import Document
from frappe.model.utils import is_virtual_doctype

# the columns the probes add to the document's row, taken out before the row becomes the document
FILLED_ALIAS = "__sales_flow_filled_"


def load_with_filled_tables(doc: Document) -> Document | None:
	"""`doc` loaded as Frappe's load_from_db loads it, or None when Frappe's own load must do it."""
	tables = doc.meta.get_table_fields()
	if (
		doc.meta.issingle
		or doc.flags.for_update
		or not isinstance(doc.name, str)
		or any(is_virtual_doctype(df.options) for df in tables)
	):
		return None
	doc.flags.ignore_children = True
	values, filled = row_and_filled_tables(doc, tables)
	if not values:
		frappe.throw(_("{0} {1} not found").format(_(doc.doctype), doc.name), frappe.DoesNotExistError)
	BaseDocument.__init__(doc, values)
	doc.flags.pop("ignore_children", None)
	for df in tables:
		doc.set(df.fieldname, child_rows(doc, df) if df.fieldname in filled else [])
	# as Frappe's load: __setup__ may depend on the rows
	if hasattr(doc, "__setup__"):
		doc.__setup__()
	return doc


def row_and_filled_tables(doc: Document, tables: list) -> tuple[dict | None, set[str]]:
	"""The document's row and the table fields that hold at least one row for it: one round trip
	(the query Frappe's get_value builds for the row, written out: building it costs more than
	running it)."""
	probes, values = [], []
	for i, df in enumerate(tables):
		probes.append(
			f", exists(select 1 from `tab{df.options}` where parent = %s and parenttype = %s"
			f" and parentfield = %s) as `{FILLED_ALIAS}{i}`"
		)
		values += [doc.name, doc.doctype, df.fieldname]
	rows = frappe.db.sql(
		f"select *{''.join(probes)} from `tab{doc.doctype}` where name = %s limit 1",
		(*values, doc.name),
		as_dict=True,
	)
	if not rows:
		return None, set()
	row = rows[0]
	filled = {df.fieldname for i, df in enumerate(tables) if row.pop(f"{FILLED_ALIAS}{i}")}
	return row, filled


def child_rows(doc: Document, df) -> list[dict]:
	return frappe.db.sql(
		f"select * from `tab{df.options}` where parent = %s and parenttype = %s and parentfield = %s"
		" order by idx asc",
		(doc.name, doc.doctype, df.fieldname),
		as_dict=True,
	)


def may_hide_fields(doc: Document) -> bool:
	"""Whether Frappe's `apply_fieldlevel_read_permissions` may hide a value of `doc`: a field above
	permission level 0 in the document or in a table that holds rows. A table without rows hides
	nothing, so its definition is not fetched (Frappe fetches every table's, one cache read each)."""
	metas = [doc.meta] + [
		frappe.get_meta(df.options) for df in doc.meta.get_table_fields() if doc.get(df.fieldname)
	]
	return any(df.permlevel for meta in metas for df in meta.fields)


def set_defaults_of_filled_tables(doc: Document) -> None:
	"""Frappe's `Document._set_defaults`, building the template of a new row only for the tables that
	hold a new row (Frappe builds one for every table: its definition read and an `issingle` query
	each, for a quotation's four usually empty tables too)."""
	if frappe.flags.in_import:
		return
	if doc.is_new():
		doc.update_if_missing(frappe.new_doc(doc.doctype, as_dict=True))
	for df in doc.meta.get_table_fields():
		value = doc.get(df.fieldname)
		new_rows = [row for row in value if row.is_new()] if isinstance(value, list) else []
		if not new_rows:
			continue
		template = frappe.new_doc(df.options, parent_doc=doc, parentfield=df.fieldname, as_dict=True)
		for row in new_rows:
			row.update_if_missing(template)
