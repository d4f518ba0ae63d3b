"""Coupon codes: generated codes, the rule they activate, uses counted on submit and given back on
cancel, never more than the maximum (also with two orders submitted at the same moment), and clear
refusals past their validity or uses."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice
from tests.pricing_setup import customer, pricing_rule, sales_setup, transaction
from tests.races import run_race
from tests.support import (
	assert_rejected,
	insert_recorded,
	make_priced_item,
	make_throwaway_sales_masters,
)


@pytest.fixture
def setup():
	return sales_setup()


def coupon_rule(setup, **values):
	return pricing_rule("Code promo", [setup.a], coupon_code_based=1, discount_percentage=10, **values)


def coupon(rule: str, **values):
	return frappe.get_doc(
		{"doctype": "Coupon Code", "coupon_name": "Test BIENVENUE", "pricing_rule": rule, **values}
	).insert()


def order(setup, code: str | None, **values):
	return transaction("Sales Order", setup, [(setup.a, 1)], coupon_code=code, **values).insert()


def used(name: str) -> int:
	return frappe.db.get_value("Coupon Code", name, "used")


def test_a_code_is_generated_readable_and_unique(setup):
	first, second = coupon(coupon_rule(setup).name), None
	assert len(first.coupon_code) == 10 and first.coupon_code.isupper()
	assert not set(first.coupon_code) & set("01IO")
	second = frappe.get_doc(
		{
			"doctype": "Coupon Code",
			"coupon_name": "Test Autre",
			"pricing_rule": first.pricing_rule,
			"coupon_code": " noel26 ",
		}
	).insert()
	assert second.coupon_code == "NOEL26"
	assert first.coupon_code != second.coupon_code


def test_the_coupon_activates_its_rule_only_on_documents_carrying_it(setup):
	c = coupon(coupon_rule(setup).name)
	assert order(setup, None).items[0].rate == 100
	assert order(setup, c.name).items[0].rate == 90
	# in the desk the coupon is found by its code too
	assert "coupon_code" in frappe.get_meta("Coupon Code").search_fields


def test_uses_rise_on_order_submit_and_fall_on_cancel_not_on_quotations(setup):
	c = coupon(coupon_rule(setup).name, maximum_use=1)
	quotation = transaction("Quotation", setup, [(setup.a, 1)], coupon_code=c.name).insert()
	quotation.submit()
	assert used(c.name) == 0
	so = order(setup, c.name)
	so.submit()
	assert used(c.name) == 1
	invoice = make_sales_invoice(so.name)
	invoice.insert()
	invoice.submit()
	assert used(c.name) == 1  # the sale was counted on its order (and its last use is no refusal here)
	invoice.cancel()
	so.reload()
	so.cancel()
	assert used(c.name) == 0


def test_an_invoice_without_an_order_counts_its_coupon(setup):
	c = coupon(coupon_rule(setup).name, maximum_use=5)
	invoice = transaction("Sales Invoice", setup, [(setup.a, 2)], coupon_code=c.name).insert()
	assert invoice.items[0].rate == 90
	invoice.submit()
	assert used(c.name) == 1


def test_a_used_up_coupon_is_refused_and_nothing_written(setup):
	c = coupon(coupon_rule(setup).name, maximum_use=1)
	order(setup, c.name).submit()
	assert_rejected(lambda: order(setup, c.name), "has been used its maximum number of times (1)")
	assert frappe.db.count("Sales Order", {"coupon_code": c.name}) == 1
	assert used(c.name) == 1


@pytest.mark.parametrize(
	"dates, message",
	[
		({"valid_upto": add_days(nowdate(), -1)}, "expired on"),
		({"valid_from": add_days(nowdate(), 3)}, "is valid only from"),
	],
)
def test_a_coupon_outside_its_dates_is_refused(setup, dates, message):
	c = coupon(coupon_rule(setup).name, **dates)
	assert_rejected(lambda: order(setup, c.name), message)
	assert not frappe.db.exists("Sales Order", {"coupon_code": c.name})


def test_a_gift_card_serves_its_customer_once(setup):
	other = customer("Test Client Cadeau", setup.price_list)
	c = coupon(coupon_rule(setup).name, coupon_type="Gift Card", customer=other, maximum_use=9)
	assert c.maximum_use == 1
	assert_rejected(lambda: order(setup, c.name), "belongs to customer")
	assert order(setup, c.name, customer=other).items[0].rate == 90


@pytest.mark.parametrize(
	"values, message",
	[
		({"coupon_type": "Gift Card"}, "A gift card belongs to a customer"),
		({"maximum_use": -1}, "cannot be negative"),
		({"valid_from": "2026-05-01", "valid_upto": "2026-04-01"}, "Valid From must not be after"),
	],
)
def test_bad_coupons_are_refused(setup, values, message):
	rule = coupon_rule(setup).name
	assert_rejected(lambda: coupon(rule, **values), message)
	assert not frappe.db.exists("Coupon Code", "Test BIENVENUE")


def test_a_coupon_needs_a_coupon_based_rule(setup):
	rule = pricing_rule("Sans code", [setup.a], discount_percentage=10)
	assert_rejected(lambda: coupon(rule.name), "is not coupon code based")


# --- two orders with the last use of a coupon, submitted at the same moment ----------------------


@pytest.mark.commits
def test_two_processes_never_use_a_coupon_beyond_its_maximum(tmp_path):
	created: list[tuple[str, str]] = []
	run = frappe.generate_hash(length=6).upper()
	orders: list[str] = []
	try:
		setup = committed_setup(run, created)
		rounds = []
		for _round in range(3):
			frappe.db.set_value("Coupon Code", setup.coupon, "used", 0)
			drafts = [draft_order(setup) for _ in range(2)]
			orders += drafts
			frappe.db.commit()
			outcomes = run_race([("submit", name) for name in drafts], tmp_path)
			rounds.append(outcomes)
			frappe.db.rollback()
			submitted = frappe.db.count(
				"Sales Order", {"coupon_code": setup.coupon, "docstatus": 1, "name": ("in", drafts)}
			)
			assert used(setup.coupon) == 1, outcomes
			assert submitted == 1, outcomes
			loser = next(o for o in outcomes if not o["ok"])
			assert "maximum number of times" in loser["message"] or loser["error"] != "ValidationError", loser
		real = [o for o in rounds if max(x["prepared"] for x in o) < min(x["ended"] for x in o if x["ok"])]
		assert real, f"the workers never raced: {rounds}"
	finally:
		frappe.db.rollback()
		for name in orders:
			frappe.db.set_value("Sales Order", name, "docstatus", 2, update_modified=False)
			frappe.delete_doc(
				"Sales Order", name, force=True, ignore_permissions=True, delete_permanently=True
			)
		for doctype, name in reversed(created):
			frappe.delete_doc(
				doctype,
				name,
				force=True,
				ignore_permissions=True,
				ignore_missing=True,
				delete_permanently=True,
			)
		frappe.db.commit()


def committed_setup(run: str, created: list[tuple[str, str]]):
	m = make_throwaway_sales_masters("Test Coupon", run, "TC", created)
	company, client, price_list, vat = m.company, m.customer, m.price_list, m.vat
	item = make_priced_item(created, f"TEST-COUPON-{run}", "Test coupon", vat, price_list, 50)
	rule = insert_recorded(
		created,
		{
			"doctype": "Pricing Rule",
			"title": f"Test Coupon {run}",
			"apply_on": "Item Code",
			"items": [{"item_code": item}],
			"coupon_code_based": 1,
			"discount_percentage": 10,
			"company": company,
		},
	)
	code = insert_recorded(
		created,
		{
			"doctype": "Coupon Code",
			"coupon_name": f"Test Coupon {run}",
			"pricing_rule": rule,
			"maximum_use": 1,
		},
	)
	frappe.db.commit()
	return frappe._dict(company=company, customer=client, item=item, coupon=code)


def draft_order(setup) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Sales Order",
				"company": setup.company,
				"customer": setup.customer,
				"transaction_date": nowdate(),
				"delivery_date": add_days(nowdate(), 5),
				"coupon_code": setup.coupon,
				"items": [{"item_code": setup.item, "qty": 1}],
			}
		)
		.insert()
		.name
	)
