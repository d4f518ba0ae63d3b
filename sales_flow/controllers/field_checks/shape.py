"""The shape of what is sent, while Frappe builds the document from it: a table is a list of
objects of the table's DocType, and a field that another of the engine's documents (or lines) has
but this one lacks is refused when it holds a value."""

from collections.abc import Callable

import frappe
from frappe import _
from frappe.model import child_table_fields, default_fields
from frappe.model.base_document import BaseDocument
from frappe.model.meta import Meta

from sales_flow.controllers.field_checks.messages import invalid, shown, table_label

# the documents of the shared engine, which reads the fields of any of them with doc.get()
ENGINE_DOCTYPES = ("Quotation", "Sales Order", "Sales Invoice", "Delivery Note")


def from_db(doc: BaseDocument) -> bool:
	flags = doc.__dict__.get("flags")
	return bool(flags and flags.get("sales_flow_from_db"))


def check_table_value(doc: BaseDocument, fieldname: str, value) -> None:
	"""A table is a list of rows (Frappe would iterate a string or an object's keys)."""
	if isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__"):
		invalid(_("{0} must be a list of lines.").format(table_label(doc, fieldname)))


def check_row_value(doc: BaseDocument, fieldname: str, value) -> None:
	"""A row is an object of fields, of the table's DocType (Frappe would overwrite another one)."""
	if isinstance(value, BaseDocument):
		return
	position = len(doc.get(fieldname) or []) + 1
	if not isinstance(value, dict):
		invalid(
			_("{0}: line {1} must be an object of fields, not {2}.").format(
				table_label(doc, fieldname), position, shown(value)
			)
		)
	child_doctype = doc.get_table_field_doctype(fieldname)
	sent = value.get("doctype")
	if sent not in (None, "", child_doctype):
		invalid(
			_("{0}: line {1} is a {2}; the lines of this table are {3}.").format(
				table_label(doc, fieldname), position, shown(sent), _(child_doctype)
			)
		)
	if child_doctype and doc.doctype in ENGINE_DOCTYPES:
		refuse_foreign_fields(frappe.get_meta(child_doctype), value, lambda: same_table_doctypes(fieldname))


def refuse_foreign_fields(meta: Meta, values: dict, family: Callable[[], tuple[str, ...]]) -> None:
	"""A field of another DocType of the family, absent from this one, sent with a value."""
	own = own_fieldnames(meta)
	# Frappe's flags (__islocal, __unsaved...) are no field of any DocType
	unknown = {key for key in values if key not in own and not str(key).startswith("__")}
	if not unknown:
		# the usual request: only the DocType's own fields, and the family's metadata (six DocTypes
		# read from the cache, some 5 ms) is not needed
		return
	foreign = unknown & foreign_fieldnames(meta, family())
	for fieldname in sorted(foreign):
		if values[fieldname] not in (None, "", 0, [], {}):
			invalid(_("{0} is not a field of {1}.").format(frappe.bold(fieldname), _(meta.name)))


def own_fieldnames(meta: Meta) -> frozenset[str]:
	"""The fields of `meta` and Frappe's own columns (never a field of another DocType): kept on the
	meta object."""
	own = meta.__dict__.get("_sales_flow_own_fields")
	if own is None:
		own = meta.__dict__["_sales_flow_own_fields"] = frozenset(
			{df.fieldname for df in meta.fields} | set(default_fields) | set(child_table_fields)
		)
	return own


def foreign_fieldnames(meta: Meta, family: tuple[str, ...]) -> frozenset[str]:
	"""The fields of the family that `meta` lacks: kept on the meta object (reloaded when it changes)."""
	cache = meta.__dict__.setdefault("_sales_flow_foreign_fields", {})
	if family not in cache:
		others = {df.fieldname for doctype in family for df in frappe.get_meta(doctype).fields}
		cache[family] = frozenset(others - own_fieldnames(meta))
	return cache[family]


def same_table_doctypes(fieldname: str) -> tuple[str, ...]:
	"""The DocTypes of the rows of the table `fieldname` in the engine's documents (Quotation Item,
	Sales Order Item... for `items`): kept for the request, read for every line."""
	cache = getattr(frappe.local, "sales_flow_table_doctypes", None)
	if cache is None:
		cache = frappe.local.sales_flow_table_doctypes = {}
	if fieldname not in cache:
		cache[fieldname] = tuple(
			sorted(
				df.options
				for doctype in ENGINE_DOCTYPES
				for df in frappe.get_meta(doctype).get_table_fields()
				if df.fieldname == fieldname
			)
		)
	return cache[fieldname]
