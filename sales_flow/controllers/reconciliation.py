"""Payment Reconciliation: a customer's unallocated payments and credit notes matched to its open
invoices, after the fact.

The entries are listed (what a payment has not allocated, what a credit note has left), matches are
suggested (the same amount, or the invoice named in the payment's reference, else oldest due
first) and, once the user confirms, allocated: a payment gets a new reference row, as ERPNext's
reconciliation does, and a credit note is offset by a payment received of nothing
(controllers/credits.py). Everything is read again under lock before it is written: the suggestion
may be stale, two users may reconcile the same payment.
"""

import frappe
from frappe import _
from frappe.utils import escape_html, flt, getdate

from sales_flow.controllers.credits import credit_left
from sales_flow.controllers.payments import locking, outstanding_of, update_invoice_outstanding
from sales_flow.totals.calculation import round_half_up

PAYMENT = "Payment Entry"
INVOICE = "Sales Invoice"


def unallocated_payments(party: str, company: str) -> list[dict]:
	payments = frappe.get_all(
		PAYMENT,
		filters={
			"party": party,
			"company": company,
			"docstatus": 1,
			"payment_type": "Receive",
			"unallocated_amount": (">", 0.005),
		},
		fields=[
			"name",
			"posting_date",
			"unallocated_amount",
			"reference_no",
			"remarks",
			"paid_from_account_currency",
		],
		order_by="posting_date asc, name asc",
	)
	return [
		{
			"reference_type": PAYMENT,
			"reference_name": p.name,
			"posting_date": p.posting_date,
			"amount": flt(p.unallocated_amount),
			"reference_no": p.reference_no,
			"remark": p.remarks,
			"currency": p.paid_from_account_currency,
		}
		for p in payments
	]


def credit_notes_left(party: str, company: str) -> list[dict]:
	rows = []
	for name in frappe.get_all(
		INVOICE,
		filters={"customer": party, "company": company, "docstatus": 1, "is_return": 1},
		pluck="name",
		order_by="posting_date asc, name asc",
	):
		credit_note = frappe.get_doc(INVOICE, name)
		left = credit_left(credit_note)
		if left > 0.005:
			rows.append(
				{
					"reference_type": INVOICE,
					"reference_name": name,
					"posting_date": credit_note.posting_date,
					"amount": left,
					"reference_no": credit_note.return_against,
					"remark": credit_note.remarks,
					"currency": credit_note.currency,
				}
			)
	return rows


def open_invoices(party: str, company: str, from_date=None, to_date=None) -> list[dict]:
	filters = {
		"customer": party,
		"company": company,
		"docstatus": 1,
		"is_return": 0,
		"outstanding_amount": (">", 0.005),
	}
	if from_date and to_date:
		filters["posting_date"] = ("between", [from_date, to_date])
	invoices = frappe.get_all(
		INVOICE,
		filters=filters,
		fields=[
			"name",
			"posting_date",
			"due_date",
			"rounded_total",
			"grand_total",
			"outstanding_amount",
			"currency",
		],
		order_by="due_date asc, posting_date asc, name asc",
	)
	return [
		{
			"invoice_type": INVOICE,
			"invoice_number": inv.name,
			"invoice_date": inv.posting_date,
			"due_date": inv.due_date,
			"amount": flt(inv.rounded_total or inv.grand_total),
			"outstanding_amount": flt(inv.outstanding_amount),
			"currency": inv.currency,
		}
		for inv in invoices
	]


def suggest(payments: list[dict], invoices: list[dict]) -> list[dict]:
	"""Allocation rows: each payment first to the invoice its reference names or whose outstanding
	amount equals it, then to the others oldest due first; no invoice gets more than it owes."""
	left = {inv["invoice_number"]: flt(inv["outstanding_amount"]) for inv in invoices}
	rows = []
	for payment in payments:
		available = round_half_up(flt(payment["amount"]))
		for invoice, reason in ranked(payment, invoices):
			take = round_half_up(min(available, left[invoice["invoice_number"]]))
			if take <= 0:
				continue
			rows.append(allocation_row(payment, invoice, take, reason))
			left[invoice["invoice_number"]] = round_half_up(left[invoice["invoice_number"]] - take)
			available = round_half_up(available - take)
			if available <= 0:
				break
	return rows


def ranked(payment: dict, invoices: list[dict]) -> list[tuple[dict, str]]:
	"""The invoices in the order the payment goes to them, each with why."""
	text = f"{payment.get('reference_no') or ''} {payment.get('remark') or ''}"

	def named(invoice: dict) -> bool:
		return invoice["invoice_number"] in text

	def same_amount(invoice: dict) -> bool:
		return abs(flt(invoice["outstanding_amount"]) - flt(payment["amount"])) < 0.005

	def rank(invoice: dict) -> tuple:
		return (
			not named(invoice),
			not same_amount(invoice),
			getdate(invoice.get("due_date") or invoice["invoice_date"]),
		)

	def reason(invoice: dict) -> str:
		return (
			_("Reference")
			if named(invoice)
			else _("Same amount")
			if same_amount(invoice)
			else _("Oldest due")
		)

	return [(invoice, reason(invoice)) for invoice in sorted(invoices, key=rank)]


def allocation_row(payment: dict, invoice: dict, amount: float, reason: str) -> dict:
	return {
		"reference_type": payment["reference_type"],
		"reference_name": payment["reference_name"],
		"invoice_type": INVOICE,
		"invoice_number": invoice["invoice_number"],
		"allocated_amount": amount,
		"amount": payment["amount"],
		"unreconciled_amount": invoice["outstanding_amount"],
		"reason": reason,
		"currency": payment.get("currency"),
	}


def reconcile_row(party: str, company: str, row) -> None:
	"""Allocate one confirmed row, its figures read again under lock."""
	amount = round_half_up(flt(row.allocated_amount))
	if amount <= 0:
		frappe.throw(_("Allocation row {0}: the allocated amount must be greater than zero.").format(row.idx))
	invoice = frappe.get_doc(INVOICE, row.invoice_number) if row.invoice_number else None
	if not invoice or invoice.docstatus != 1 or invoice.is_return or invoice.customer != party:
		frappe.throw(
			_("Allocation row {0}: {1} is not an open invoice of customer {2}.").format(
				row.idx, escape_html(row.invoice_number or ""), escape_html(party)
			)
		)
	frappe.db.sql(f"select name from `tab{INVOICE}` where name = %s{locking(True)}", invoice.name)
	owed = outstanding_of(invoice, lock=True)
	if amount > owed + 0.005:
		over_allocation(row, amount, row.invoice_number, owed)
	if row.reference_type == PAYMENT:
		allocate_payment(party, company, row, invoice, amount)
	elif row.reference_type == INVOICE:
		offset_credit_note(party, company, row, invoice, amount)
	else:
		frappe.throw(_("Allocation row {0}: a payment or a credit note is reconciled.").format(row.idx))
	update_invoice_outstanding(invoice.name)


def over_allocation(row, amount: float, name: str, available: float) -> None:
	frappe.throw(
		_("Allocation row {0}: {1} is more than the {2} left on {3}.").format(
			row.idx, format_money(amount, row.currency), format_money(available, row.currency), name
		),
		title=_("Over-Allocation"),
	)


def format_money(amount: float, currency: str | None) -> str:
	return frappe.format(amount, {"fieldtype": "Currency", "options": currency or "EUR"})


def allocate_payment(party: str, company: str, row, invoice, amount: float) -> None:
	"""A new reference row on the submitted payment, taken from its unallocated amount."""
	payment = frappe.get_doc(PAYMENT, row.reference_name)
	payment.check_permission("submit")
	locked = frappe.db.get_value(
		PAYMENT,
		payment.name,
		["unallocated_amount", "docstatus", "party", "company"],
		as_dict=True,
		for_update=True,
	)
	if locked.docstatus != 1 or locked.party != party or locked.company != company:
		frappe.throw(
			_("Allocation row {0}: {1} is not a payment of customer {2}.").format(
				row.idx, escape_html(row.reference_name), escape_html(party)
			)
		)
	if amount > flt(locked.unallocated_amount) + 0.005:
		over_allocation(row, amount, payment.name, flt(locked.unallocated_amount))
	if invoice.currency != payment.paid_from_account_currency:
		frappe.throw(
			_("Allocation row {0}: the payment and the invoice are in different currencies.").format(row.idx)
		)
	reference = payment.append(
		"references",
		{
			"reference_doctype": INVOICE,
			"reference_name": invoice.name,
			"due_date": invoice.due_date,
			"total_amount": flt(invoice.rounded_total or invoice.grand_total),
			"outstanding_amount": outstanding_of(invoice, lock=True),
			"allocated_amount": amount,
			"currency": invoice.currency,
		},
	)
	reference.docstatus = 1
	reference.db_insert()
	total = round_half_up(flt(payment.total_allocated_amount) + amount)
	payment.db_set(
		{
			"total_allocated_amount": total,
			"unallocated_amount": round_half_up(flt(payment.paid_amount) - total),
		}
	)
	payment.add_comment(
		"Info",
		_("Reconciled: {0} allocated to {1}.").format(format_money(amount, invoice.currency), invoice.name),
	)


def offset_credit_note(party: str, company: str, row, invoice, amount: float) -> None:
	"""The credit note's credit used on the invoice: a payment received of nothing, submitted."""
	credit_note = frappe.get_doc(INVOICE, row.reference_name)
	if credit_note.docstatus != 1 or not credit_note.is_return or credit_note.customer != party:
		frappe.throw(
			_("Allocation row {0}: {1} is not a credit note of customer {2}.").format(
				row.idx, escape_html(row.reference_name), escape_html(party)
			)
		)
	offset = frappe.get_doc(
		{
			"doctype": PAYMENT,
			"payment_type": "Receive",
			"company": company,
			"party": party,
			"paid_amount": 0,
			"posting_date": frappe.utils.nowdate(),
			"remarks": _("Credit note {0} offset against {1}.").format(credit_note.name, invoice.name),
			"references": [
				{
					"reference_doctype": INVOICE,
					"reference_name": credit_note.name,
					"allocated_amount": -amount,
				},
				{"reference_doctype": INVOICE, "reference_name": invoice.name, "allocated_amount": amount},
			],
		}
	)
	offset.insert()
	offset.submit()
