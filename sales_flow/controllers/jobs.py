"""Scheduled work of the sales engine."""

import frappe
from frappe.utils import nowdate

from sales_flow.controllers.progress import refresh_parent

# statuses that change with the date alone: doctype -> (statuses that may change, date field)
TIME_BASED = {
	"Sales Invoice": (("Unpaid", "Partly Paid"), "due_date"),
	"Quotation": (("Open",), "valid_till"),
}


def refresh_time_based_statuses() -> None:
	"""Daily: an invoice past its due date becomes Overdue, an open quotation past its validity
	Expired. The status rules are the same as at submit (controllers/status.py)."""
	for doctype, (statuses, date_field) in TIME_BASED.items():
		names = frappe.get_all(
			doctype,
			filters={"docstatus": 1, "status": ("in", statuses), date_field: ("<", nowdate())},
			pluck="name",
		)
		for name in names:
			refresh_parent(doctype, name)
	frappe.db.commit()
