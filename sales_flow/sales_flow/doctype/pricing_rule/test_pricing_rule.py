"""Pricing rules on real documents: each effect and condition, which rule wins, free items, the
document discount, the trail of "why this price" line by line, and the price checks."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from sales_flow.pricing.explain import get_price_explanation
from tests.pricing_setup import (
	customer,
	free_rows,
	pricing_rule,
	sales_setup,
	selling_settings,
	steps,
	trail,
	transaction,
	tree_node,
)
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	return sales_setup()


def quotation(setup, lines, **values):
	return transaction("Quotation", setup, lines, **values).insert()


# --- effects ------------------------------------------------------------------------------------


def test_a_discount_rule_prices_the_line_and_the_trail_says_why(setup):
	rule = pricing_rule("Remise écrans", [setup.a], discount_percentage=10)
	doc = quotation(setup, [(setup.a, 3), (setup.b, 2)])
	a, b = doc.items
	assert (a.price_list_rate, a.discount_percentage, a.rate, a.amount) == (100, 10, 90, 270)
	assert a.pricing_rules == f'["{rule.name}"]'
	assert trail(a)["list_rate"] == 100
	assert trail(a)["source"]["price_list"] == setup.price_list
	assert steps(a) == [("Remise écrans", "discount_percentage", 10, 100, 90)]
	# the other line keeps its list price and says so
	assert (b.rate, b.pricing_rules, trail(b)["steps"]) == (55.5, None, [])
	assert doc.total == 381
	# ERPNext's table of the rules applied, one row per line and rule
	assert [(d.pricing_rule, d.item_code, d.child_docname) for d in doc.pricing_rules] == [
		(rule.name, setup.a, a.name)
	]


@pytest.mark.parametrize(
	"values, rate, fields",
	[
		({"rate_or_discount": "Rate", "rate": 80}, 80, {"discount_amount": 20}),
		(
			{"rate_or_discount": "Rate", "rate": 120},
			120,
			{"margin_type": "Amount", "margin_rate_or_amount": 20},
		),
		({"rate_or_discount": "Discount Amount", "discount_amount": 15}, 85, {"discount_amount": 15}),
		(
			{"margin_type": "Percentage", "margin_rate_or_amount": 10, "discount_percentage": 5},
			104.5,
			{"rate_with_margin": 110, "margin_type": "Percentage"},
		),
	],
)
def test_each_price_effect(setup, values, rate, fields):
	pricing_rule("Effet", [setup.a], **values)
	row = quotation(setup, [(setup.a, 2)]).items[0]
	assert row.rate == rate
	assert row.amount == rate * 2
	assert {f: row.get(f) for f in fields} == fields


def test_a_rule_on_a_parent_item_group_applies_to_the_items_of_its_children(setup):
	parent = frappe.get_doc(
		{
			"doctype": "Item Group",
			"item_group_name": "Test Promo Parent",
			"parent_item_group": "All Item Groups",
			"is_group": 1,
		}
	).insert()
	child = tree_node("Item Group", "Test Promo Enfant", parent.name)
	frappe.db.set_value("Item", setup.b, "item_group", child)
	pricing_rule("Groupe", groups=[parent.name], discount_percentage=20)
	a, b = quotation(setup, [(setup.a, 1), (setup.b, 1)]).items
	assert (a.rate, b.rate) == (100, 44.4)
	assert steps(b) == [("Groupe", "discount_percentage", 20, 55.5, 44.4)]


# --- conditions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["Customer", "Customer Group", "Territory"])
def test_a_party_condition_applies_to_that_party_only(setup, kind):
	group = tree_node("Customer Group", "Test Groupe Pro")
	territory = tree_node("Territory", "Test Territoire Nord")
	mine = customer("Test Client Martin", setup.price_list, customer_group=group, territory=territory)
	condition = {"Customer": mine, "Customer Group": group, "Territory": territory}[kind]
	field = {"Customer": "customer", "Customer Group": "customer_group", "Territory": "territory"}[kind]
	pricing_rule("Client", [setup.a], applicable_for=kind, **{field: condition}, discount_percentage=10)
	assert quotation(setup, [(setup.a, 1)], party_name=mine).items[0].rate == 90
	assert quotation(setup, [(setup.a, 1)]).items[0].rate == 100  # another customer


@pytest.mark.parametrize(
	"qty, applies",
	[(4, False), (5, True), (10, True), (11, False)],
)
def test_quantity_bounds_are_inclusive(setup, qty, applies):
	pricing_rule("Volume", [setup.a], min_qty=5, max_qty=10, discount_percentage=10)
	assert quotation(setup, [(setup.a, qty)]).items[0].rate == (90 if applies else 100)


@pytest.mark.parametrize("qty, applies", [(4, False), (5, True), (8, True), (9, False)])
def test_amount_bounds_on_the_line_at_list_price(setup, qty, applies):
	pricing_rule(
		"Montant", [setup.a], min_amt=500, max_amt=800, rate_or_discount="Discount Amount", discount_amount=10
	)
	assert quotation(setup, [(setup.a, qty)]).items[0].rate == (90 if applies else 100)


@pytest.mark.parametrize(
	"dates, applies",
	[
		({"valid_from": add_days(nowdate(), 1)}, False),
		({"valid_upto": add_days(nowdate(), -1)}, False),
		({"valid_from": add_days(nowdate(), -1), "valid_upto": nowdate()}, True),
	],
)
def test_validity_dates(setup, dates, applies):
	pricing_rule("Dates", [setup.a], discount_percentage=10, **dates)
	assert quotation(setup, [(setup.a, 1)]).items[0].rate == (90 if applies else 100)


def test_a_disabled_rule_or_one_of_another_company_does_not_apply(setup):
	pricing_rule("Off", [setup.a], discount_percentage=10, disable=1)
	other = frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": "Test Autre SARL",
			"abbr": "TAS",
			"default_currency": "EUR",
			"country": "France",
		}
	).insert()
	pricing_rule("Autre société", [setup.a], discount_percentage=20, company=other.name)
	assert quotation(setup, [(setup.a, 1)]).items[0].rate == 100


# --- which rule wins ----------------------------------------------------------------------------


def test_the_highest_priority_wins_even_with_a_smaller_discount(setup):
	pricing_rule("Petite prioritaire", [setup.a], discount_percentage=5, priority=2)
	pricing_rule("Grosse", [setup.a], discount_percentage=20, priority=1)
	assert steps(quotation(setup, [(setup.a, 1)]).items[0]) == [
		("Petite prioritaire", "discount_percentage", 5, 100, 95)
	]


def test_on_a_priority_tie_the_most_specific_rule_wins(setup):
	pricing_rule("Groupe 20", groups=["All Item Groups"], discount_percentage=20)
	pricing_rule("Article 5", [setup.a], discount_percentage=5)
	pricing_rule("Tout le monde 30", [setup.b], discount_percentage=30)
	group = tree_node("Customer Group", "Test Groupe Tie")
	pricing_rule(
		"Groupe client 10",
		[setup.b],
		applicable_for="Customer Group",
		customer_group=group,
		discount_percentage=10,
	)
	mine = customer("Test Client Tie", setup.price_list, customer_group=group)
	a, b = quotation(setup, [(setup.a, 1), (setup.b, 2)], party_name=mine).items
	assert steps(a)[0][0] == "Article 5"  # item code beats item group
	assert steps(b)[0][0] == "Groupe client 10"  # a customer group beats everyone


def test_then_the_best_price_for_the_customer_then_the_name(setup):
	pricing_rule("B 10", [setup.a], discount_percentage=10)
	pricing_rule("C 15", [setup.a], discount_percentage=15)
	assert steps(quotation(setup, [(setup.a, 1)]).items[0])[0][0] == "C 15"
	first = pricing_rule("Égal 1", [setup.b], rate_or_discount="Discount Amount", discount_amount=5)
	second = pricing_rule("Égal 2", [setup.b], rate_or_discount="Discount Amount", discount_amount=5)
	row = quotation(setup, [(setup.b, 1)]).items[0]
	assert row.pricing_rules == f'["{min(first.name, second.name)}"]'


def test_apply_multiple_applies_every_rule_that_allows_it_in_priority_order(setup):
	pricing_rule(
		"Fidélité 10 %", [setup.a], discount_percentage=10, priority=3, apply_multiple_pricing_rules=1
	)
	pricing_rule(
		"Bon 5 €",
		[setup.a],
		rate_or_discount="Discount Amount",
		discount_amount=5,
		priority=2,
		apply_multiple_pricing_rules=1,
	)
	pricing_rule("Seule", [setup.a], discount_percentage=50, priority=1)
	row = quotation(setup, [(setup.a, 2)]).items[0]
	assert steps(row) == [
		("Fidélité 10 %", "discount_percentage", 10, 100, 90),
		("Bon 5 €", "discount_amount", 5, 90, 85),
	]
	assert (row.discount_amount, row.rate, row.amount) == (15, 85, 170)


def test_two_percentages_compound(setup):
	pricing_rule("10 %", [setup.a], discount_percentage=10, apply_multiple_pricing_rules=1, priority=2)
	pricing_rule("5 %", [setup.a], discount_percentage=5, apply_multiple_pricing_rules=1, priority=1)
	row = quotation(setup, [(setup.a, 1)]).items[0]
	assert (row.discount_percentage, row.rate) == (14.5, 85.5)


# --- rules come and go --------------------------------------------------------------------------


def test_a_line_no_longer_meeting_its_rule_goes_back_to_the_list_price(setup):
	pricing_rule("Volume", [setup.a], min_qty=5, discount_percentage=10)
	doc = quotation(setup, [(setup.a, 5)])
	assert doc.items[0].rate == 90
	doc.items[0].qty = 2
	doc.save()
	assert (doc.items[0].rate, doc.items[0].discount_percentage, doc.items[0].pricing_rules) == (100, 0, None)


def test_a_manual_discount_on_a_line_without_rules_is_kept(setup):
	doc = quotation(setup, [(setup.a, 1, {"discount_percentage": 7})])
	doc.save()
	assert doc.items[0].rate == 93


def test_mapped_lines_keep_the_price_of_their_source(setup):
	rule = pricing_rule("Devis", [setup.a], discount_percentage=10)
	doc = quotation(setup, [(setup.a, 2)])
	doc.submit()
	frappe.db.set_value("Pricing Rule", rule.name, "discount_percentage", 50)
	from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order

	order = make_sales_order(doc.name)
	order.delivery_date = add_days(nowdate(), 5)
	order.insert()
	assert order.items[0].rate == 90


# --- free items ---------------------------------------------------------------------------------


def test_buy_three_get_one_follows_the_quantity_without_duplicates(setup):
	pricing_rule(
		"3 achetés 1 offert",
		[setup.a],
		price_or_product_discount="Product",
		same_item=1,
		free_qty=1,
		is_recursive=1,
		recurse_for=3,
	)
	doc = quotation(setup, [(setup.a, 7)])
	assert free_rows(doc) == [(setup.a, 2, 0)]
	assert doc.total == 700
	doc.items[0].qty = 9
	doc.save()
	doc.save()
	assert free_rows(doc) == [(setup.a, 3, 0)]
	assert [r.idx for r in doc.items] == [1, 2]
	doc.items[0].qty = 2
	doc.save()
	assert free_rows(doc) == []
	assert len(frappe.get_all("Quotation Item", {"parent": doc.name})) == 1


def test_a_free_row_of_the_same_item_is_accepted_when_items_may_not_repeat(setup):
	pricing_rule("2 + 1", [setup.a], price_or_product_discount="Product", same_item=1, free_qty=1, min_qty=2)
	with selling_settings(allow_multiple_items=0):
		doc = quotation(setup, [(setup.a, 2)])
		assert free_rows(doc) == [(setup.a, 1, 0)]
		assert_rejected(lambda: quotation(setup, [(setup.b, 1), (setup.b, 1)]), "the same item twice")


def test_another_item_offered_once_from_a_minimum_quantity(setup):
	rule = pricing_rule(
		"Câble offert",
		[setup.a],
		price_or_product_discount="Product",
		free_item=setup.c,
		free_qty=2,
		min_qty=2,
	)
	doc = quotation(setup, [(setup.a, 1)])
	assert free_rows(doc) == []
	doc.items[0].qty = 4
	doc.save()
	assert free_rows(doc) == [(setup.c, 2, 0)]
	free = doc.items[1]
	assert (free.item_name, free.pricing_rules, free.amount) == (setup.c, f'["{rule.name}"]', 0)
	assert steps(doc.items[0]) == [("Câble offert", "free_item", 2, 100, 100)]
	assert doc.total == 400


# --- the whole document -------------------------------------------------------------------------


def test_a_transaction_rule_sets_the_document_discount_with_its_trail(setup):
	rule = pricing_rule("Grosse commande", min_amt=300, discount_percentage=5)
	doc = quotation(setup, [(setup.a, 3), (setup.b, 2)])
	assert doc.additional_discount_percentage == 5
	assert doc.net_total == pytest.approx(411 * 0.95, abs=0.01)
	assert frappe.parse_json(doc.price_trail)["rules"] == [rule.name]
	assert get_price_explanation("Quotation", doc.name)["document"] == [
		"Grosse commande: discount of 5 % (411.00 → 390.45)"
	]
	doc.items[0].qty = 1
	doc.save()
	assert (doc.additional_discount_percentage, doc.discount_amount, doc.price_trail) == (0, 0, None)


# --- the explanation ----------------------------------------------------------------------------


def test_the_explanation_reads_each_step_in_french(setup):
	pricing_rule("Fidélité", [setup.a], discount_percentage=10, apply_multiple_pricing_rules=1, priority=2)
	pricing_rule(
		"Bon",
		[setup.a],
		rate_or_discount="Discount Amount",
		discount_amount=5,
		apply_multiple_pricing_rules=1,
	)
	doc = quotation(setup, [(setup.a, 1), (setup.b, 1)])
	frappe.local.lang = "fr"
	explanation = get_price_explanation("Quotation", doc.name)
	first, second = explanation["rows"]
	assert first["idx"] == 1
	assert [line for line in first["lines"]] == [
		f"Prix de liste : 100,00 (liste {setup.price_list})",
		"Fidélité : remise de 10 % (100,00 → 90,00)",
		"Bon : remise de 5,00 (90,00 → 85,00)",
		"Prix retenu : 85,00",
	]
	assert second["lines"][-1] == "Aucune règle de prix : prix de liste"


# --- price checks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"line",
	[
		{"discount_percentage": 20},
		{"discount_amount": 30},
		{"price_list_rate": 100, "rate": 70, "discount_amount": 30},
	],
)
def test_a_discount_above_the_item_maximum_is_refused_and_nothing_written(setup, line):
	frappe.db.set_value("Item", setup.a, "max_discount", 15)
	draft = transaction("Quotation", setup, [(setup.a, 1, line)])
	assert_rejected(draft.insert, "above the item's maximum of 15")
	assert not frappe.db.exists("Quotation", {"party_name": setup.customer})


def test_the_item_maximum_discount_itself_is_allowed_whatever_the_rounding(setup):
	"""15 % of 3.79 is 0.57 to the cent, leaving 3.22: 15.04 % read back from the rate, yet the user
	typed 15 %. (The same with 17.90: 2.69 off, 15.21 left, 15.03 %.)"""
	frappe.db.set_value("Item", setup.c, "max_discount", 15)
	doc = transaction("Quotation", setup, [(setup.c, 1, {"discount_percentage": 15})]).insert()
	assert doc.items[0].rate == 3.22
	too_much = transaction("Quotation", setup, [(setup.c, 1, {"discount_amount": 0.58})])
	assert_rejected(too_much.insert, "above the item's maximum of 15")


def test_the_item_maximum_allows_what_a_rule_gives(setup):
	frappe.db.set_value("Item", setup.a, "max_discount", 15)
	pricing_rule("Soldes", [setup.a], discount_percentage=20)
	assert quotation(setup, [(setup.a, 1)]).items[0].rate == 80
	draft = transaction("Quotation", setup, [(setup.a, 1, {"discount_percentage": 30})])
	# a rule prices the line: the typed discount gives way to it
	assert draft.insert().items[0].rate == 80


def test_selling_below_the_list_price_stop_warn_and_role(setup):
	seller = make_user(["Sales User"], "vendeur-prix@test.sales-flow.fr")
	manager = make_user(["Sales User", "Sales Manager"], "chef-prix@test.sales-flow.fr")
	line = [(setup.a, 1, {"discount_percentage": 10})]
	with selling_settings(
		below_list_price_action="Stop", role_allowed_to_sell_below_list_price="Sales Manager"
	):
		with as_user(seller):
			assert_rejected(
				transaction("Quotation", setup, line).insert, "Selling below the list price: row 1"
			)
		assert not frappe.db.exists("Quotation", {"party_name": setup.customer})
		with as_user(manager):
			assert transaction("Quotation", setup, line).insert().items[0].rate == 90
	with selling_settings(below_list_price_action="Warn", role_allowed_to_sell_below_list_price=None):
		frappe.local.message_log = []
		with as_user(seller):
			doc = transaction("Quotation", setup, line).insert()
		assert doc.items[0].rate == 90
		assert "below the list price" in frappe.as_json(frappe.local.message_log)


def test_the_price_list_falls_back_to_the_settings_default(setup):
	fallback = frappe.get_doc(
		{"doctype": "Price List", "price_list_name": "Test Tarif Général", "currency": "EUR", "selling": 1}
	).insert()
	frappe.get_doc(
		{"doctype": "Item Price", "item_code": setup.c, "price_list": fallback.name, "price_list_rate": 4.5}
	).insert()
	frappe.db.delete("Item Price", {"item_code": setup.c, "price_list": setup.price_list})
	with selling_settings(selling_price_list=fallback.name):
		row = quotation(setup, [(setup.c, 1)]).items[0]
	assert row.price_list_rate == 4.5
	assert trail(row)["source"]["price_list"] == fallback.name


def test_a_customer_price_beats_the_list_price(setup):
	frappe.get_doc(
		{
			"doctype": "Item Price",
			"item_code": setup.a,
			"price_list": setup.price_list,
			"customer": setup.customer,
			"price_list_rate": 95,
			"valid_from": "2021-01-01",
		}
	).insert()
	row = quotation(setup, [(setup.a, 1)]).items[0]
	assert row.price_list_rate == 95
	assert trail(row)["source"]["customer"] == setup.customer


# --- bad rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"values, message",
	[
		({"apply_on": "Item Code"}, "Add the items"),
		({"applicable_for": "Customer"}, "Choose the Customer"),
		({"min_qty": 10, "max_qty": 5}, "Min Qty must not be above Max Qty"),
		({"discount_percentage": 120}, "between 0 and 100"),
		({"rate_or_discount": "Rate", "rate": 5}, "gives a discount, not a rate"),
		({"price_or_product_discount": "Product"}, "needs a Free Item"),
		({"valid_from": "2026-02-01", "valid_upto": "2026-01-01"}, "Valid From must not be after"),
	],
)
def test_bad_rules_are_refused(values, message):
	assert_rejected(lambda: pricing_rule("Mauvaise", **values), message)
	assert not frappe.db.exists("Pricing Rule", {"title": "Mauvaise"})


def test_the_explanation_is_served_over_the_api_to_readers_only(setup):
	pricing_rule("Remise", [setup.a], discount_percentage=10)
	doc = quotation(setup, [(setup.a, 1)])
	frappe.is_whitelisted(get_price_explanation)  # throws when it is not
	row = get_price_explanation("Quotation", doc.name, row=doc.items[0].name)["rows"]
	assert [r["idx"] for r in row] == [1]
	assert row[0]["lines"][-1] == "Price applied: 90.00"
	with as_user(make_user(["Blogger"], "sans-vente@test.sales-flow.fr")):
		assert_rejected(lambda: get_price_explanation("Quotation", doc.name), "", frappe.PermissionError)


def test_an_order_made_from_a_quotation_keeps_its_approved_discount(setup):
	doc = quotation(setup, [(setup.a, 1, {"discount_percentage": 10})])
	doc.submit()
	from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order

	seller = make_user(["Sales User"], "vendeur-cmd@test.sales-flow.fr")
	with selling_settings(
		below_list_price_action="Stop", role_allowed_to_sell_below_list_price="Sales Manager"
	):
		with as_user(seller):
			order = make_sales_order(doc.name)
			order.delivery_date = add_days(nowdate(), 5)
			order.insert()
	assert order.items[0].rate == 90


def test_picking_an_item_in_the_form_brings_its_rule_price(setup):
	from sales_flow.controllers.form_api import get_item_details

	pricing_rule("Volume", [setup.a], min_qty=3, discount_percentage=10)
	draft = transaction("Quotation", setup, [])
	one = get_item_details(frappe.as_json(draft), setup.a, qty=1)
	three = get_item_details(frappe.as_json(draft), setup.a, qty=3)
	assert (one["price_list_rate"], "discount_percentage" in one) == (100, False)
	assert (three["price_list_rate"], three["discount_percentage"]) == (100, 10)
