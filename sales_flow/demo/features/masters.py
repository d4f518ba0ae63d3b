"""The feature masters, made once: CRM lists, feature items, quotation templates, pricing rules,
coupon and promotion, partner and sales team, bundle, shipping rule and subscription plans."""

import frappe

from sales_flow.demo.catalogue import insert_item
from sales_flow.demo.data import COMPANY
from sales_flow.demo.features.data import (
	BUNDLE,
	BUNDLE_PARTS,
	CAMPAIGN,
	COMPETITORS,
	COUPON,
	FEATURE_ITEMS,
	LEAD_SOURCES,
	OPPORTUNITY_LOST_REASONS,
	PARTNER,
	PLANS,
	PROMOTIONAL_SCHEME,
	QUOTATION_LOST_REASONS,
	SALES_PERSONS,
	SALES_STAGES,
	SHIPPING_RULE,
	TEMPLATES,
)
from sales_flow.demo.masters import ensure, insert


def make_feature_masters() -> None:
	make_crm_masters()
	make_feature_items()
	make_templates()
	make_pricing()
	make_partners()
	make_plans()


def make_crm_masters() -> None:
	ensure(
		"Campaign",
		CAMPAIGN,
		{
			"campaign_name": CAMPAIGN,
			"from_date": "2026-06-01",
			"to_date": "2026-12-31",
			"description": "Stand au salon du numérique de Lyon et relances des contacts.",
		},
	)
	for source in LEAD_SOURCES:
		ensure("Lead Source", source, {"source_name": source})
	for stage in SALES_STAGES:
		ensure("Sales Stage", stage, {"stage_name": stage})
	for reason in OPPORTUNITY_LOST_REASONS:
		ensure("Opportunity Lost Reason", reason, {"lost_reason": reason})
	for reason in QUOTATION_LOST_REASONS:
		ensure("Quotation Lost Reason", reason, {"order_lost_reason": reason})
	for rival in COMPETITORS:
		ensure("Competitor", rival, {"competitor_name": rival})


def make_feature_items() -> None:
	for group, (rate, uom, rows) in FEATURE_ITEMS.items():
		ensure("Item Group", group, {"item_group_name": group, "parent_item_group": "All Item Groups"})
		for code, name, price in rows:
			if frappe.db.exists("Item", code):
				continue
			supplies = group == "Fournitures de bureau"
			insert_item(
				(group, rate, uom, code, name, price),
				max_discount=20,
				weight_per_unit=2.5 if supplies else 0,
				weight_uom="Kg" if supplies else None,
			)
	ensure(
		"Product Bundle",
		BUNDLE,
		{
			"new_item_code": BUNDLE,
			"description": "Écran, clavier, souris et station d'accueil",
			"items": [{"item_code": code, "qty": qty} for code, qty in BUNDLE_PARTS],
		},
	)


def make_templates() -> None:
	ensure(
		"Quotation Template",
		TEMPLATES[0],
		{
			"template_name": TEMPLATES[0],
			"company": COMPANY,
			"pricing": "Price list prices",
			"validity_days": 30,
			"printed_comment": "<p>Installation sur site comprise dans le délai indiqué.</p>",
			"items": [
				{"line_type": "Section", "item_name": "Matériel"},
				{"item_code": "ECRAN-27", "qty": 2},
				{"item_code": "STATION", "qty": 1},
				{"item_code": "CLAVIER", "qty": 1},
				{"item_code": "SOURIS", "qty": 1},
				{"line_type": "Subtotal", "item_name": "Sous-total matériel"},
				{"line_type": "Section", "item_name": "Services"},
				{"item_code": "INSTALL", "qty": 2},
				{"item_code": "FORMATION", "qty": 1, "is_alternative": 1},
			],
		},
	)
	ensure(
		"Quotation Template",
		TEMPLATES[1],
		{
			"template_name": TEMPLATES[1],
			"company": COMPANY,
			"pricing": "Fixed prices",
			"validity_days": 45,
			"items": [
				{"line_type": "Section", "item_name": "Accompagnement"},
				{"item_code": "CONSEIL", "qty": 4, "rate": 90},
				{"item_code": "FORMATION", "qty": 7, "rate": 110},
				{"line_type": "Subtotal", "item_name": "Sous-total accompagnement"},
				{"item_code": "GUIDE-RGPD", "qty": 5, "rate": 29},
			],
		},
	)


def ensure_rule(title: str, doc: dict) -> str:
	name = frappe.db.get_value("Pricing Rule", {"title": title})
	return (
		name
		or insert({"doctype": "Pricing Rule", "title": title, "selling": 1, "company": COMPANY, **doc}).name
	)


def make_pricing() -> None:
	ensure_rule(
		"Administrations : 10 % sur les fournitures",
		{
			"apply_on": "Item Group",
			"item_groups": [{"item_group": "Fournitures de bureau"}],
			"applicable_for": "Customer Group",
			"customer_group": "Administrations",
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": 10,
		},
	)
	ensure_rule(
		"Ramettes : 8 % dès 50",
		{
			"apply_on": "Item Code",
			"items": [{"item_code": "RAMETTE-A4"}],
			"min_qty": 50,
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": 8,
		},
	)
	ensure_rule(
		"Capsules : 10 achetées, 1 offerte",
		{
			"apply_on": "Item Code",
			"items": [{"item_code": "CAPSULES"}],
			"price_or_product_discount": "Product",
			"min_qty": 10,
			"same_item": 1,
			"free_qty": 1,
			"is_recursive": 1,
			"recurse_for": 10,
		},
	)
	make_coupon()
	make_promotional_scheme()


def make_coupon() -> None:
	coupon_rule = ensure_rule(
		"Coupon de bienvenue : 15 %",
		{
			"apply_on": "Item Group",
			"item_groups": [{"item_group": "Fournitures de bureau"}],
			"coupon_code_based": 1,
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": 15,
		},
	)
	ensure(
		"Coupon Code",
		COUPON,
		{
			"coupon_name": COUPON,
			"coupon_code": COUPON,
			"coupon_type": "Promotional",
			"pricing_rule": coupon_rule,
			"maximum_use": 10,
			"description": "15 % de remise sur les fournitures pour une première commande.",
		},
	)


def make_promotional_scheme() -> None:
	ensure(
		"Promotional Scheme",
		PROMOTIONAL_SCHEME,
		{
			"name": PROMOTIONAL_SCHEME,
			"apply_on": "Item Group",
			"company": COMPANY,
			"item_groups": [{"item_group": "Packs"}],
			"price_discount_slabs": [
				{"rule_description": "5 % dès 3 packs", "min_qty": 3, "max_qty": 5, "discount_percentage": 5},
				{"rule_description": "8 % dès 6 packs", "min_qty": 6, "discount_percentage": 8},
			],
		},
	)


def make_partners() -> None:
	ensure(
		"Sales Partner",
		PARTNER,
		{
			"partner_name": PARTNER,
			"partner_type": "Apporteur d'affaires",
			"territory": "Auvergne-Rhône-Alpes",
			"commission_rate": 5,
		},
	)
	for person, parent in SALES_PERSONS.items():
		ensure(
			"Sales Person",
			person,
			{
				"sales_person_name": person,
				"parent_sales_person": parent,
				"is_group": 0 if parent else 1,
				"commission_rate": 3 if parent else 0,
			},
		)
	ensure(
		"Shipping Rule",
		SHIPPING_RULE,
		{
			"label": SHIPPING_RULE,
			"company": COMPANY,
			"calculate_based_on": "Net Total",
			"account_head": "7085 Ports et frais accessoires facturés",
			"conditions": [
				{"from_value": 0, "to_value": 500, "shipping_amount": 25},
				{"from_value": 500, "to_value": 0, "shipping_amount": 0},
			],
			"countries": [{"country": "France"}],
		},
	)


def make_plans() -> None:
	for plan, (item, cost, interval) in PLANS.items():
		ensure(
			"Subscription Plan",
			plan,
			{
				"plan_name": plan,
				"item": item,
				"price_determination": "Fixed Rate",
				"cost": cost,
				"currency": "EUR",
				"billing_interval": interval,
				"billing_interval_count": 1,
			},
		)
