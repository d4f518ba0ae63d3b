"""The rule engine on plain data (no database): conditions the sales documents of this site may not
carry yet (sales partner, campaign), the order of rules, the row fields that reproduce a price."""

import pytest

from sales_flow.pricing import rules as engine
from sales_flow.totals import calculation as totals


def rule(name: str, **values) -> dict:
	base = {
		"name": name,
		"title": name,
		"apply_on": "Item Code",
		"item_codes": {"A": set()},
		"price_or_product_discount": "Price",
		"rate_or_discount": "Discount Percentage",
		"discount_percentage": 10,
	}
	return base | values


LINE = {"item_code": "A", "uom": "Unit", "qty": 2, "list_rate": 100.0, "item_groups": {"All Item Groups"}}


@pytest.mark.parametrize("kind, field", [("Sales Partner", "sales_partner"), ("Campaign", "campaign")])
def test_sales_partner_and_campaign_conditions(kind, field):
	rules = [rule("R", applicable_for=kind, **{field: "X"})]
	assert engine.price_line(LINE, rules, {field: "X"})["rate"] == 90
	assert engine.price_line(LINE, rules, {field: "Y"})["rules"] == []
	assert engine.price_line(LINE, rules, {})["rules"] == []


def test_a_uom_on_the_rule_limits_it_to_lines_in_that_unit():
	rules = [rule("R", item_codes={"A": {"Box"}})]
	assert engine.price_line(LINE, rules, {})["rules"] == []
	assert engine.price_line(LINE | {"uom": "Box"}, rules, {})["rules"] == ["R"]


def test_the_order_is_priority_then_specificity_then_price_then_name():
	rules = [
		rule("d", apply_on="Item Group", item_groups={"All Item Groups"}, discount_percentage=50),
		rule("c", discount_percentage=5),
		rule("b", discount_percentage=20),
		rule("a", discount_percentage=20),
		rule("z", discount_percentage=1, priority=1),
	]
	ordered = sorted(rules, key=lambda r: engine.sort_key(r, 100))
	assert [r["name"] for r in ordered] == ["z", "a", "b", "c", "d"]


@pytest.mark.parametrize(
	"rules, rate",
	[
		([rule("p", discount_percentage=12.5)], 87.5),
		([rule("r", rate_or_discount="Rate", rate=79.99)], 79.99),
		([rule("m", margin_type="Amount", margin_rate_or_amount=7, discount_percentage=0)], 107),
		(
			[
				rule("1", discount_percentage=10, apply_multiple_pricing_rules=1, priority=2),
				rule(
					"2",
					rate_or_discount="Discount Amount",
					discount_amount=3.33,
					apply_multiple_pricing_rules=1,
				),
			],
			86.67,
		),
	],
)
def test_the_row_fields_make_the_totals_engine_give_the_rule_price(rules, rate):
	result = engine.price_line(LINE, rules, {})
	assert result["rate"] == rate
	item = {"qty": 2, "price_list_rate": 100.0, **result["fields"]}
	totals.calculate_line(item, 2)
	assert item["rate"] == rate


@pytest.mark.parametrize("qty, free", [(2, 0), (3, 1), (5, 1), (6, 2), (10, 3)])
def test_buy_three_get_one(qty, free):
	rules = [
		rule("R", price_or_product_discount="Product", same_item=1, free_qty=1, is_recursive=1, recurse_for=3)
	]
	result = engine.price_line(LINE | {"qty": qty}, rules, {})
	assert result["free"] == ([("R", "A", free)] if free else [])


def test_transaction_rules_compound_percentages_and_add_amounts():
	pct = rule(
		"p", apply_on="Transaction", discount_percentage=10, apply_multiple_pricing_rules=1, priority=1
	)
	amt = rule(
		"a",
		apply_on="Transaction",
		rate_or_discount="Discount Amount",
		discount_amount=20,
		apply_multiple_pricing_rules=1,
	)
	only_pct = engine.price_transaction(3, 1000, [pct], {})
	assert only_pct["fields"] == {"additional_discount_percentage": 10, "discount_amount": 0}
	both = engine.price_transaction(3, 1000, [pct, amt], {})
	assert both["fields"] == {"additional_discount_percentage": 0, "discount_amount": 120}
	assert [s["after"] for s in both["steps"]] == [900, 880]
