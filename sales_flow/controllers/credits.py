"""Credit notes' credit in payments: refunded (a Payment Entry of type Pay) or offset against
another invoice of the customer (a negative allocation in a payment received, beside the invoice
it settles, the paid amount being what is left once the credit is used: 0 for a pure offset).

A credit note's credit sits on the invoice it returns (its outstanding amount goes below zero,
controllers/payments.py): what a credit note has left is the part of its total not refunded nor
offset yet, at most what the returned invoice owes the customer.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, nowdate

from sales_flow.controllers.payments import credit_used, invoice_total, outstanding_of
from sales_flow.totals.calculation import round_half_up

PAY = "Pay"


def is_credit_note(row) -> bool:
	return row.reference_doctype == "Sales Invoice" and bool(
		frappe.db.get_value("Sales Invoice", row.reference_name, "is_return")
	)


def credit_left(credit_note, lock: bool = False) -> float:
	"""What may still be refunded or offset of a credit note (positive)."""
	invoice = frappe.get_doc("Sales Invoice", credit_note.return_against)
	own = -invoice_total(credit_note) - credit_used(invoice.name, lock, credit_note.name)
	owed_to_customer = -outstanding_of(invoice, lock)
	return round_half_up(max(min(own, owed_to_customer), 0))


def validate_paid_amount(payment) -> None:
	"""Nothing paid is allowed only when a credit note pays the invoices (an offset)."""
	paid = flt(payment.paid_amount)
	if payment.payment_type == PAY and not payment.references:
		frappe.throw(_("A refund pays back a credit note: add the credit note to the references."))
	offset = any(is_credit_note(row) for row in payment.references)
	if paid < 0 or (paid == 0 and not offset):
		frappe.throw(_("The paid amount must be greater than zero."))


def validate_credit_reference(payment, row, lock: bool) -> bool:
	"""Check a credit note row and fill its figures; False when the row is not one (a refund takes
	only credit notes)."""
	if not is_credit_note(row):
		if payment.payment_type == PAY:
			frappe.throw(_("References row {0}: a refund pays back credit notes only.").format(row.idx))
		return False
	credit_note = frappe.get_doc("Sales Invoice", row.reference_name)
	if credit_note.docstatus != 1:
		frappe.throw(_("References row {0}: {1} is not submitted.").format(row.idx, row.reference_name))
	if credit_note.customer != payment.party:
		frappe.throw(
			_("References row {0}: {1} is for another customer.").format(row.idx, row.reference_name)
		)
	if credit_note.currency != payment.paid_from_account_currency:
		frappe.throw(
			_("References row {0}: {1} is in {2}, the payment in {3}.").format(
				row.idx, row.reference_name, credit_note.currency, payment.paid_from_account_currency
			)
		)
	left = credit_left(credit_note, lock) + own_use(payment, row)
	# ERPNext shows a credit note's outstanding amount negative: what the customer is owed
	row.update(
		{
			"currency": credit_note.currency,
			"total_amount": invoice_total(credit_note),
			"outstanding_amount": left if payment.payment_type == PAY else -left,
			"due_date": credit_note.posting_date,
		}
	)
	return True


def own_use(payment, row) -> float:
	"""What this payment, already submitted, took of the credit note (an update after submit)."""
	if payment.is_new() or frappe.db.get_value("Payment Entry", payment.name, "docstatus") != 1:
		return 0.0
	used = flt(
		frappe.db.get_value(
			"Payment Entry Reference",
			{"parent": payment.name, "reference_name": row.reference_name},
			"allocated_amount",
		)
	)
	return used if payment.payment_type == PAY else -used


def validate_offset_allocation(payment, row) -> bool:
	"""A credit note row of a payment received gives its credit: a negative allocation, at most
	the credit left. False for the other rows (the usual checks apply; a refund's are usual)."""
	if payment.payment_type == PAY or not is_credit_note(row):
		return False
	allocated = flt(row.allocated_amount)
	if allocated >= 0:
		frappe.throw(
			_(
				"References row {0}: credit note {1} gives its credit with a negative allocated amount."
			).format(row.idx, row.reference_name)
		)
	if -allocated > -flt(row.outstanding_amount) + 0.005:
		frappe.throw(
			_("References row {0}: {1} is taken from credit note {2}, which has only {3} left.").format(
				row.idx,
				payment.format_amount(-allocated),
				row.reference_name,
				payment.format_amount(-flt(row.outstanding_amount)),
			),
			title=_("Over-Allocation"),
		)
	return True


def validate_refund_allocated(payment) -> None:
	"""A refund pays back exactly what it takes from the credit notes."""
	if payment.payment_type == PAY and flt(payment.unallocated_amount) > 0.005:
		frappe.throw(
			_("A refund of {0} is more than the {1} left on its credit notes.").format(
				payment.format_amount(payment.paid_amount),
				payment.format_amount(payment.total_allocated_amount),
			),
			title=_("Over-Allocation"),
		)


def credit_notes_first(payment) -> None:
	"""Credit rows first, so the running total the over-allocation check reads counts them first."""
	rows = sorted(payment.references, key=lambda row: not is_credit_note(row))
	for idx, row in enumerate(rows, 1):
		row.idx = idx
	payment.set("references", rows)


def get_refund_entry(credit_note) -> Document:
	"""A draft refund of what is left of a credit note (ERPNext's get_payment_entry on a return)."""
	left = credit_left(credit_note)
	if left <= 0:
		frappe.throw(
			_("Nothing is left to refund on credit note {0}.").format(credit_note.name),
			title=_("Nothing to Pay"),
		)
	payment = frappe.new_doc("Payment Entry")
	payment.update(
		{
			"payment_type": PAY,
			"company": credit_note.company,
			"posting_date": nowdate(),
			"party": credit_note.customer,
			"paid_from_account_currency": credit_note.currency,
			"source_exchange_rate": credit_note.conversion_rate,
			"paid_amount": left,
		}
	)
	payment.append(
		"references",
		{
			"reference_doctype": "Sales Invoice",
			"reference_name": credit_note.name,
			"total_amount": invoice_total(credit_note),
			"outstanding_amount": left,
			"allocated_amount": left,
			"currency": credit_note.currency,
		},
	)
	payment.set_missing_values()
	payment.total_allocated_amount, payment.unallocated_amount = left, 0
	return payment
