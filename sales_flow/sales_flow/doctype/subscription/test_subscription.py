"""Subscriptions on the real site, with a controlled clock (frappe.flags.current_date): recurring
invoices across month ends and a leap year, statuses after each step, prorations to the cent, plan
changes, cancelations, orders with recurring lines, and bad input refused with nothing written."""

from datetime import date

import frappe
import pytest
from frappe.utils import add_days, flt, getdate

from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.subscriptions import billing
from sales_flow.subscriptions.changes import cancel_subscription, change_plans
from sales_flow.subscriptions.status import refresh_status
from tests.sales_setup import sales_setup, transaction
from tests.support import assert_rejected


@pytest.fixture
def s():
	setup = sales_setup()
	set_settings(prorate=1, grace_period=0, cancel_after_grace=0)
	yield setup
	frappe.flags.current_date = None
	frappe.clear_document_cache("Subscription Settings", "Subscription Settings")


def set_settings(**values) -> None:
	for field, value in values.items():
		frappe.db.set_single_value("Subscription Settings", field, value)
	frappe.clear_document_cache("Subscription Settings", "Subscription Settings")


def make_plan(
	s, name: str, cost: float, interval: str = "Month", count: int = 1, item: str | None = None
) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Subscription Plan",
				"plan_name": name,
				"item": item or s.a,
				"price_determination": "Fixed Rate",
				"cost": cost,
				"billing_interval": interval,
				"billing_interval_count": count,
			}
		)
		.insert()
		.name
	)


def make_subscription(s, start: str, plans: list[tuple[str, float]], **values):
	return frappe.get_doc(
		{
			"doctype": "Subscription",
			"party_type": "Customer",
			"party": s.customer,
			"company": s.company,
			"start_date": start,
			"sales_tax_template": s.ht,
			"days_until_due": 30,
			"plans": [{"plan": plan, "qty": qty} for plan, qty in plans],
			**values,
		}
	).insert()


def run(name: str, day: str) -> billing.Summary:
	frappe.flags.current_date = day
	return billing.process_batch([name], getdate(day), commit_each=False)


def invoices(name: str, returns: int = 0) -> list:
	return frappe.get_all(
		"Sales Invoice",
		filters={"subscription": name, "is_return": returns},
		fields=[
			"name",
			"from_date",
			"to_date",
			"posting_date",
			"due_date",
			"net_total",
			"grand_total",
			"docstatus",
		],
		order_by="from_date, name",
	)


def periods_of(rows) -> list[tuple[str, str]]:
	return [(str(r.from_date), str(r.to_date)) for r in rows]


def status_of(name: str) -> str:
	return frappe.db.get_value("Subscription", name, "status")


# --- recurring invoices -------------------------------------------------------------------------


def test_monthly_invoices_across_month_ends_and_a_leap_february_exactly_once(s):
	plan = make_plan(s, "Test Sub Monthly", 100.0)
	sub = make_subscription(s, "2024-01-31", [(plan, 2)])
	summary = run(sub.name, "2024-05-01")
	assert summary.created == 4 and not summary.errors
	rows = invoices(sub.name)
	assert periods_of(rows) == [
		("2024-01-31", "2024-02-28"),
		("2024-02-29", "2024-03-30"),
		("2024-03-31", "2024-04-29"),
		("2024-04-30", "2024-05-30"),
	]
	# billed at the beginning: dated on the first day, due 30 days later, submitted, 2 x 100 + 20 % VAT
	assert [str(r.posting_date) for r in rows] == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]
	assert str(rows[1].due_date) == "2024-03-30"
	assert all(r.docstatus == 1 and flt(r.grand_total) == 240.0 for r in rows)
	# the same day again, and the next day: nothing more
	assert run(sub.name, "2024-05-01").created == 0
	assert run(sub.name, "2024-05-02").created == 0
	assert len(invoices(sub.name)) == 4
	sub.reload()
	assert (str(sub.current_invoice_start), str(sub.current_invoice_end)) == ("2024-04-30", "2024-05-30")
	assert [r.invoice for r in sub.invoices] == [r.name for r in rows]


def test_saving_a_form_opened_before_a_run_keeps_the_invoice_log(s):
	plan = make_plan(s, "Test Sub Log", 10.0)
	sub = make_subscription(s, "2024-01-01", [(plan, 1)])
	stale = frappe.get_doc("Subscription", sub.name)
	run(sub.name, "2024-03-01")
	stale.days_until_due = 15
	stale.save()
	logged = frappe.get_all("Subscription Invoice", {"parent": sub.name}, pluck="invoice", order_by="idx")
	assert logged == [r.name for r in invoices(sub.name)] and len(logged) == 3


def test_billed_at_the_end_of_each_period(s):
	plan = make_plan(s, "Test Sub End", 50.0)
	sub = make_subscription(s, "2024-01-31", [(plan, 1)], generate_invoice_at=billing.AT_END)
	assert run(sub.name, "2024-02-27").created == 0
	assert run(sub.name, "2024-03-30").created == 2
	assert [(str(r.posting_date), str(r.to_date)) for r in invoices(sub.name)] == [
		("2024-02-28", "2024-02-28"),
		("2024-03-30", "2024-03-30"),
	]


def test_a_quarterly_plan_in_a_common_year(s):
	plan = make_plan(s, "Test Sub Quarter", 300.0, "Month", 3)
	sub = make_subscription(s, "2023-11-30", [(plan, 1)])
	run(sub.name, "2024-06-01")
	assert periods_of(invoices(sub.name)) == [
		("2023-11-30", "2024-02-28"),
		("2024-02-29", "2024-05-29"),
		("2024-05-30", "2024-08-29"),
	]


def test_a_plan_priced_from_a_price_list(s):
	plan = frappe.get_doc(
		{
			"doctype": "Subscription Plan",
			"plan_name": "Test Sub Listed",
			"item": s.b,  # 55.50 in the set-up's price list
			"price_determination": "Based On Price List",
			"price_list": s.price_list,
			"billing_interval": "Week",
			"billing_interval_count": 2,
		}
	).insert()
	assert plan.currency == "EUR"
	sub = make_subscription(s, "2024-02-26", [(plan.name, 3)])
	run(sub.name, "2024-03-11")
	rows = invoices(sub.name)
	assert periods_of(rows) == [("2024-02-26", "2024-03-10"), ("2024-03-11", "2024-03-24")]
	assert [flt(r.net_total) for r in rows] == [166.5, 166.5]
	assert_rejected(
		lambda: frappe.get_doc(
			{
				"doctype": "Subscription Plan",
				"plan_name": "Test Sub No List",
				"item": s.b,
				"price_determination": "Based On Price List",
				"billing_interval": "Month",
				"billing_interval_count": 1,
			}
		).insert(),
		"Choose the price list",
	)


def test_draft_invoices_when_asked(s):
	plan = make_plan(s, "Test Sub Draft", 10.0)
	sub = make_subscription(s, "2024-01-01", [(plan, 1)], submit_invoice=0)
	run(sub.name, "2024-02-15")
	assert [r.docstatus for r in invoices(sub.name)] == [0, 0]
	assert run(sub.name, "2024-02-15").created == 0  # a draft holds its period too


def test_the_database_keeps_one_invoice_per_period(s):
	plan = make_plan(s, "Test Sub Unique", 10.0)
	sub = make_subscription(s, "2024-01-01", [(plan, 1)])
	run(sub.name, "2024-01-01")
	first = invoices(sub.name)[0]
	copy = frappe.copy_doc(frappe.get_doc("Sales Invoice", first.name))
	copy.subscription_period_key = billing.period_key(sub.name, date(2024, 1, 1))
	assert_rejected(lambda: copy.insert(), "subscription_period_key", frappe.UniqueValidationError)


def test_calendar_months_prorate_the_first_month_to_the_cent(s):
	plan = make_plan(s, "Test Sub Calendar", 29.99)
	sub = make_subscription(s, "2024-02-10", [(plan, 2)], follow_calendar_months=1)
	run(sub.name, "2024-03-01")
	first, second = invoices(sub.name)
	assert (str(first.from_date), str(first.to_date)) == ("2024-02-10", "2024-02-29")
	# 29.99 x 20 / 29 days = 20.68 a unit, x 2 = 41.36 HT; then a whole month
	assert flt(first.net_total) == 41.36
	assert flt(second.net_total) == 59.98
	item = frappe.get_all("Sales Invoice Item", {"parent": first.name}, ["rate", "qty", "amount"])[0]
	assert (flt(item.rate), flt(item.qty), flt(item.amount)) == (20.68, 2, 41.36)


def test_without_proration_a_short_first_month_costs_a_whole_month(s):
	set_settings(prorate=0)
	plan = make_plan(s, "Test Sub No Prorate", 29.99)
	sub = make_subscription(s, "2024-02-10", [(plan, 1)], follow_calendar_months=1)
	run(sub.name, "2024-02-10")
	assert flt(invoices(sub.name)[0].net_total) == 29.99


def test_trial_then_active(s):
	plan = make_plan(s, "Test Sub Trial", 10.0)
	frappe.flags.current_date = "2024-01-01"
	sub = make_subscription(
		s, "2024-01-01", [(plan, 1)], trial_period_start="2024-01-01", trial_period_end="2024-01-14"
	)
	assert sub.status == "Trialing"
	assert run(sub.name, "2024-01-10").created == 0
	assert status_of(sub.name) == "Trialing"
	assert run(sub.name, "2024-01-15").created == 1
	assert periods_of(invoices(sub.name)) == [("2024-01-15", "2024-02-14")]
	assert status_of(sub.name) == "Active"


def test_statuses_follow_due_dates_grace_period_and_payments(s):
	set_settings(grace_period=5)
	plan = make_plan(s, "Test Sub Status", 100.0)
	sub = make_subscription(s, "2024-03-01", [(plan, 1)], days_until_due=10)
	run(sub.name, "2024-03-01")
	assert status_of(sub.name) == "Active"
	run(sub.name, "2024-03-12")  # due on the 11th
	assert status_of(sub.name) == "Past Due Date"
	run(sub.name, "2024-03-17")  # grace period over
	assert status_of(sub.name) == "Unpaid"
	payment = get_payment_entry("Sales Invoice", invoices(sub.name)[0].name)
	payment.insert()
	payment.submit()
	assert status_of(sub.name) == "Active"


def test_cancelled_after_the_grace_period_when_the_settings_say_so(s):
	set_settings(grace_period=2, cancel_after_grace=1)
	plan = make_plan(s, "Test Sub Grace", 100.0)
	sub = make_subscription(s, "2024-03-01", [(plan, 1)], days_until_due=0)
	run(sub.name, "2024-03-01")
	run(sub.name, "2024-03-04")
	assert status_of(sub.name) == "Cancelled"
	assert str(frappe.db.get_value("Subscription", sub.name, "cancelation_date")) == "2024-03-04"
	assert run(sub.name, "2024-06-01").created == 0


def test_an_end_date_completes_the_subscription_with_a_prorated_last_period(s):
	plan = make_plan(s, "Test Sub Ends", 31.0)
	sub = make_subscription(s, "2024-01-01", [(plan, 1)], end_date="2024-03-10")
	run(sub.name, "2024-06-01")
	rows = invoices(sub.name)
	assert periods_of(rows)[-1] == ("2024-03-01", "2024-03-10")
	assert flt(rows[-1].net_total) == 10.0  # 31.00 x 10 / 31
	assert status_of(sub.name) == "Completed"


# --- plan changes and cancelations --------------------------------------------------------------


def test_upgrade_mid_period_billed_ahead_gives_a_prorated_extra_invoice(s):
	plan = make_plan(s, "Test Sub Up", 30.0)
	sub = make_subscription(s, "2024-04-01", [(plan, 1)])
	run(sub.name, "2024-04-01")
	frappe.flags.current_date = "2024-04-11"
	made = change_plans(sub.name, [{"plan": plan, "qty": 3}])
	adjustment = frappe.get_doc("Sales Invoice", made["invoice"])
	# 20 days of 30 left: 30.00 x 20 / 30 = 20.00 a unit, 2 more units
	assert [(flt(r.qty), flt(r.rate)) for r in adjustment.items] == [(2, 20.0)]
	assert flt(adjustment.net_total) == 40.0 and made["credit_note"] is None
	assert (str(adjustment.from_date), str(adjustment.to_date)) == ("2024-04-11", "2024-04-30")
	run(sub.name, "2024-05-01")
	assert flt(invoices(sub.name)[-1].net_total) == 90.0  # May: 3 x 30


def test_downgrade_mid_period_billed_ahead_gives_a_prorated_credit_note(s):
	plan = make_plan(s, "Test Sub Down", 29.0)
	sub = make_subscription(s, "2024-02-01", [(plan, 3)])
	run(sub.name, "2024-02-01")
	frappe.flags.current_date = "2024-02-20"
	made = change_plans(sub.name, [{"plan": plan, "qty": 1}])
	credit = frappe.get_doc("Sales Invoice", made["credit_note"])
	# 10 days of February 2024's 29 left: 29.00 x 10 / 29 = 10.00 a unit, 2 units back, + VAT
	assert credit.is_return and credit.return_against == invoices(sub.name)[0].name
	assert [(flt(r.qty), flt(r.rate)) for r in credit.items] == [(-2, 10.0)]
	assert flt(credit.grand_total) == -24.0
	assert (
		flt(frappe.db.get_value("Sales Invoice", credit.return_against, "outstanding_amount")) == 104.4 - 24.0
	)
	assert made["invoice"] is None


def test_plan_change_billed_at_the_end_splits_the_period_by_days(s):
	small, big = make_plan(s, "Test Sub Small", 30.0), make_plan(s, "Test Sub Big", 60.0)
	sub = make_subscription(s, "2024-04-01", [(small, 1)], generate_invoice_at=billing.AT_END)
	frappe.flags.current_date = "2024-04-11"
	assert change_plans(sub.name, [{"plan": big, "qty": 1}]) == {"invoice": None, "credit_note": None}
	run(sub.name, "2024-04-30")
	invoice = frappe.get_doc("Sales Invoice", invoices(sub.name)[0].name)
	# 10 days of the small plan (10.00) and 20 days of the big one (40.00)
	assert sorted((r.item_code, flt(r.rate)) for r in invoice.items) == [(s.a, 10.0), (s.a, 40.0)]
	assert flt(invoice.net_total) == 50.0


def test_cancel_immediately_credits_the_days_left_and_a_second_cancel_is_refused(s):
	plan = make_plan(s, "Test Sub Cancel", 31.0)
	sub = make_subscription(s, "2024-03-01", [(plan, 1)])
	run(sub.name, "2024-03-01")
	frappe.flags.current_date = "2024-03-21"
	made = cancel_subscription(sub.name)
	credit = frappe.get_doc("Sales Invoice", made["credit_note"])
	assert flt(credit.net_total) == -10.0  # 22 March to 31 March: 10 days of 31
	assert status_of(sub.name) == "Cancelled"
	count = frappe.db.count("Sales Invoice", {"subscription": sub.name})
	assert_rejected(lambda: cancel_subscription(sub.name), "already cancelled")
	assert frappe.db.count("Sales Invoice", {"subscription": sub.name}) == count
	assert run(sub.name, "2024-06-01").created == 0


def test_cancel_at_period_end_keeps_the_period_then_stops(s):
	plan = make_plan(s, "Test Sub Period End", 31.0)
	sub = make_subscription(s, "2024-03-01", [(plan, 1)])
	run(sub.name, "2024-03-01")
	frappe.flags.current_date = "2024-03-21"
	assert cancel_subscription(sub.name, at_period_end=True) == {"credit_note": None}
	assert str(frappe.db.get_value("Subscription", sub.name, "end_date")) == "2024-03-31"
	assert run(sub.name, "2024-03-25").created == 0 and status_of(sub.name) == "Active"
	assert run(sub.name, "2024-05-01").created == 0 and status_of(sub.name) == "Cancelled"


def test_cancel_immediately_billed_at_the_end_bills_the_days_used(s):
	plan = make_plan(s, "Test Sub Used", 31.0)
	sub = make_subscription(s, "2024-03-01", [(plan, 1)], generate_invoice_at=billing.AT_END)
	frappe.flags.current_date = "2024-03-10"
	cancel_subscription(sub.name)
	assert [(periods_of([r])[0], flt(r.net_total)) for r in invoices(sub.name)] == [
		(("2024-03-01", "2024-03-10"), 10.0)
	]


# --- bad input: a clear message and nothing written ----------------------------------------------


def count_all() -> tuple[int, int, int]:
	return (
		frappe.db.count("Subscription"),
		frappe.db.count("Subscription Plan"),
		frappe.db.count("Sales Invoice"),
	)


def test_bad_input_is_refused_and_writes_nothing(s):
	plan = make_plan(s, "Test Sub Bad", 10.0)
	before = count_all()
	assert_rejected(
		lambda: make_subscription(s, "2024-03-01", [(plan, 1)], end_date="2024-02-01"),
		"end date cannot be before the start date",
	)
	assert_rejected(lambda: make_subscription(s, "2024-03-01", [(plan, 0)]), "quantity must be at least 1")
	assert_rejected(lambda: make_subscription(s, "2024-03-01", [(plan, 0.5)]), "quantity must be at least 1")
	assert_rejected(
		lambda: make_plan(s, "Test Sub Zero", 10.0, "Month", 0), "interval count must be at least 1"
	)
	assert_rejected(lambda: make_subscription(s, "2024-03-01", []), "at least one plan")
	yearly = make_plan(s, "Test Sub Yearly", 10.0, "Year")
	assert_rejected(
		lambda: make_subscription(s, "2024-03-01", [(plan, 1), (yearly, 1)]), "same billing interval"
	)
	assert count_all() == (before[0], before[1] + 1, before[2])
	sub = make_subscription(s, "2024-03-01", [(plan, 1)])
	assert_rejected(lambda: change_plans(sub.name, [{"plan": plan, "qty": 0}]), "quantity must be at least 1")
	assert len(frappe.get_doc("Subscription", sub.name).plans) == 1


# --- sales orders with recurring lines -----------------------------------------------------------


def test_a_recurring_order_line_starts_a_subscription_and_cancelling_the_order_stops_it(s):
	plan = make_plan(s, "Test Sub Order", 45.0)
	order = transaction("Sales Order", s, [(s.a, 2, {"subscription_plan": plan}), (s.b, 1)])
	order.insert()
	order.submit()
	name = frappe.db.get_value("Subscription", {"sales_order": order.name})
	sub = frappe.get_doc("Subscription", name)
	assert (sub.party, str(sub.start_date)) == (s.customer, str(order.transaction_date))
	assert [(r.plan, flt(r.qty)) for r in sub.plans] == [(plan, 2)]
	order.cancel()
	assert status_of(name) == "Cancelled"


def test_the_order_never_bills_its_recurring_line_itself(s):
	"""The subscription bills the recurring line period after period: the order's invoice takes the
	other lines only, and once they are billed the order counts as fully billed."""
	from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice

	plan = make_plan(s, "Test Sub Order Once", 45.0)
	order = transaction("Sales Order", s, [(s.a, 2, {"subscription_plan": plan}), (s.b, 3)])
	order.insert()
	order.submit()
	invoice = make_sales_invoice(order.name)
	assert [(r.item_code, flt(r.qty)) for r in invoice.items] == [(s.b, 3)]
	invoice.insert()
	invoice.submit()
	assert frappe.db.get_value("Sales Order", order.name, "per_billed") == 100
	assert_rejected(lambda: make_sales_invoice(order.name), "Nothing remains to be billed")


def test_an_order_whose_subscription_has_invoiced_cannot_be_cancelled(s):
	plan = make_plan(s, "Test Sub Order Billed", 45.0)
	order = transaction("Sales Order", s, [(s.a, 1, {"subscription_plan": plan})])
	order.insert()
	order.submit()
	name = frappe.db.get_value("Subscription", {"sales_order": order.name})
	run(name, str(add_days(order.transaction_date, 1)))
	assert_rejected(lambda: order.cancel(), "already has invoices")
	assert frappe.db.get_value("Sales Order", order.name, "docstatus") == 1


# --- the desk's bulk run ------------------------------------------------------------------------


def test_the_bulk_run_reports_progress_and_a_summary(s, monkeypatch):
	from sales_flow.subscriptions import jobs

	plan = make_plan(s, "Test Sub Bulk", 10.0)
	names = [make_subscription(s, "2024-01-15", [(plan, 1)]).name for _ in range(3)]
	progress, done = [], []
	monkeypatch.setattr(jobs, "BATCH_SIZE", 2)
	monkeypatch.setattr(frappe, "publish_progress", lambda percent, **kw: progress.append(round(percent)))
	monkeypatch.setattr(
		frappe, "publish_realtime", lambda event, message, **kw: done.append((event, message))
	)
	monkeypatch.setattr(jobs, "due_subscription_names", lambda today: names)
	monkeypatch.setattr(jobs, "batches", lambda all_names: [all_names[:2], all_names[2:]])
	result = jobs.run_all_with_progress("2024-02-20", commit_each=False)
	assert result == {"created": 6, "skipped": 0, "errors": []}
	# one step per subscription, across the batches
	assert progress == [33, 67, 100]
	assert [m for event, m in done if event == "sales_flow_subscriptions_done"] == [result]
	assert jobs.run_all_with_progress("2024-02-20", commit_each=False)["created"] == 0


def test_only_managers_start_the_bulk_run(s):
	from sales_flow.subscriptions.jobs import process_subscriptions_now
	from tests.support import as_user, make_user

	with as_user(make_user(["Sales User"])):
		assert_rejected(
			process_subscriptions_now, "Only a System Manager or a Sales Manager", frappe.PermissionError
		)


def test_due_subscriptions_are_those_not_finished(s):
	plan = make_plan(s, "Test Sub Due", 10.0)
	running = make_subscription(s, "2024-01-01", [(plan, 1)]).name
	later = make_subscription(s, "2030-01-01", [(plan, 1)]).name
	stopped = make_subscription(s, "2024-01-01", [(plan, 1)]).name
	run(stopped, "2024-01-01")
	frappe.flags.current_date = "2024-01-10"
	cancel_subscription(stopped)
	due = billing.due_subscription_names(date(2024, 2, 1))
	assert running in due and later not in due and stopped not in due


def test_a_catch_up_run_sets_the_status_from_the_invoices_it_made(s):
	"""The run reads the invoices before numbering any and adds its own in memory: the status and
	the latest period it stores are those a fresh read gives."""
	set_settings(grace_period=5)
	plan = make_plan(s, "Test Sub Catch-up", 100.0)
	sub = make_subscription(s, "2024-01-01", [(plan, 1)], days_until_due=10)
	assert run(sub.name, "2024-03-20").created == 3  # January, due on the 11th: past the grace period
	stored = frappe.db.get_value(
		"Subscription", sub.name, ["status", "current_invoice_start", "current_invoice_end"], as_dict=True
	)
	assert (stored.status, str(stored.current_invoice_start), str(stored.current_invoice_end)) == (
		"Unpaid",
		"2024-03-01",
		"2024-03-31",
	)
	assert refresh_status(sub.name, getdate("2024-03-20")) == "Unpaid"
	assert (
		frappe.db.get_value(
			"Subscription", sub.name, ["status", "current_invoice_start", "current_invoice_end"], as_dict=True
		)
		== stored
	)
	logged = frappe.get_all("Subscription Invoice", {"parent": sub.name}, ["idx", "invoice"], order_by="idx")
	assert [(r.idx, r.invoice) for r in logged] == [(i, r.name) for i, r in enumerate(invoices(sub.name), 1)]
