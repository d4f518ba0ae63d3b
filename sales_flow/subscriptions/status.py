"""A subscription's status follows its dates, its invoices and their payments (never typed by hand).

Cancelled from the cancelation date on; Completed after the end date; Trialing up to the trial's end;
then, from the oldest invoice still owed: Past Due Date once its due date has passed, Unpaid once the
grace period (Subscription Settings) has passed too; Active otherwise.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import frappe
from frappe.utils import flt, getdate

from sales_flow.subscriptions.clock import today as clock_today
from sales_flow.subscriptions.settings import settings

FINAL = ("Cancelled", "Completed")


@dataclass
class Standing:
	"""What the status follows of the subscription's invoices: the due date of its oldest submitted
	invoice with something still owed, and its latest invoiced period (from, to)."""

	oldest_unpaid_due: date | None = None
	latest_period: tuple[date | None, date | None] = (None, None)

	def add(self, invoice) -> None:
		"""An invoice just made, taken into account without reading the invoices again."""
		owed = flt(invoice.outstanding_amount) > 0.005 and invoice.docstatus == 1 and not invoice.is_return
		if owed and invoice.due_date:
			due = getdate(invoice.due_date)
			self.oldest_unpaid_due = min(due, self.oldest_unpaid_due or due)
		if invoice.get("subscription_period_key") and invoice.from_date:
			start = getdate(invoice.from_date)
			if not self.latest_period[0] or start > self.latest_period[0]:
				self.latest_period = (start, getdate(invoice.to_date))


# of the subscription %(name)s: the due date of its oldest invoice still owed, its latest invoiced period
STANDING_SQL = """select owed.oldest, latest.from_date, latest.to_date
	from (
		select min(due_date) as oldest from `tabSales Invoice`
		where subscription = %(name)s and docstatus = 1 and is_return = 0 and outstanding_amount > 0.005
	) owed
	left join (
		select from_date, to_date from `tabSales Invoice`
		where subscription = %(name)s and subscription_period_key is not null
		order by from_date desc limit 1
	) latest on true"""


def standing_from(row: tuple | list) -> Standing:
	"""A row of STANDING_SQL (oldest due date owed, latest period's start, its end)."""
	oldest, start, end = row
	return Standing(
		getdate(oldest) if oldest else None, (getdate(start), getdate(end)) if start else (None, None)
	)


def read_standing(name: str) -> Standing:
	return standing_from(frappe.db.sql(STANDING_SQL, {"name": name})[0])


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


def refresh_status(
	name: str, today: date | None = None, options=None, sub=None, standing: Standing | None = None
) -> str:
	"""Store the subscription's status and its latest invoiced period; cancel it when it stayed
	unpaid past the grace period and the settings say so. `sub`: its row as the caller read it
	under its lock (the dates the status follows), else read here; `standing`: its invoices as the
	caller knows them (the run read them before its invoices were numbered), else read here."""

	today = today or clock_today()
	options = options or settings()
	sub = sub or frappe.db.get_value(
		"Subscription",
		name,
		["name", "status", "cancelation_date", "end_date", "trial_period_end"],
		as_dict=True,
	)
	if standing is None:
		standing = read_standing(name)
	status = status_for(sub, today, standing.oldest_unpaid_due, options.grace_period)
	values = {"status": status}
	if status == "Unpaid" and options.cancel_after_grace:
		values.update(status="Cancelled", cancelation_date=today, end_date=today)
	values["current_invoice_start"], values["current_invoice_end"] = standing.latest_period
	store(name, values)
	return values["status"]


def store(name: str, values: dict) -> None:
	"""One update of the subscription's row, its modified date kept (a status is not an edit). No
	document cache to clear: nothing reads a Subscription through Frappe's cached documents."""
	assignments = ", ".join(f"`{column}` = %({column})s" for column in values)
	frappe.db.sql(
		f"update `tabSubscription` set {assignments} where name = %(name)s", {**values, "name": name}
	)


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
