"""How a refused value is worded: where it is (the field's label, its line and table), the value
quoted short and escaped, and the error raised."""

import frappe
from frappe import _
from frappe.model.base_document import BaseDocument
from frappe.utils import escape_html

from sales_flow.controllers.field_checks.fields import FieldSpec

# what a message quotes of a value
SHOWN_CHARACTERS = 60


def where(doc: BaseDocument, row: BaseDocument, spec: FieldSpec) -> str:
	"""The field's label, and the line of its table for a row."""
	label = frappe.bold(_(spec.label))
	if row is doc:
		return label
	rows = doc.get(row.parentfield) or []
	position = next((n for n, other in enumerate(rows, start=1) if other is row), row.idx)
	return _("{0} (line {1} of the table {2})").format(label, position, table_label(doc, row.parentfield))


def table_label(doc: BaseDocument, fieldname: str) -> str:
	return frappe.bold(_(doc.meta.get_label(fieldname)))


def shown(value) -> str:
	text = str(value)
	if len(text) > SHOWN_CHARACTERS:
		text = text[:SHOWN_CHARACTERS] + "…"
	return frappe.bold(escape_html(text))


def invalid(message: str) -> None:
	frappe.throw(message, frappe.ValidationError, title=_("Invalid Value"))
