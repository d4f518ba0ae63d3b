"""Money owed and received: payment schedules, advances, down-payment invoices, outstanding amounts.

Like quantities, balances are recomputed from submitted documents each time one of them is
submitted or cancelled, so they cannot drift. At submit they are read with `lock=True`: MariaDB's
REPEATABLE READ would otherwise answer from the transaction's first snapshot, and two payments
racing for one invoice would each see it unpaid.
"""

from datetime import date

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from sales_flow.controllers.columns import write_changed_columns
from sales_flow.controllers.instalments import follow_instalments, update_instalments
from sales_flow.controllers.payment_terms import get_payment_schedule
from sales_flow.totals.calculation import round_half_up


def invoice_total(doc) -> float:
	return flt(doc.rounded_total or doc.grand_total)


def set_payment_schedule(doc, posting_date) -> None:
	"""From the payment terms, when the user has not written a schedule; due dates drive Overdue."""
	total = invoice_total(doc) - flt(doc.get("total_advance"))
	if doc.get("is_return") or total <= 0:
		doc.payment_schedule = []
		if doc.meta.has_field("due_date"):
			doc.due_date = doc.due_date or posting_date
		return
	if doc.payment_terms_template and not schedule_matches(doc, total):
		doc.payment_schedule = []
		for row in get_payment_schedule(doc.payment_terms_template, posting_date, total):
			doc.append("payment_schedule", row)
	if doc.payment_schedule:
		scheduled = round_half_up(sum(flt(r.payment_amount) for r in doc.payment_schedule))
		if abs(scheduled - round_half_up(total)) > 0.001:
			frappe.throw(
				_("The payment schedule adds up to {0}, not to the amount due {1}.").format(
					frappe.format(scheduled, {"fieldtype": "Currency", "options": doc.currency}),
					frappe.format(total, {"fieldtype": "Currency", "options": doc.currency}),
				)
			)
		for row in doc.payment_schedule:
			row.base_payment_amount = round_half_up(flt(row.payment_amount) * flt(doc.conversion_rate or 1))
		if doc.meta.has_field("due_date"):
			doc.due_date = max(getdate(r.due_date) for r in doc.payment_schedule)
	elif doc.meta.has_field("due_date") and not doc.due_date:
		doc.due_date = posting_date


def schedule_matches(doc, total: float) -> bool:
	return (
		bool(doc.payment_schedule)
		and abs(sum(flt(r.payment_amount) for r in doc.payment_schedule) - total) < 0.005
	)


# --- advances -----------------------------------------------------------------------------------


def order_names(doc) -> list[str]:
	return sorted({row.sales_order for row in doc.items if row.get("sales_order")})


def available_advances(doc, lock: bool = False) -> list[dict]:
	"""Payments received against the invoice's orders, and their down-payment invoices, not yet used."""
	orders = order_names(doc)
	if not orders:
		return []
	rows = frappe.db.sql(
		"""select 'Payment Entry' as reference_type, pe.name as reference_name, ref.name as reference_row,
			ref.allocated_amount as amount, pe.remarks as remarks
		from `tabPayment Entry Reference` ref join `tabPayment Entry` pe on pe.name = ref.parent
		where pe.docstatus = 1 and ref.reference_doctype = 'Sales Order' and ref.reference_name in %(orders)s
		order by pe.posting_date, pe.name""",
		{"orders": orders},
		as_dict=True,
	)
	rows += frappe.db.sql(
		"""select distinct 'Sales Invoice' as reference_type, si.name as reference_name, si.name as reference_row,
			si.rounded_total as amount, %(label)s as remarks
		from `tabSales Invoice` si join `tabSales Invoice Item` item on item.parent = si.name
		where si.docstatus = 1 and si.is_down_payment_invoice = 1 and item.sales_order in %(orders)s
		order by si.posting_date, si.name""",
		{"orders": orders, "label": _("Down payment invoice")},
		as_dict=True,
	)
	for row in rows:
		row["advance_amount"] = flt(row.amount) - used_advance(row.reference_row, doc.name, lock)
	return [row for row in rows if row["advance_amount"] > 0.005 and row.reference_name != doc.name]


def locking(lock: bool) -> str:
	"""A locking read sees the latest committed rows and holds them until the transaction ends."""
	return " for update" if lock else ""


def used_advance(reference_row: str, exclude_invoice: str | None, lock: bool = False) -> float:
	return flt(
		frappe.db.sql(
			"""select coalesce(sum(adv.allocated_amount), 0) from `tabSales Invoice Advance` adv
			join `tabSales Invoice` si on si.name = adv.parent
			where adv.reference_row = %s and si.docstatus = 1 and si.name != %s"""
			+ locking(lock),
			(reference_row, exclude_invoice or ""),
		)[0][0]
	)


def set_advances(doc) -> None:
	"""Allocate available advances automatically the first time; the user may change the amounts."""
	if doc.is_return or doc.is_down_payment_invoice:
		doc.advances = []
		doc.total_advance = 0
		return
	available = available_advances(doc)
	if not doc.get("advances"):
		remaining = invoice_total(doc)
		for row in available:
			allocated = min(row["advance_amount"], remaining)
			if allocated <= 0:
				break
			doc.append(
				"advances",
				{
					**{
						k: row[k]
						for k in (
							"reference_type",
							"reference_name",
							"reference_row",
							"remarks",
							"advance_amount",
						)
					},
					"allocated_amount": allocated,
				},
			)
			remaining -= allocated
	validate_advances(doc, available=available)
	doc.total_advance = round_half_up(sum(flt(r.allocated_amount) for r in doc.get("advances") or []))


def validate_advances(doc, lock: bool = False, available: list[dict] | None = None) -> None:
	"""`available` is what set_advances already read; at submit it is read again, under lock."""
	if not doc.get("advances"):
		return
	if available is None:
		available = available_advances(doc, lock)
	left_by_row = {row["reference_row"]: row["advance_amount"] for row in available}
	for row in doc.get("advances") or []:
		if flt(row.allocated_amount) < 0:
			frappe.throw(_("Advances row {0}: the allocated amount cannot be negative.").format(row.idx))
		left = left_by_row.get(row.reference_row, 0)
		row.advance_amount = left
		if flt(row.allocated_amount) > left + 0.005:
			frappe.throw(
				_("Advances row {0}: {1} has only {2} left to allocate.").format(
					row.idx,
					row.reference_name,
					frappe.format(left, {"fieldtype": "Currency", "options": doc.currency}),
				)
			)
	if sum(flt(r.allocated_amount) for r in doc.get("advances") or []) > invoice_total(doc) + 0.005:
		frappe.throw(_("The advances allocated exceed the invoice total."))


# --- outstanding amounts --------------------------------------------------------------------------


def allocated_to(reference_doctype: str, name: str, lock: bool = False) -> float:
	"""What submitted payments allocated to one invoice or order."""
	return flt(
		frappe.db.sql(
			"""select coalesce(sum(ref.allocated_amount), 0) from `tabPayment Entry Reference` ref
			join `tabPayment Entry` pe on pe.name = ref.parent
			where pe.docstatus = 1 and ref.reference_doctype = %s and ref.reference_name = %s"""
			+ locking(lock),
			(reference_doctype, name),
		)[0][0]
	)


def returned_on_invoice(invoice: str, lock: bool = False) -> float:
	"""Credit notes against the invoice (their totals are negative)."""
	return flt(
		frappe.db.sql(
			"""select coalesce(sum(rounded_total), 0) from `tabSales Invoice`
			where return_against = %s and docstatus = 1 and is_return = 1"""
			+ locking(lock),
			invoice,
		)[0][0]
	)


def outstanding_of(doc, lock: bool = False) -> float:
	if doc.is_return:
		return 0.0  # applied to the invoice it returns
	return round_half_up(
		invoice_total(doc)
		- flt(doc.total_advance)
		- allocated_to("Sales Invoice", doc.name, lock)
		+ returned_on_invoice(doc.name, lock)
		+ credit_used(doc.name, lock)
	)


def credit_used(invoice: str, lock: bool = False, credit_note: str | None = None) -> float:
	"""What was taken of the credit the invoice's credit notes give (the credit sits on the invoice
	they return): refunded by a payment of type Pay, or offset against another invoice by a negative
	allocation in a payment received. With `credit_note`, that credit note's part only."""
	return flt(
		frappe.db.sql(
			"""select coalesce(sum(if(pe.payment_type = 'Pay', ref.allocated_amount, -ref.allocated_amount)), 0)
			from `tabPayment Entry Reference` ref join `tabPayment Entry` pe on pe.name = ref.parent
			join `tabSales Invoice` cn on cn.name = ref.reference_name
			where pe.docstatus = 1 and ref.reference_doctype = 'Sales Invoice' and cn.return_against = %s
				and cn.is_return = 1 and cn.docstatus = 1 and (%s = '' or cn.name = %s)"""
			+ locking(lock),
			(invoice, credit_note or "", credit_note or ""),
		)[0][0]
	)


def set_outstanding_amount(doc) -> None:
	doc.outstanding_amount = (
		outstanding_of(doc)
		if not doc.is_new()
		else round_half_up(invoice_total(doc) - flt(doc.total_advance))
	)
	if doc.is_return:
		doc.outstanding_amount = 0
	follow_instalments(doc)


def update_invoice_outstanding(invoice: str | Document) -> None:
	"""The invoice's outstanding amount, instalments and status from the payments, returns and credit
	that settle it; an invoice in hand (at its own submit) is not read again."""
	doc = frappe.get_doc("Sales Invoice", invoice) if isinstance(invoice, str) else invoice
	if doc.docstatus != 1:
		return
	if doc.is_return and doc.return_against:
		update_invoice_outstanding(doc.return_against)  # where a credit note's credit sits
	write_changed_columns(
		doc, {"outstanding_amount": doc.outstanding_amount}, {"outstanding_amount": outstanding_of(doc)}
	)
	update_instalments(doc)
	doc.set_status(update=True)
	doc.notify_update()


def order_advance_paid(order: str, lock: bool = False) -> float:
	return allocated_to("Sales Order", order, lock)


def update_order_advances(doc) -> None:
	for order in order_names(doc) if doc.doctype == "Sales Invoice" else []:
		frappe.db.set_value(
			"Sales Order", order, "advance_paid", order_advance_paid(order), update_modified=False
		)


def payment_dependents(doc) -> list[tuple[str, str]]:
	"""Submitted documents that settle or deduct `doc`: cancelling it would leave them dangling."""
	found = [
		("Payment Entry", name)
		for name in frappe.db.sql(
			"""select distinct pe.name from `tabPayment Entry Reference` ref join `tabPayment Entry` pe on pe.name = ref.parent
			where pe.docstatus = 1 and ref.reference_doctype = %s and ref.reference_name = %s""",
			(doc.doctype, doc.name),
			pluck=True,
		)
	]
	if doc.doctype == "Sales Invoice":
		found += [
			("Sales Invoice", name)
			for name in frappe.get_all(
				"Sales Invoice", filters={"return_against": doc.name, "docstatus": 1}, pluck="name"
			)
		]
		found += [
			("Sales Invoice", name)
			for name in frappe.db.sql(
				"""select distinct si.name from `tabSales Invoice Advance` adv join `tabSales Invoice` si on si.name = adv.parent
				where adv.reference_type = 'Sales Invoice' and adv.reference_name = %s and si.docstatus = 1""",
				doc.name,
				pluck=True,
			)
		]
	return found


# --- how a payment is spread over the documents it settles ------------------------------------


def allocation_order(doc: dict) -> tuple:
	"""Invoices before orders, each oldest due first (a document without a due date comes last)."""
	due_date = doc.get("due_date")
	return (doc.get("reference_doctype") != "Sales Invoice", getdate(due_date) if due_date else date.max)


def allocate(open_docs: list[dict], paid_amount: float) -> list[dict]:
	"""Spread `paid_amount` over the open documents, oldest due invoice first, then the orders.

	Each row gets at most its outstanding amount, to the cent; what is left stays unallocated (the
	rows that get nothing are kept, with 0, for the user to change)."""
	remaining = round_half_up(max(flt(paid_amount), 0))
	rows = []
	for doc in sorted(open_docs, key=allocation_order):
		allocated = round_half_up(max(min(flt(doc["outstanding_amount"]), remaining), 0))
		rows.append({**doc, "allocated_amount": allocated})
		remaining = round_half_up(remaining - allocated)
	return rows


def settle_allocations(rows: list, paid_amount: float) -> list:
	"""The references a payment of `paid_amount` keeps, each row's outstanding amount known, as
	ERPNext's form spreads a paid amount (allocate_party_amount_against_ref_docs) and whatever
	path the payment came by (the form, REST, a mapped draft whose amount was changed).

	Rows without an allocation share what the others leave, oldest due first. Rows asking for
	more than was paid are spread the same way when the intent is plain: one row, or each row
	asking for its whole outstanding amount (as a payment made from a document starts). Rows left
	with nothing settle nothing and are dropped; other over-allocations are the user's to resolve."""
	paid = round_half_up(max(flt(paid_amount), 0))
	asked = round_half_up(sum(flt(row.allocated_amount) for row in rows))
	if asked > paid + 0.005 and (len(rows) == 1 or all(asks_all_or_nothing(row) for row in rows)):
		for row in rows:
			row.allocated_amount = 0
	remaining = round_half_up(paid - sum(flt(row.allocated_amount) for row in rows))
	for row in sorted((row for row in rows if not flt(row.allocated_amount)), key=allocation_order):
		row.allocated_amount = round_half_up(max(min(flt(row.outstanding_amount), remaining), 0))
		remaining = round_half_up(remaining - row.allocated_amount)
	return [row for row in rows if flt(row.allocated_amount)]


def asks_all_or_nothing(row) -> bool:
	"""The row leaves its allocation to the paid amount, or asks for the whole outstanding amount."""
	allocated = flt(row.allocated_amount)
	return not allocated or abs(allocated - flt(row.outstanding_amount)) < 0.005


def refuse_over_allocation(rows: list, paid_amount: float, format_amount) -> None:
	"""Name the row whose allocation takes the total past the paid amount (ERPNext refuses a total
	allocated above the paid amount too)."""
	allocated = 0.0
	for row in rows:
		allocated = round_half_up(allocated + flt(row.allocated_amount))
		if allocated > flt(paid_amount) + 0.005:
			frappe.throw(
				_(
					"References row {0}: allocating {1} to {2} brings the total allocated to {3}, more"
					" than the {4} paid. Lower the allocated amounts or raise the paid amount."
				).format(
					row.idx,
					format_amount(row.allocated_amount),
					row.reference_name,
					format_amount(allocated),
					format_amount(paid_amount),
				),
				title=_("Over-Allocation"),
			)
