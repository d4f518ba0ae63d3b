"""A subscription's status follows its dates, its invoices and their payments (never typed by hand).

Cancelled from the cancelation date on; Completed after the end date; Trialing up to the trial's end;
then, from the oldest invoice still owed: Past Due Date once its due date has passed, Unpaid once the
grace period (Subscription Settings) has passed too; Active otherwise.
"""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from sales_flow.subscriptions.clock import today as clock_today
from sales_flow.subscriptions.settings import settings

FINAL = ("Cancelled", "Completed")


def oldest_unpaid_due_dates(names: list[str]) -> dict[str, date]:
	"""Per subscription, the due date of its oldest submitted invoice with something still owed."""
	if not names:
		return {}
	rows = frappe.db.sql(
		"""select subscription, min(due_date) from `tabSales Invoice`
		where subscription in %(names)s and docstatus = 1 and is_return = 0 and outstanding_amount > 0.005
		group by subscription""",
		{"names": list(names)},
	)
	return {name: getdate(due) for name, due in rows if due}


def status_for(sub, today: date, oldest_due: date | None, grace_period: int) -> str:
	if sub.cancelation_date and today >= getdate(sub.cancelation_date):
		return "Cancelled"
	if sub.end_date and today > getdate(sub.end_date):
		return "Completed"
	if sub.trial_period_end and today <= getdate(sub.trial_period_end):
		return "Trialing"
	if oldest_due and today > oldest_due + timedelta(days=grace_period):
		return "Unpaid"
	if oldest_due and today > oldest_due:
		return "Past Due Date"
	return "Active"


def latest_invoiced_period(name: str) -> tuple[date | None, date | None]:
	row = frappe.db.sql(
		"""select from_date, to_date from `tabSales Invoice`
		where subscription = %s and subscription_period_key is not null
		order by from_date desc limit 1""",
		name,
	)
	return (getdate(row[0][0]), getdate(row[0][1])) if row else (None, None)


def refresh_status(name: str, today: date | None = None, options=None, sub=None) -> str:
	"""Store the subscription's status and its latest invoiced period; cancel it when it stayed
	unpaid past the grace period and the settings say so. `sub`: its row as the caller read it
	under its lock (the dates the status follows), else read here."""

	today = today or clock_today()
	options = options or settings()
	sub = sub or frappe.db.get_value(
		"Subscription",
		name,
		["name", "status", "cancelation_date", "end_date", "trial_period_end"],
		as_dict=True,
	)
	status = status_for(sub, today, oldest_unpaid_due_dates([name]).get(name), options.grace_period)
	values = {"status": status}
	if status == "Unpaid" and options.cancel_after_grace:
		values.update(status="Cancelled", cancelation_date=today, end_date=today)
	values["current_invoice_start"], values["current_invoice_end"] = latest_invoiced_period(name)
	frappe.db.set_value("Subscription", name, values, update_modified=False)
	return values["status"]


def refresh_for_invoices(invoices: list[str]) -> None:
	"""After a payment or a credit note: the subscriptions of these invoices."""
	names = frappe.get_all(
		"Sales Invoice",
		filters={"name": ("in", invoices), "subscription": ("is", "set")},
		pluck="subscription",
		distinct=True,
	)
	for name in names:
		refresh_status(name)


def on_payment_change(doc, method: str | None = None) -> None:
	"""doc_events hook of Payment Entry (submit, cancel)."""
	invoices = [
		row.reference_name for row in doc.get("references") or [] if row.reference_doctype == "Sales Invoice"
	]
	if invoices:
		refresh_for_invoices(invoices)


def on_invoice_change(doc, method: str | None = None) -> None:
	"""doc_events hook of Sales Invoice (submit, cancel): a subscription invoice or its credit note."""
	if doc.flags.from_subscription_billing:
		return  # the run refreshes the status once, after all of the subscription's invoices
	invoices = [doc.name] + ([doc.return_against] if doc.get("return_against") else [])
	refresh_for_invoices(invoices)


def refresh_open_subscriptions(today: date | None = None) -> None:
	"""Daily: statuses that change with the date alone (a trial ends, an invoice falls due)."""
	for name in frappe.get_all("Subscription", filters={"status": ("not in", FINAL)}, pluck="name"):
		refresh_status(name, today)
	frappe.db.commit()
