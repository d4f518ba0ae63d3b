"""Validity of a quotation (issue #4.2): the end-of-offer date from the settings across month and year
ends, editable, never before the quotation date; the daily expiry job; ordering an expired quotation."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from sales_flow.controllers.jobs import refresh_time_based_statuses
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from tests.quotation_desk import days_later, quotation, selling_settings, status_of, value_of
from tests.sales_setup import sales_setup
from tests.support import assert_rejected


@pytest.fixture
def setup():
	return sales_setup()


@pytest.mark.parametrize(
	("quotation_date", "valid_till"),
	[
		("2027-01-31", "2027-03-02"),  # 30 days over a 28-day February
		("2028-01-31", "2028-03-01"),  # leap year
		("2026-12-15", "2027-01-14"),  # over the year end
		("2027-04-30", "2027-05-30"),
	],
)
def test_valid_till_is_the_quotation_date_plus_the_settings_days(setup, quotation_date, valid_till):
	with selling_settings(default_valid_till=30):
		doc = quotation(setup, submit=False, transaction_date=quotation_date)
	assert str(doc.valid_till) == valid_till


def test_valid_till_is_editable_but_not_before_the_quotation_date(setup):
	with selling_settings(default_valid_till=30):
		doc = quotation(setup, submit=False, transaction_date="2027-01-31")
		doc.valid_till = "2027-02-10"
		doc.save()
		assert value_of(doc, "valid_till") == "2027-02-10"
		doc.valid_till = "2027-01-30"
		assert_rejected(doc.save, "Valid Till cannot be before the quotation date")
	assert value_of(doc, "valid_till") == "2027-02-10"


def test_the_daily_job_expires_open_quotations_but_not_partly_ordered_ones(setup, monkeypatch):
	monkeypatch.setattr(frappe.db, "commit", lambda: None)  # keep the test's transaction
	tomorrow = add_days(nowdate(), 1)
	with selling_settings(follow_up_delay_days=1):
		open_one = quotation(setup, valid_till=tomorrow)
		partly = quotation(setup, qty=2, valid_till=tomorrow)
	order = make_sales_order(partly.name)
	order.items[0].qty = 1
	order.delivery_date = tomorrow
	order.insert()
	order.submit()
	assert (status_of(open_one), status_of(partly)) == ("Open", "Partially Ordered")
	assert value_of(open_one, "next_follow_up_date") == tomorrow

	refresh_time_based_statuses()  # today: still valid
	assert status_of(open_one) == "Open"

	with days_later(2):
		refresh_time_based_statuses()
	# a partly ordered quotation stays: the customer is still ordering from it
	assert (status_of(open_one), status_of(partly)) == ("Expired", "Partially Ordered")
	# expired: no more follow-ups
	assert value_of(open_one, "next_follow_up_date") is None
	assert value_of(partly, "next_follow_up_date") == tomorrow


def test_an_expired_quotation_is_ordered_only_when_the_settings_allow_it(setup):
	doc = quotation(setup, transaction_date=add_days(nowdate(), -40), valid_till=add_days(nowdate(), -10))
	assert status_of(doc) == "Expired"
	with selling_settings(allow_expired_quotation_order=0):
		assert_rejected(lambda: make_sales_order(doc.name), "the settings do not allow ordering an expired")
	with selling_settings(allow_expired_quotation_order=1):
		order = make_sales_order(doc.name)
		order.delivery_date = nowdate()
		order.insert()
		order.submit()
	assert status_of(doc) == "Ordered"
