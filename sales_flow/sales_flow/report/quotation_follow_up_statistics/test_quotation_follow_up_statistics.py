"""Quotation Follow-up Statistics against a hand-built follow-up log of two reps, leading to orders.
Every expected figure below is counted by hand from the story, not by running the query again.

Rep A owns QA1 (no follow-up, next one due in 5 days), QA2 (1 follow-up, ordered 15 days after its
date), QA3 (2 follow-ups, next one due 2025-01-20: overdue), QA4 (3 follow-ups, ordered after 28
days); rep A also follows up rep B's QB2 once. Rep B (Administrator: one user less to create) owns
QB1 (no follow-up, ordered the next day), QB2, and QB0 dated before the period, followed up once in
the period."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_invoice, make_sales_order
from sales_flow.sales_flow.report.quotation_follow_up_statistics.quotation_follow_up_statistics import (
	BUCKETS,
	bucket_label,
	execute,
)
from tests.quotation_desk import quotation, selling_settings
from tests.sales_setup import sales_setup
from tests.support import as_user, assert_rejected, make_user

FAR = "2099-12-31"  # still valid: the quotations stay open


def follow_up(doc, user: str, day: str, next_day: str | None = None) -> None:
	with as_user(user):
		doc.reload()
		doc.record_follow_up(follow_up_date=day, channel="Phone", next_follow_up_date=next_day)


def order(doc, day: str) -> None:
	so = make_sales_order(doc.name)
	so.transaction_date, so.delivery_date = day, day
	so.insert()
	so.submit()


@pytest.fixture
def story():
	setup = sales_setup("fustat")
	rep_a = make_user(["Sales User"], email="rep-a-stats@test.sales-flow.fr")
	rep_b = "Administrator"
	with selling_settings(follow_up_delay_days=0):
		with as_user(rep_a):
			qa1 = quotation(
				setup,
				transaction_date="2025-01-02",
				valid_till=FAR,
				next_follow_up_date=add_days(nowdate(), 5),
			)
			qa2 = quotation(setup, transaction_date="2025-01-05", valid_till=FAR)
			qa3 = quotation(setup, transaction_date="2025-01-06", valid_till=FAR)
			qa4 = quotation(setup, transaction_date="2025-01-03", valid_till=FAR)
		with as_user(rep_b):
			qb0 = quotation(setup, transaction_date="2024-12-20", valid_till=FAR)
			qb1 = quotation(setup, transaction_date="2025-01-10", valid_till=FAR)
			qb2 = quotation(setup, transaction_date="2025-01-11", valid_till=FAR)
	# the customers opened QA1 (twice: still open, not answered) and QA2 (then ordered) online
	frappe.db.set_value("Quotation", qa1.name, {"view_count": 2, "last_viewed_on": "2025-01-04 10:00:00"})
	frappe.db.set_value("Quotation", qa2.name, {"view_count": 1, "last_viewed_on": "2025-01-06 09:00:00"})
	follow_up(qa2, rep_a, "2025-01-10")
	order(qa2, "2025-01-20")
	follow_up(qa3, rep_a, "2025-01-08", "2025-01-15")
	follow_up(qa3, rep_a, "2025-01-15", "2025-01-20")
	for day in ("2025-01-05", "2025-01-12", "2025-01-19"):
		follow_up(qa4, rep_a, day)
	order(qa4, "2025-01-31")
	order(qb1, "2025-01-11")
	follow_up(qb2, rep_a, "2025-01-12")
	follow_up(qb0, rep_b, "2025-01-02")
	assert qa1.next_follow_up_date
	return setup.company, rep_a, rep_b


def run(company: str, **filters):
	filters = {"company": company, "from_date": "2025-01-01", "to_date": add_days(nowdate(), 30), **filters}
	_columns, data, _message, chart, summary = execute(filters)
	return {row["user"]: row for row in data}, chart, {s["label"]: s["value"] for s in summary}


def test_follow_ups_due_overdue_done_and_conversion_per_rep(story):
	company, rep_a, rep_b = story
	rows, chart, summary = run(company)
	assert set(rows) == {rep_a, rep_b}
	a, b = rows[rep_a], rows[rep_b]
	assert (a["due"], a["overdue"], a["done"]) == (2, 1, 7)
	assert (a["quotations"], a["ordered"], a["conversion"]) == (4, 2, 50.0)
	assert [a[f"quotations_{n}"] for n in range(4)] == [1, 1, 1, 1]
	assert [a[f"conversion_{n}"] for n in range(4)] == [0.0, 100.0, 0.0, 100.0]
	assert a["average_days_to_order"] == 21.5  # (15 + 28) / 2
	assert (a["opened"], a["opened_not_answered"]) == (2, 1)
	# the rep by name, not by login
	assert a["rep"] == frappe.db.get_value("User", rep_a, "full_name") and "@" not in a["rep"]

	assert (b["due"], b["overdue"], b["done"]) == (0, 0, 1)
	assert (b["quotations"], b["ordered"], b["conversion"]) == (2, 1, 50.0)
	assert [b[f"quotations_{n}"] for n in range(4)] == [1, 1, 0, 0]
	assert [b[f"conversion_{n}"] for n in range(4)] == [100.0, 0.0, None, None]
	assert b["average_days_to_order"] == 1.0
	assert (b["opened"], b["opened_not_answered"]) == (0, 0)

	# all reps: 0 follow-ups 1 of 2 ordered, 1 follow-up 1 of 2, 2 follow-ups 0 of 1, 3+ 1 of 1
	assert chart["data"]["datasets"][0]["values"] == [50.0, 50.0, 0.0, 100.0]
	assert summary == {
		"Follow-ups Due": 2,
		"Overdue": 1,
		"Follow-ups Done": 8,
		"Conversion (%)": 50.0,
		"Opened, Not Answered": 1,
		"Average Days to Order": 14.7,  # (15 + 28 + 1) / 3
	}

	# rep A alone, up to the 10th
	rows, _chart, _summary = run(company, user=rep_a, to_date="2025-01-10")
	assert list(rows) == [rep_a]
	# done up to the 10th: QA2 (10th), QA3 (8th), QA4 (5th); QA3's next date (20th) is out of the period
	a = rows[rep_a]
	assert (a["due"], a["overdue"], a["done"]) == (0, 0, 3)
	assert (a["quotations"], a["ordered"]) == (4, 2)


def test_days_to_order_count_from_the_first_order_or_invoice_made_from_the_quotation():
	"""Half invoiced straight from the quotation after 8 days, the other half ordered after 4: the
	first of the two counts (both are looked up through the lines' quotation link)."""
	setup = sales_setup("fustinv")
	with selling_settings(follow_up_delay_days=0):
		doc = quotation(setup, qty=2, transaction_date="2025-02-01", valid_till=FAR)
	invoice = make_sales_invoice(doc.name)
	invoice.set_posting_time, invoice.posting_date, invoice.due_date = 1, "2025-02-09", "2025-02-09"
	invoice.items[0].qty = 1
	invoice.insert()
	invoice.submit()
	order(doc, "2025-02-05")
	rows, _chart, _summary = run(setup.company, from_date="2025-02-01", to_date="2025-02-28")
	row = rows["Administrator"]
	assert (row["quotations"], row["ordered"], row["average_days_to_order"]) == (1, 1, 4.0)
	frappe.get_doc("Sales Order", {"docstatus": 1, "company": setup.company}).cancel()
	rows, _chart, _summary = run(setup.company, from_date="2025-02-01", to_date="2025-02-28")
	assert rows["Administrator"]["average_days_to_order"] == 8.0  # the invoice alone


def test_the_period_must_be_given_the_right_way_round():
	assert_rejected(lambda: run("Any", from_date="2025-02-01", to_date="2025-01-01"), "from date is after")


def test_the_follow_up_buckets_read_in_french_singular_and_plural():
	frappe.local.lang = "fr"
	try:
		labels = [bucket_label(b) for b in BUCKETS]
	finally:
		frappe.local.lang = "en"
	assert labels == ["Aucune relance", "1 relance", "2 relances", "3 relances ou plus"]
