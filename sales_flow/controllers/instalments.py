"""Instalments followed: what was paid of each row of an invoice's Payment Schedule, and what is left.

Whatever settled part of an invoice (payments, credit notes, a credit note offset, a reconciliation:
everything that lowered its outstanding amount) pays its instalments oldest due first. So the
instalments are derived from the invoice's outstanding amount, never kept as a second balance that
could drift from it; and a first instalment left unpaid makes the invoice Overdue as soon as it
falls due, not after the last one.
"""

import datetime

import frappe
from frappe.utils import flt, getdate, nowdate

from sales_flow.totals.calculation import round_half_up

# the Payment Schedule columns an instalment is followed with (ERPNext's names)
FOLLOWED = ("paid_amount", "outstanding")


def allocate_to_instalments(rows: list, settled: float) -> list:
	"""Spread `settled` over the schedule `rows` (child rows or dicts), oldest due first.

	Each row gets `paid_amount` (at most its `payment_amount`) and `outstanding`, to the cent; the
	rows are returned in the order they were paid."""
	remaining = round_half_up(max(flt(settled), 0))
	ordered = sorted(rows, key=lambda row: (getdate(row.get("due_date")), row.get("idx") or 0))
	for row in ordered:
		amount = round_half_up(flt(row.get("payment_amount")))
		paid = round_half_up(max(min(amount, remaining), 0))
		remaining = round_half_up(remaining - paid)
		row.update({"paid_amount": paid, "outstanding": round_half_up(amount - paid)})
	return ordered


def settled_amount(rows: list, outstanding_amount: float) -> float:
	"""What was settled of the scheduled total: the schedule sums to what was due at submit."""
	scheduled = sum(flt(row.get("payment_amount")) for row in rows)
	return round_half_up(max(scheduled - max(flt(outstanding_amount), 0), 0))


def follow_instalments(doc) -> None:
	"""Set paid_amount and outstanding on the rows of the invoice in hand, from its outstanding amount."""
	rows = doc.get("payment_schedule") or []
	allocate_to_instalments(rows, settled_amount(rows, doc.outstanding_amount))


def update_instalments(doc) -> None:
	"""follow_instalments, and the rows that changed written (the invoice is submitted)."""
	before = {row.name: tuple(flt(row.get(f)) for f in FOLLOWED) for row in doc.get("payment_schedule") or []}
	follow_instalments(doc)
	for row in doc.get("payment_schedule") or []:
		if before.get(row.name) != tuple(flt(row.get(f)) for f in FOLLOWED):
			row.db_set({f: row.get(f) for f in FOLLOWED}, update_modified=False)


def instalments_of(invoice: str, outstanding_amount: float | None = None) -> list[dict]:
	"""An invoice's instalments from the database, followed, oldest due first: for reports, dunning
	and the daily job. `outstanding_amount` may be the invoice's on another date than today."""
	if outstanding_amount is None:
		outstanding_amount = frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount")
	return followed(schedules_of([invoice]).get(invoice, []), outstanding_amount)


# the schedule columns an instalment is followed from, in the order a schedule is read
SCHEDULE_COLUMNS = "parent, name, idx, due_date, payment_amount, invoice_portion, description"
SCHEDULE_ORDER = "order by parent, due_date, idx"


def schedules_of(invoices: list[str]) -> dict[str, list[dict]]:
	"""The schedule rows of some invoices in one query, by invoice."""
	if not invoices:
		return {}
	rows = frappe.db.sql(
		f"""select {SCHEDULE_COLUMNS} from `tabPayment Schedule`
		where parenttype = 'Sales Invoice' and parent in %(invoices)s {SCHEDULE_ORDER}""",
		{"invoices": tuple(invoices)},
		as_dict=True,
	)
	return by_invoice(rows)


def schedules_of_selected(invoice_selects: list[str], values: dict) -> dict[str, list[dict]]:
	"""The schedule rows of the invoices that SQL selects of their names pick, by invoice.

	A report's tens of thousands of invoices, without a list of their names sent back to the
	database (80,000 names: 1.5 s to parse and look up; Frappe's query builder 2.4 s more to write
	it); the selects must not overlap (their rows are added up)."""
	parts = [
		f"""select {SCHEDULE_COLUMNS} from `tabPayment Schedule`
		where parenttype = 'Sales Invoice' and parent in ({select})"""
		for select in invoice_selects
	]
	return by_invoice(frappe.db.sql(f"{' union all '.join(parts)} {SCHEDULE_ORDER}", values, as_dict=True))


def by_invoice(rows: list[dict]) -> dict[str, list[dict]]:
	grouped: dict[str, list[dict]] = {}
	for row in rows:
		grouped.setdefault(row.parent, []).append(row)
	return grouped


def followed(rows: list[dict], outstanding_amount: float) -> list[dict]:
	"""Schedule rows read from the database, followed for an invoice owing `outstanding_amount`."""
	return allocate_to_instalments(rows, settled_amount(rows, outstanding_amount))


def overdue_instalments(rows: list, on_date: str | datetime.date | None = None) -> list:
	"""The followed rows past due on `on_date` (today by default) and not fully paid."""
	on_date = getdate(on_date or nowdate())
	return [
		row for row in rows if getdate(row.get("due_date")) < on_date and flt(row.get("outstanding")) > 0.005
	]


def is_overdue(doc, on_date: str | datetime.date | None = None) -> bool:
	"""An instalment past due and unpaid; without a schedule, the invoice's own due date.

	`doc` is the invoice in hand, or its header read from the database (the daily job)."""
	if flt(doc.get("outstanding_amount")) <= 0:
		return False
	if isinstance(doc.get("payment_schedule"), list):
		follow_instalments(doc)
		rows = doc.payment_schedule
	else:
		rows = instalments_of(doc.name, doc.get("outstanding_amount")) if doc.get("name") else []
	if rows:
		return bool(overdue_instalments(rows, on_date))
	return bool(doc.get("due_date")) and getdate(doc.due_date) < getdate(on_date or nowdate())
