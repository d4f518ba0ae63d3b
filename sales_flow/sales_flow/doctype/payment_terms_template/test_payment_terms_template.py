import datetime
from decimal import Decimal

import frappe
import pytest

from sales_flow.controllers.payment_terms import (
	DAYS_AFTER_END_OF_MONTH,
	DAYS_AFTER_INVOICE_DATE,
	MONTHS_AFTER_END_OF_MONTH,
	get_due_date,
	get_payment_schedule,
)
from tests.support import as_user, assert_rejected, make_user

DOCTYPE = "Payment Terms Template"
CHILD = "Payment Terms Template Detail"


def term(
	portion: float = 100, based_on: str = DAYS_AFTER_INVOICE_DATE, days: int = 0, months: int = 0, **values
):
	row = {
		"invoice_portion": portion,
		"due_date_based_on": based_on,
		"credit_days": days,
		"credit_months": months,
	}
	row.update(values)
	return row


def payment_terms(name: str = "Test 30 jours", terms: list | None = None):
	return frappe.get_doc({"doctype": DOCTYPE, "template_name": name, "terms": terms or [term(days=30)]})


def test_named_after_its_template_name():
	doc = payment_terms("  Test 30 jours ").insert()
	assert doc.name == "Test 30 jours"
	assert frappe.db.count(CHILD, {"parent": doc.name}) == 1


def test_portions_with_decimals_that_add_up_to_100_are_accepted():
	thirds = [term(33.33), term(33.33, days=30), term(33.34, days=60)]
	assert payment_terms(terms=thirds).insert().name == "Test 30 jours"
	repeating = [term(33.333333333), term(33.333333333, days=30), term(33.333333334, days=60)]
	assert payment_terms("Test tiers", terms=repeating).insert().name == "Test tiers"


@pytest.mark.parametrize(
	"terms, message",
	[
		([term(90)], "add up to 90 %"),
		([term(60), term(60, days=30)], "add up to 120 %"),
		([term(100), term(0, days=30)], "Row #2: Invoice Portion must be greater than 0"),
		([term(110), term(-10, days=30)], "Row #2: Invoice Portion must be greater than 0"),
		([term(100, days=-1)], "Row #1: Credit Days cannot be negative"),
		([term(100, MONTHS_AFTER_END_OF_MONTH, months=-1)], "Row #1: Credit Months cannot be negative"),
		([term(100, "Day(s) after the delivery")], "Due Date Based On"),
		([], "Add at least one payment term"),
	],
)
def test_bad_terms_are_rejected_and_nothing_is_written(terms, message):
	doc = payment_terms("Test Bad Terms")
	doc.set("terms", terms)
	before = frappe.db.count(DOCTYPE), frappe.db.count(CHILD)
	assert_rejected(doc.insert, message)
	assert (frappe.db.count(DOCTYPE), frappe.db.count(CHILD)) == before


def test_a_template_name_is_used_once():
	payment_terms().insert()
	before = frappe.db.count(DOCTYPE)
	with pytest.raises(frappe.DuplicateEntryError):
		payment_terms().insert()
	assert frappe.db.count(DOCTYPE) == before


def test_a_saved_template_keeps_its_terms_when_an_edit_is_rejected():
	doc = payment_terms().insert()
	doc.append("terms", term(10, days=60))
	assert_rejected(doc.save, "add up to 110 %")
	assert frappe.db.count(CHILD, {"parent": doc.name}) == 1


@pytest.mark.parametrize(
	"posting_date, based_on, days, months, due_date",
	[
		# days after the invoice date
		("2025-01-10", DAYS_AFTER_INVOICE_DATE, 30, 0, "2025-02-09"),
		("2025-01-31", DAYS_AFTER_INVOICE_DATE, 30, 0, "2025-03-02"),
		("2024-01-31", DAYS_AFTER_INVOICE_DATE, 30, 0, "2024-03-01"),
		("2025-12-15", DAYS_AFTER_INVOICE_DATE, 30, 0, "2026-01-14"),
		("2025-03-03", DAYS_AFTER_INVOICE_DATE, 0, 0, "2025-03-03"),
		# days after the end of the invoice month
		("2025-01-10", DAYS_AFTER_END_OF_MONTH, 30, 0, "2025-03-02"),
		("2024-01-10", DAYS_AFTER_END_OF_MONTH, 30, 0, "2024-03-01"),
		("2024-02-01", DAYS_AFTER_END_OF_MONTH, 0, 0, "2024-02-29"),
		("2025-02-28", DAYS_AFTER_END_OF_MONTH, 0, 0, "2025-02-28"),
		("2025-12-05", DAYS_AFTER_END_OF_MONTH, 10, 0, "2026-01-10"),
		("2025-04-30", DAYS_AFTER_END_OF_MONTH, 45, 0, "2025-06-14"),
		# months after the end of the invoice month, on that month's last day
		("2024-01-31", MONTHS_AFTER_END_OF_MONTH, 0, 1, "2024-02-29"),
		("2025-01-31", MONTHS_AFTER_END_OF_MONTH, 0, 1, "2025-02-28"),
		("2025-01-15", MONTHS_AFTER_END_OF_MONTH, 0, 0, "2025-01-31"),
		("2025-03-31", MONTHS_AFTER_END_OF_MONTH, 0, 1, "2025-04-30"),
		("2025-04-30", MONTHS_AFTER_END_OF_MONTH, 0, 1, "2025-05-31"),
		("2025-11-30", MONTHS_AFTER_END_OF_MONTH, 0, 3, "2026-02-28"),
		("2023-12-01", MONTHS_AFTER_END_OF_MONTH, 0, 2, "2024-02-29"),
		("2025-06-15", MONTHS_AFTER_END_OF_MONTH, 0, 12, "2026-06-30"),
		# credit days do not count for the months rule
		("2025-01-15", MONTHS_AFTER_END_OF_MONTH, 10, 1, "2025-02-28"),
	],
)
def test_due_date_rules(posting_date, based_on, days, months, due_date):
	row = frappe._dict(term(based_on=based_on, days=days, months=months))
	assert get_due_date(posting_date, row) == datetime.date.fromisoformat(due_date)
	assert get_due_date(datetime.date.fromisoformat(posting_date), row) == datetime.date.fromisoformat(
		due_date
	)


def test_due_date_from_a_saved_term_row():
	doc = payment_terms(terms=[term(100, DAYS_AFTER_END_OF_MONTH, days=30)]).insert()
	assert get_due_date("2025-01-10", doc.terms[0]) == datetime.date(2025, 3, 2)


def cents(amount: float) -> Decimal:
	return Decimal(str(amount)).quantize(Decimal("0.01"))


@pytest.mark.parametrize(
	"grand_total", [0, 0.01, 0.02, 0.1, 1, 10, 99.99, 100, 1000.01, 1234.56, 999999.99, -100.01]
)
def test_the_schedule_adds_up_to_the_grand_total_to_the_cent(grand_total):
	thirds = [term(33.333333333), term(33.333333333, days=30), term(33.333333334, days=60)]
	payment_terms("Test tiers", terms=thirds).insert()
	schedule = get_payment_schedule("Test tiers", "2025-01-31", grand_total)
	assert len(schedule) == 3
	assert sum(cents(row["payment_amount"]) for row in schedule) == cents(grand_total)
	# every amount is in whole cents, and only the last one absorbs the rounding
	assert all(cents(row["payment_amount"]) == Decimal(str(row["payment_amount"])) for row in schedule)
	assert schedule[0]["payment_amount"] == schedule[1]["payment_amount"]


@pytest.mark.parametrize(
	"grand_total, amounts", [(100.25, [50.13, 50.12]), (-100.25, [-50.13, -50.12]), (0.05, [0.03, 0.02])]
)
def test_half_cents_are_rounded_away_from_zero(grand_total, amounts):
	payment_terms("Test moitiés", terms=[term(50), term(50, days=30)]).insert()
	schedule = get_payment_schedule("Test moitiés", "2025-01-10", grand_total)
	assert [row["payment_amount"] for row in schedule] == amounts


def test_the_schedule_gives_each_term_its_due_date_and_portion():
	terms = [
		term(30, description="Acompte à la commande"),
		term(40, DAYS_AFTER_END_OF_MONTH, days=30),
		term(30, MONTHS_AFTER_END_OF_MONTH, months=1),
	]
	payment_terms("Test acompte", terms=terms).insert()
	# as the desk sends it: strings
	schedule = get_payment_schedule("Test acompte", "2024-01-31", "1000.07")
	assert [(row["due_date"], row["invoice_portion"], row["payment_amount"]) for row in schedule] == [
		(datetime.date(2024, 1, 31), 30, 300.02),
		(datetime.date(2024, 3, 1), 40, 400.03),
		(datetime.date(2024, 2, 29), 30, 300.02),
	]
	assert schedule[0]["description"] == "Acompte à la commande"


def test_the_schedule_needs_read_permission_on_the_template():
	payment_terms().insert()
	with as_user(make_user(["Sales User"])):
		assert get_payment_schedule("Test 30 jours", "2025-01-10", 100)[0]["payment_amount"] == 100
	with as_user(make_user([], email="no-payment-roles@test.sales-flow.fr")):
		with pytest.raises(frappe.PermissionError):
			get_payment_schedule("Test 30 jours", "2025-01-10", 100)


def test_an_accounts_user_creates_templates_and_a_sales_user_cannot():
	with as_user(make_user(["Accounts User"])):
		payment_terms().insert()
	before = frappe.db.count(DOCTYPE)
	with as_user(make_user(["Sales User"])):
		assert frappe.has_permission(DOCTYPE, "read", "Test 30 jours")
		with pytest.raises(frappe.PermissionError):
			payment_terms("Test 60 jours").insert()
	assert frappe.db.count(DOCTYPE) == before


@pytest.mark.parametrize(
	"roles, can_write",
	[
		(["Accounts User"], True),
		(["Sales Master Manager"], False),
		(["Sales Manager"], False),
		(["Sales User"], False),
	],
)
def test_who_writes_payment_terms(roles, can_write):
	with as_user(make_user(roles)):
		assert frappe.has_permission(DOCTYPE, "read")
		assert frappe.has_permission(DOCTYPE, "create") == can_write
		assert frappe.has_permission(DOCTYPE, "write") == can_write
