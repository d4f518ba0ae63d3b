"""Statuses of the sales documents, derived from their figures (never typed by hand).

Only the statuses a user chooses are kept as they are: Lost and Superseded (quotation: set as lost,
or revised, quotation_desk/revisions.py), On Hold and Closed (order, delivery note: they stop what hangs off
them, controllers/holds.py); everything else follows from docstatus, percentages, dates and amounts.
"""

import frappe
from frappe.utils import flt, getdate, nowdate

from sales_flow.controllers.instalments import is_overdue

CHOSEN = {
	"Quotation": ("Lost", "Superseded"),
	"Sales Order": ("On Hold", "Closed"),
	"Delivery Note": ("Closed",),
}
# chosen statuses that stop every document hanging off the order or delivery note: no new delivery,
# invoice or advance, no submit of an earlier draft, until it is resumed (controllers/holds.py)
STOPPING = {
	"Sales Order": ("On Hold", "Closed"),
	"Delivery Note": ("Closed",),
}


def status_of(doc) -> str:
	if doc.docstatus == 0:
		return "Draft"
	if doc.docstatus == 2:
		return "Cancelled"
	if doc.status in CHOSEN.get(doc.doctype, ()):
		return doc.status
	return RULES[doc.doctype](doc)


# quotation statuses after which nobody follows the quotation up any more (quotation_desk/follow_ups.py)
FOLLOW_UPS_STOPPED = ("Ordered", "Lost", "Expired", "Superseded", "Cancelled")
# quotation statuses an order or an invoice may be made from: the others are refused by
# controllers/mapping.py (Lost) and Quotation.validate_can_be_mapped (Superseded; Expired when the
# settings say so), or have nothing left (Ordered); the desk offers its "Create" buttons in these
QUOTATION_ORDERABLE = ("Open", "Partially Ordered", "Expired")


def stopped_follow_up_values(doctype: str, status: str) -> dict:
	"""Written with a quotation's new status: its follow-ups stop with it."""
	if doctype == "Quotation" and status in FOLLOW_UPS_STOPPED:
		return {"next_follow_up_date": None}
	return {}


def quotation_status(doc) -> str:
	per_ordered = flt(doc.per_ordered)
	if per_ordered >= 100:
		return "Ordered"
	if per_ordered > 0:
		return "Partially Ordered"
	if doc.valid_till and getdate(doc.valid_till) < getdate(nowdate()):
		return "Expired"
	return "Open"


def sales_order_status(doc) -> str:
	delivered, billed = flt(doc.per_delivered) >= 100, flt(doc.per_billed) >= 100
	if delivered and billed:
		return "Completed"
	if delivered:
		return "To Bill"
	if billed:
		return "To Deliver"
	return "To Deliver and Bill"


def sales_invoice_status(doc) -> str:
	if doc.is_return:
		return "Return"
	outstanding = flt(doc.outstanding_amount)
	total = flt(doc.rounded_total or doc.grand_total)
	if outstanding <= 0 and has_submitted_return(doc.name):
		return "Credit Note Issued"
	if outstanding <= 0:
		return "Paid"
	if is_overdue(doc):  # any instalment past due and unpaid
		return "Overdue"
	if outstanding < total:
		return "Partly Paid"
	return "Unpaid"


def has_submitted_return(invoice: str) -> bool:
	return bool(frappe.db.exists("Sales Invoice", {"return_against": invoice, "docstatus": 1}))


def delivery_note_status(doc) -> str:
	if doc.get("is_return"):
		return "Return"
	return "Completed" if flt(doc.per_billed) >= 100 else "To Bill"


def delivery_and_billing_labels(doc) -> tuple[str, str]:
	"""ERPNext's delivery_status and billing_status of a sales order."""
	per_delivered, per_billed = flt(doc.per_delivered), flt(doc.per_billed)
	delivery = (
		"Fully Delivered"
		if per_delivered >= 100
		else "Partly Delivered"
		if per_delivered > 0
		else "Not Delivered"
	)
	billing = "Fully Billed" if per_billed >= 100 else "Partly Billed" if per_billed > 0 else "Not Billed"
	return delivery, billing


RULES = {
	"Quotation": quotation_status,
	"Sales Order": sales_order_status,
	"Sales Invoice": sales_invoice_status,
	"Delivery Note": delivery_note_status,
}
