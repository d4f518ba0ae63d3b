"""The late instalments of the customers, and the dunning level each of them has reached.

An instalment is a row of an invoice's Payment Schedule, followed oldest due first
(controllers/instalments.py); an invoice without a schedule is one instalment, due on its due date.
Its level is the highest of the submitted dunnings that claimed it: the next dunning claims the next.
"""

import datetime

import frappe
from frappe.utils import date_diff, flt, getdate

from sales_flow.controllers.instalments import instalments_of

INVOICE_FIELDS = (
	"name",
	"customer",
	"customer_name",
	"company",
	"currency",
	"due_date",
	"outstanding_amount",
)


def late_instalments(invoice: dict, on_date: datetime.date) -> list[dict]:
	"""The instalments of a submitted invoice past due on `on_date` and not fully paid, as rows of
	a Dunning's Overdue Payment table."""
	if flt(invoice["outstanding_amount"]) <= 0:
		return []
	rows = instalments_of(invoice["name"], invoice["outstanding_amount"])
	if not rows:
		rows = [
			frappe._dict(
				name=None,
				due_date=invoice["due_date"],
				payment_amount=invoice["outstanding_amount"],
				outstanding=invoice["outstanding_amount"],
				invoice_portion=100,
				description=None,
			)
		]
	return [
		{
			"sales_invoice": invoice["name"],
			"payment_schedule": row.name,
			"description": row.get("description"),
			"due_date": getdate(row.due_date),
			"invoice_portion": flt(row.get("invoice_portion")),
			"payment_amount": flt(row.payment_amount),
			"outstanding": flt(row.outstanding),
			"overdue_days": date_diff(on_date, row.due_date),
		}
		for row in rows
		if row.due_date and getdate(row.due_date) < on_date and flt(row.outstanding) > 0.005
	]


def late_invoices(on_date: datetime.date, before: datetime.date, customer: str | None = None) -> list[dict]:
	"""The submitted invoices still owed with a due date (or an instalment due) before `before`."""
	return frappe.db.sql(
		f"""select {", ".join(f"si.{f}" for f in INVOICE_FIELDS)} from `tabSales Invoice` si
		where si.docstatus = 1 and si.is_return = 0 and si.outstanding_amount > 0
			and si.posting_date <= %(on_date)s
			and (si.due_date < %(before)s or exists (select 1 from `tabPayment Schedule` ps
				where ps.parenttype = 'Sales Invoice' and ps.parent = si.name and ps.due_date < %(before)s))
			{"and si.customer = %(customer)s" if customer else ""}
		order by si.customer, si.due_date, si.name""",
		{"on_date": on_date, "before": before, "customer": customer},
		as_dict=True,
	)


def instalment_key(row) -> tuple[str, str]:
	return (row.get("sales_invoice"), row.get("payment_schedule") or "")


def levels_reached(invoices: list[str], exclude_dunning: str | None = None) -> dict[tuple[str, str], int]:
	"""(invoice, schedule row) -> the highest level a submitted dunning claimed it at."""
	if not invoices:
		return {}
	rows = frappe.db.sql(
		"""select op.sales_invoice, coalesce(op.payment_schedule, '') as payment_schedule,
			max(op.dunning_level) as level
		from `tabOverdue Payment` op join `tabDunning` d on d.name = op.parent
		where d.docstatus = 1 and op.sales_invoice in %(invoices)s and d.name != %(exclude)s
		group by op.sales_invoice, coalesce(op.payment_schedule, '')""",
		{"invoices": invoices, "exclude": exclude_dunning or ""},
		as_dict=True,
	)
	return {(row.sales_invoice, row.payment_schedule): int(row.level) for row in rows}


def late_by_level(on_date: datetime.date, company: str, customer: str | None = None) -> list[dict]:
	"""Each late instalment on `on_date` with the level it has reached (0: never dunned) and the
	customer's "do not send dunning"; the late-invoices report reads this."""
	invoices = [
		invoice
		for invoice in late_invoices(on_date, on_date, customer)
		if invoice.company == company and frappe.has_permission("Sales Invoice", "read", invoice.name)
	]
	reached = levels_reached([invoice.name for invoice in invoices])
	excluded = set(frappe.get_all("Customer", filters={"exclude_from_dunning": 1}, pluck="name"))
	rows = []
	for invoice in invoices:
		for row in late_instalments(invoice, on_date):
			row.update(
				customer=invoice.customer,
				customer_name=invoice.customer_name,
				dunning_level=reached.get(instalment_key(row), 0),
				exclude_from_dunning=int(invoice.customer in excluded),
			)
			rows.append(row)
	return sorted(rows, key=lambda row: (-row["dunning_level"], -row["overdue_days"], row["sales_invoice"]))
