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
	"""Daily: an invoice with an instalment past due becomes Overdue, an open quotation past its
	validity Expired. The status rules are the same as at submit (controllers/status.py)."""
	for doctype, (statuses, date_field) in TIME_BASED.items():
		names = frappe.get_all(
			doctype,
			filters={"docstatus": 1, "status": ("in", statuses), date_field: ("<", nowdate())},
			pluck="name",
		)
		if doctype == "Sales Invoice":
			names = sorted(set(names) | set(invoices_with_instalment_due(statuses)))
		for name in names:
			refresh_parent(doctype, name)
	frappe.db.commit()


def invoices_with_instalment_due(statuses: tuple) -> list[str]:
	"""Invoices whose last due date is still ahead but an earlier instalment fell due."""
	return frappe.db.sql(
		"""select distinct si.name from `tabSales Invoice` si
		join `tabPayment Schedule` ps on ps.parent = si.name and ps.parenttype = 'Sales Invoice'
		where si.docstatus = 1 and si.status in %(statuses)s and ps.due_date < %(today)s
			and ps.outstanding > 0""",
		{"statuses": statuses, "today": nowdate()},
		pluck=True,
	)
