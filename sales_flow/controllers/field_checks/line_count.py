"""The number of lines of a document, at most Selling Settings' Maximum Lines per Document."""

import frappe
from frappe import _
from frappe.model.base_document import BaseDocument

from sales_flow.controllers.field_checks.messages import table_label
from sales_flow.settings import max_lines_per_document


class TooManyLinesError(frappe.ValidationError):
	pass


def check_line_count(doc: BaseDocument) -> None:
	"""At most Selling Settings' number of lines in each table a user fills."""
	limit = max_lines_per_document()
	for table in doc.meta.get_table_fields():
		count = len(doc.get(table.fieldname) or [])
		if not table.read_only and count > limit:
			frappe.throw(
				_(
					"{0} holds {1} lines, more than the {2} a document may hold (Selling Settings, "
					"Maximum Lines per Document)."
				).format(table_label(doc, table.fieldname), count, limit),
				TooManyLinesError,
				title=_("Too Many Lines"),
			)
