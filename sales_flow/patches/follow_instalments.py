"""Invoices submitted before instalments were followed get their schedule rows' paid_amount and
outstanding, and the status they imply (a missed first instalment: Overdue)."""

import frappe

from sales_flow.controllers.payments import update_invoice_outstanding


def execute() -> None:
	invoices = frappe.db.sql(
		"""select distinct parent from `tabPayment Schedule`
		where parenttype = 'Sales Invoice' and (outstanding is null or (paid_amount = 0 and outstanding = 0))""",
		pluck=True,
	)
	for name in invoices:
		if frappe.db.get_value("Sales Invoice", name, "docstatus") == 1:
			update_invoice_outstanding(name)
