"""Plan changes and cancelations in the middle of a period, with their prorated invoices.

Policy (the same for an upgrade and a downgrade, so that a sales rep can predict it):
- A change takes effect on a date: the old plan rows end the day before, new rows start that day
  (Subscription Plan Detail from_date / to_date); each period is billed by the days each row was
  active in it (proration.py).
- A period billed at its end needs nothing more: its invoice, made when it ends, has each side's share.
- A period billed in advance was invoiced with the old plans: the difference for the days left is
  settled at once, an extra invoice for what was added (upgrade) and a credit note against the period's
  invoice for what was taken away (downgrade). Both are prorated to the cent.
- Without proration (Subscription Settings), a change takes effect at the next period: nothing is settled.
- Cancelling at the period's end stops the subscription after the period already billed; cancelling
  immediately ends it today and credits the days left of a period billed in advance (prorated), or bills
  the days used of a period billed at its end.
"""

from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import flt, getdate

from sales_flow.subscriptions import billing
from sales_flow.subscriptions.clock import today as clock_today
from sales_flow.subscriptions.periods import Period
from sales_flow.subscriptions.proration import prorated_rate
from sales_flow.subscriptions.settings import settings


def current_period(sub, day: date) -> Period | None:
	rows = [r for r in sub.plans if not r.to_date]
	plans = billing.load_plans(sorted({r.plan for r in sub.plans}))
	return billing.schedule_of(sub, rows or sub.plans, plans).period_containing(day)


def period_invoice(sub_name: str, period: Period) -> str | None:
	return frappe.db.get_value(
		"Sales Invoice",
		{"subscription_period_key": billing.period_key(sub_name, period.start)},
		"name",
	)


def check_not_cancelled(sub) -> None:
	if sub.cancelation_date:
		frappe.throw(
			_("Subscription {0} is already cancelled (on {1}).").format(
				sub.name, frappe.format(sub.cancelation_date, {"fieldtype": "Date"})
			)
		)


def settle_lines(qty_change: dict[str, float], period: Period, first_day: date) -> tuple[list, list]:
	"""Lines for the days from `first_day` to the period's end, per plan by how much its quantity
	changed: (added, for an extra invoice; taken away, for a credit note with negative quantities)."""
	plans = billing.load_plans(sorted(qty_change))
	days = (period.end - first_day).days + 1
	added, removed = [], []
	for plan_name, change in sorted(qty_change.items()):
		plan = plans[plan_name]
		rate = prorated_rate(plan.cost, days, period.full_days)
		if not change or not rate or days <= 0:
			continue
		line = {"item_code": plan.item, "qty": change, "price_list_rate": rate, "rate": rate}
		(added if change > 0 else removed).append(line)
	return added, removed


def qty_change(ending: list, starting: list[dict]) -> dict[str, float]:
	change: dict[str, float] = {}
	for row in ending:
		change[row.plan] = change.get(row.plan, 0) - flt(row.qty)
	for row in starting:
		change[row["plan"]] = change.get(row["plan"], 0) + flt(row["qty"])
	return change


def issue_adjustment(sub, lines: list[dict], period: Period, first_day: date, today: date) -> str | None:
	"""An extra invoice for the days added, once per subscription and change date."""
	if not lines:
		return None
	key = f"{sub.name}/change/{first_day.isoformat()}"
	invoice = billing.new_invoice(
		billing_options(sub), lines, Period(first_day, period.end, period.full_start, period.full_end), today
	)
	invoice.subscription_period_key = key
	invoice.insert(ignore_permissions=True)
	billing.log_invoice(sub.name, invoice, "Adjustment")
	return invoice.name


def issue_credit_note(sub, lines: list[dict], period: Period, first_day: date, today: date) -> str | None:
	"""A credit note against the period's invoice for the days taken away."""
	against = period_invoice(sub.name, period)
	if not lines or not against:
		return None
	if frappe.db.get_value("Sales Invoice", against, "docstatus") != 1:
		frappe.throw(
			_("Invoice {0} of this period is still a draft: submit or correct it before this change.").format(
				against
			)
		)
	credit = billing.new_invoice(
		billing_options(sub),
		lines,
		Period(first_day, period.end, period.full_start, period.full_end),
		today,
		is_return=1,
		return_against=against,
		naming_series="ACC-SINV-RET-.YYYY.-",
	)
	credit.docstatus = 1  # a credit note is always submitted: it settles an invoice already sent
	credit.due_date = today
	credit.insert(ignore_permissions=True)
	billing.log_invoice(sub.name, credit, "Credit Note")
	return credit.name


def billing_options(sub) -> frappe._dict:
	return frappe._dict({f: sub.get(f) for f in billing.SUBSCRIPTION_FIELDS})


def validate_new_plans(plans: list[dict]) -> list[dict]:
	if not plans:
		frappe.throw(_("A subscription needs at least one plan."))
	for idx, row in enumerate(plans, 1):
		if not row.get("plan") or not frappe.db.exists("Subscription Plan", row.get("plan")):
			frappe.throw(_("Row {0}: choose an existing subscription plan.").format(idx))
		if flt(row.get("qty")) < 1:
			frappe.throw(_("Row {0}: the quantity must be at least 1.").format(idx))
	return [{"plan": r["plan"], "qty": flt(r["qty"])} for r in plans]


def change_plans(name: str, plans: list[dict], effective_date: date | str | None = None) -> dict:
	"""Replace the subscription's plans from `effective_date` (today by default); settle the rest
	of a period billed in advance. Returns the documents made."""
	today = clock_today()
	plans = validate_new_plans(plans)
	sub = frappe.get_doc("Subscription", name)
	sub.check_permission("write")
	check_not_cancelled(sub)
	options = settings()
	effective = getdate(effective_date) if effective_date else today
	period = current_period(sub, effective)
	if period and not options.prorate:
		effective = period.end + timedelta(days=1)  # no proration: the change waits for the next period
	active = [r for r in sub.plans if not r.to_date or getdate(r.to_date) >= effective]
	wanted = {(p["plan"], p["qty"]) for p in plans}
	ending = [r for r in active if (r.plan, flt(r.qty)) not in wanted]
	kept = {(r.plan, flt(r.qty)) for r in active if r not in ending}
	starting = [p for p in plans if (p["plan"], p["qty"]) not in kept]
	if not ending and not starting:
		frappe.throw(_("These are already the plans of subscription {0}.").format(name))
	for row in ending:
		if row.from_date and getdate(row.from_date) >= effective:
			sub.remove(row)  # added for a later date and replaced before it came: it never ran
		else:
			row.to_date = effective - timedelta(days=1)
	for p in starting:
		sub.append("plans", {**p, "from_date": effective})
	sub.save()
	made = {"invoice": None, "credit_note": None}
	billed_ahead = sub.generate_invoice_at == billing.AT_BEGINNING
	if period and options.prorate and billed_ahead and period_invoice(name, period):
		added, removed = settle_lines(qty_change(ending, starting), period, effective)
		made["invoice"] = issue_adjustment(sub, added, period, effective, today)
		made["credit_note"] = issue_credit_note(sub, removed, period, effective, today)
	return made


def cancel_subscription(name: str, at_period_end: bool = False) -> dict:
	"""End the subscription: after the current period, or today with the days left credited."""
	today = clock_today()
	sub = frappe.get_doc("Subscription", name)
	sub.check_permission("write")
	check_not_cancelled(sub)
	period = current_period(sub, today)
	made = {"credit_note": None}
	if at_period_end and period:
		last_day = period.end
	else:
		last_day = today
		billed_ahead = sub.generate_invoice_at == billing.AT_BEGINNING
		if period and billed_ahead and settings().prorate and period.end > today:
			active = [r for r in sub.plans if not r.to_date or getdate(r.to_date) > today]
			_added, removed = settle_lines(qty_change(active, []), period, today + timedelta(days=1))
			made["credit_note"] = issue_credit_note(sub, removed, period, today + timedelta(days=1), today)
	sub.db_set(
		{
			"cancelation_date": last_day,
			"end_date": min(last_day, getdate(sub.end_date)) if sub.end_date else last_day,
		}
	)
	# a period billed at its end, cut short today, is billed now
	billing.process_batch([name], today, commit_each=False)
	return made
