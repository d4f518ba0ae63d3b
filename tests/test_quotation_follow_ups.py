"""Follow-ups of quotations (issue #4.3): the next date from the settings, the log on a submitted
quotation, the stop at ordered / lost / expired / superseded, the owners' daily ToDo digest."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from sales_flow.quotation_desk.follow_ups import create_follow_up_todos
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from tests.quotation_desk import lost_reasons, quotation, selling_settings, status_of, value_of
from tests.sales_setup import sales_setup
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	return sales_setup()


def follow_up_count(doc) -> int:
	return frappe.db.count("Quotation Follow Up", {"parent": doc.name, "parenttype": "Quotation"})


@pytest.mark.parametrize(
	("quotation_date", "next_date"),
	[("2027-02-25", "2027-03-04"), ("2028-02-25", "2028-03-03"), ("2026-12-28", "2027-01-04")],
)
def test_the_next_follow_up_defaults_from_the_settings_delay(setup, quotation_date, next_date):
	with selling_settings(follow_up_delay_days=7):
		doc = quotation(setup, submit=False, transaction_date=quotation_date)
	assert str(doc.next_follow_up_date) == next_date


def test_no_delay_in_the_settings_means_no_default_date(setup):
	with selling_settings(follow_up_delay_days=0):
		doc = quotation(setup, submit=False)
	assert doc.next_follow_up_date is None


def test_a_next_follow_up_before_the_quotation_date_is_refused(setup):
	doc = quotation(setup, submit=False, transaction_date="2027-03-10")
	doc.next_follow_up_date = "2027-03-09"
	assert_rejected(doc.save, "before the quotation date")
	assert value_of(doc, "next_follow_up_date") != "2027-03-09"


def test_record_follow_ups_on_a_submitted_quotation(setup):
	today, in_3, in_10 = nowdate(), add_days(nowdate(), 3), add_days(nowdate(), 10)
	with selling_settings(follow_up_delay_days=3):
		doc = quotation(setup)
	assert value_of(doc, "next_follow_up_date") == in_3

	doc.record_follow_up(
		follow_up_date=today,
		channel="Phone",
		outcome="Call Back",
		note="Rappeler jeudi",
		next_follow_up_date=in_10,
	)
	doc.reload()
	assert [
		(str(r.follow_up_date), r.channel, r.outcome, r.note, str(r.next_follow_up_date), r.user)
		for r in doc.follow_ups
	] == [(today, "Phone", "Call Back", "Rappeler jeudi", in_10, "Administrator")]
	assert str(doc.next_follow_up_date) == in_10
	assert doc.docstatus == 1 and doc.status == "Open"

	doc.record_follow_up(follow_up_date=in_10, channel="Email", outcome="Interested")
	doc.reload()
	assert len(doc.follow_ups) == 2 and doc.next_follow_up_date is None


def test_a_sales_user_records_a_follow_up_an_accountant_cannot(setup):
	doc = quotation(setup)
	with as_user(make_user(["Sales User"])):
		frappe.get_doc("Quotation", doc.name).record_follow_up(channel="Meeting")
	assert follow_up_count(doc) == 1
	with as_user(make_user(["Accounts User"])):
		assert_rejected(
			lambda: frappe.get_doc("Quotation", doc.name).record_follow_up(channel="Meeting"),
			"",
			frappe.PermissionError,
		)
	assert follow_up_count(doc) == 1


@pytest.mark.parametrize(
	("follow_up_date", "next_date", "message"),
	[
		(-1, None, "follow-up date"),  # the day before the quotation
		(0, -1, "next follow-up date"),  # next before this follow-up
	],
)
def test_follow_up_dates_before_the_quotation_or_backwards_are_refused(
	setup, follow_up_date, next_date, message
):
	day = add_days(nowdate(), -5)
	doc = quotation(setup, transaction_date=day)
	before = value_of(doc, "next_follow_up_date")
	assert_rejected(
		lambda: doc.record_follow_up(
			follow_up_date=add_days(day, follow_up_date),
			next_follow_up_date=add_days(day, next_date) if next_date is not None else None,
		),
		message,
	)
	assert follow_up_count(doc) == 0
	assert value_of(doc, "next_follow_up_date") == before


def test_follow_ups_stop_when_the_quotation_is_ordered_or_lost(setup):
	with selling_settings(follow_up_delay_days=5):
		ordered, lost = quotation(setup), quotation(setup)
	order = make_sales_order(ordered.name)
	order.delivery_date = nowdate()
	order.insert()
	order.submit()
	assert status_of(ordered) == "Ordered"
	assert value_of(ordered, "next_follow_up_date") is None
	ordered.reload()
	assert_rejected(lambda: ordered.record_follow_up(), "not followed up any more")

	lost.set_as_lost(lost_reasons("Test Prix"))
	assert value_of(lost, "next_follow_up_date") is None
	lost.reload()
	assert_rejected(lambda: lost.record_follow_up(), "is Lost")
	assert follow_up_count(ordered) + follow_up_count(lost) == 0


def test_the_daily_digest_gives_the_owner_one_todo_per_quotation_due(setup):
	rep = make_user(["Sales User"], email="rep-digest@test.sales-flow.fr")
	with as_user(rep), selling_settings(follow_up_delay_days=1):
		due_today = quotation(setup, transaction_date=add_days(nowdate(), -1))
		later = quotation(setup)
	assert value_of(due_today, "next_follow_up_date") == nowdate()

	def todos(doc) -> list:
		return frappe.get_all(
			"ToDo",
			filters={"reference_type": "Quotation", "reference_name": doc.name, "status": "Open"},
			fields=["allocated_to", "date"],
		)

	create_follow_up_todos()
	create_follow_up_todos()  # twice the same day: still one ToDo
	assert [(t.allocated_to, str(t.date)) for t in todos(due_today)] == [(rep, nowdate())]
	assert todos(later) == []

	# the follow-up done closes the digest's ToDo; the next one will come on its own day
	due_today.record_follow_up(next_follow_up_date=add_days(nowdate(), 7))
	assert todos(due_today) == []
	create_follow_up_todos()
	assert todos(due_today) == []


def test_the_next_follow_up_date_is_edited_on_a_submitted_quotation_while_followed_up(setup):
	doc = quotation(setup, transaction_date=add_days(nowdate(), -2))
	doc.next_follow_up_date = add_days(nowdate(), 4)
	doc.save()  # update after submit
	assert value_of(doc, "next_follow_up_date") == add_days(nowdate(), 4)
	doc.next_follow_up_date = add_days(nowdate(), -3)
	assert_rejected(doc.save, "before the quotation date")
	assert value_of(doc, "next_follow_up_date") == add_days(nowdate(), 4)

	order = make_sales_order(doc.name)
	order.delivery_date = nowdate()
	order.insert()
	order.submit()
	doc.reload()
	doc.next_follow_up_date = add_days(nowdate(), 5)
	assert_rejected(doc.save, "not followed up any more")
	assert value_of(doc, "next_follow_up_date") is None
