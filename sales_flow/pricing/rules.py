"""Pricing rules: which rules apply to a document's lines, in which order, with what effect.

Loading is batched (load_rules: a handful of queries for every rule a document can meet, whatever
its number of lines); choosing and applying rules are pure functions on plain dicts, testable
without a database.

Which rule wins, a rule a user can read:
1. the highest priority;
2. on a tie, the most specific: item code, then item group, then the whole document; a customer,
   then a customer group, then a territory, a sales partner or a campaign, then everyone;
3. then the best price for the customer (the lowest rate it gives), then the rule name.
When the winner has "apply multiple pricing rules", every applicable rule that also has it applies,
one after the other in that order. Price rules (rate, discount, margin) and product rules (free
items) are chosen separately: a line may get one of each.

Each line keeps "why this price" (price_trail, JSON): the list rate it started from, where that
price came from, and every rule applied, in order, with the price before and after.
"""

import json
import math
from typing import Any

from frappe.utils import flt

Rule = dict[str, Any]
APPLY_ON_RANK = {"Item Code": 0, "Item Group": 1, "Transaction": 2}
PARTY_RANK = {"Customer": 0, "Customer Group": 1, "Territory": 2, "Sales Partner": 2, "Campaign": 2}
# what a rule applies to and when: what a promotional scheme gives each of its rules
CONDITION_FIELDS = (
	"apply_on",
	"company",
	"valid_from",
	"valid_upto",
	"applicable_for",
	"customer",
	"customer_group",
	"territory",
	"sales_partner",
	"campaign",
)
# the effect of a price rule, and of a product rule (free items): what a scheme's slab gives its rule
PRICE_FIELDS = ("rate_or_discount", "rate", "discount_percentage", "discount_amount")
PRODUCT_FIELDS = ("same_item", "free_item", "free_qty", "is_recursive", "recurse_for")
RULE_FIELDS = (
	"name",
	"title",
	"price_or_product_discount",
	"priority",
	"apply_multiple_pricing_rules",
	*CONDITION_FIELDS,
	"min_qty",
	"max_qty",
	"min_amt",
	"max_amt",
	"coupon_code_based",
	*PRICE_FIELDS,
	"margin_type",
	"margin_rate_or_amount",
	*PRODUCT_FIELDS,
	"promotional_scheme",
)


def money(value: float) -> float:
	return flt(value, 2)


# --- conditions ---------------------------------------------------------------------------------


def party_matches(rule: Rule, ctx: dict) -> bool:
	"""ctx: customer, customer_groups and territories (each with its ancestors), sales_partner, campaign."""
	kind = rule.get("applicable_for") or ""
	if kind == "Customer":
		return bool(rule.get("customer")) and rule["customer"] == ctx.get("customer")
	if kind == "Customer Group":
		return rule.get("customer_group") in (ctx.get("customer_groups") or ())
	if kind == "Territory":
		return rule.get("territory") in (ctx.get("territories") or ())
	if kind == "Sales Partner":
		return bool(rule.get("sales_partner")) and rule["sales_partner"] == ctx.get("sales_partner")
	if kind == "Campaign":
		return bool(rule.get("campaign")) and rule["campaign"] == ctx.get("campaign")
	return True


def within(value: float, low: float, high: float) -> bool:
	"""low..high inclusive; a high of 0 is no upper limit."""
	return flt(value) >= flt(low) and (not flt(high) or flt(value) <= flt(high))


def bounds_match(rule: Rule, qty: float, amount: float) -> bool:
	return within(qty, rule.get("min_qty"), rule.get("max_qty")) and within(
		amount, rule.get("min_amt"), rule.get("max_amt")
	)


def line_matches(rule: Rule, line: dict) -> bool:
	"""line: item_code, uom, item_groups (the line's group and its ancestors)."""
	if rule["apply_on"] == "Item Code":
		uoms = (rule.get("item_codes") or {}).get(line["item_code"])
		return uoms is not None and (not uoms or line.get("uom") in uoms)
	if rule["apply_on"] == "Item Group":
		return bool(set(rule.get("item_groups") or ()) & set(line.get("item_groups") or ()))
	return False


def rule_applies_to_line(rule: Rule, line: dict, ctx: dict) -> bool:
	qty, amount = flt(line.get("qty")), flt(line.get("list_rate")) * flt(line.get("qty"))
	return line_matches(rule, line) and party_matches(rule, ctx) and bounds_match(rule, qty, amount)


# --- effects ------------------------------------------------------------------------------------


def price_steps(rule: Rule, price: float, list_rate: float) -> list[dict]:
	"""What one price rule does to a unit price: its margin (on the list rate), then its rate or
	discount. Each step says the price before and after."""
	steps = []
	margin = flt(rule.get("margin_rate_or_amount"))
	if rule.get("margin_type") and margin:
		added = list_rate * margin / 100 if rule["margin_type"] == "Percentage" else margin
		steps.append(step(rule, "margin_" + rule["margin_type"].lower(), margin, price, price + added))
		price += added
	kind = rule.get("rate_or_discount") or "Discount Percentage"
	if kind == "Rate" and flt(rule.get("rate")):
		steps.append(step(rule, "rate", flt(rule["rate"]), price, flt(rule["rate"])))
	elif kind == "Discount Percentage" and flt(rule.get("discount_percentage")):
		pct = flt(rule["discount_percentage"])
		steps.append(step(rule, "discount_percentage", pct, price, price * (1 - pct / 100)))
	elif kind == "Discount Amount" and flt(rule.get("discount_amount")):
		amount = flt(rule["discount_amount"])
		steps.append(step(rule, "discount_amount", amount, price, max(price - amount, 0.0)))
	return steps


def step(rule: Rule, kind: str, value: float, before: float, after: float) -> dict:
	return {
		"rule": rule["name"],
		"title": rule.get("title") or rule["name"],
		"kind": kind,
		"value": value,
		"before": money(before),
		"after": money(after),
	}


def price_after(rule: Rule, list_rate: float) -> float:
	steps = price_steps(rule, list_rate, list_rate)
	return steps[-1]["after"] if steps else list_rate


def free_qty_of(rule: Rule, qty: float) -> float:
	"""Buy 3 get 1: with is_recursive, free_qty for every recurse_for units; else free_qty once."""
	if rule.get("is_recursive") and flt(rule.get("recurse_for")):
		return math.floor(flt(qty) / flt(rule["recurse_for"]) + 1e-9) * flt(rule.get("free_qty"))
	return flt(rule.get("free_qty"))


# --- choice -------------------------------------------------------------------------------------


def sort_key(rule: Rule, list_rate: float) -> tuple:
	"""Smaller is better: priority, specificity, price for the customer, name (see the module doc)."""
	return (
		-int(flt(rule.get("priority"))),
		APPLY_ON_RANK.get(rule["apply_on"], 3),
		PARTY_RANK.get(rule.get("applicable_for") or "", 3),
		price_after(rule, list_rate),
		-free_qty_of(rule, 1) if rule.get("price_or_product_discount") == "Product" else 0,
		rule["name"],
	)


def choose(applicable: list[Rule], list_rate: float = 0.0) -> list[Rule]:
	"""The rules that apply, in the order they apply: the winner alone, or with apply-multiple every
	applicable rule that allows it."""
	if not applicable:
		return []
	ordered = sorted(applicable, key=lambda r: sort_key(r, list_rate))
	if not ordered[0].get("apply_multiple_pricing_rules"):
		return ordered[:1]
	return [r for r in ordered if r.get("apply_multiple_pricing_rules")]


def split_kinds(rules: list[Rule]) -> tuple[list[Rule], list[Rule]]:
	price = [r for r in rules if (r.get("price_or_product_discount") or "Price") == "Price"]
	product = [r for r in rules if r.get("price_or_product_discount") == "Product"]
	return price, product


# --- a line -------------------------------------------------------------------------------------


def index_rules(rules: list[Rule]) -> dict:
	"""Rules by item code and by item group, so that each line looks only at the rules that name it."""
	index: dict = {"item": {}, "group": {}}
	for rule in rules:
		if rule["apply_on"] == "Item Code":
			for code in rule.get("item_codes") or {}:
				index["item"].setdefault(code, []).append(rule)
		elif rule["apply_on"] == "Item Group":
			for group in rule.get("item_groups") or ():
				index["group"].setdefault(group, []).append(rule)
	return index


def candidates(index: dict, line: dict) -> list[Rule]:
	found = list(index["item"].get(line["item_code"], []))
	for group in line.get("item_groups") or ():
		found += [r for r in index["group"].get(group, []) if r not in found]
	return found


def price_line(line: dict, rules: list[Rule], ctx: dict) -> dict:
	"""The price rules and free items of one line. Returns the trail and the row fields to set:
	margin_type, margin_rate_or_amount, discount_percentage, discount_amount (and rate when the line
	has no list rate), plus the free items [(rule, item_code, qty)]."""
	applicable = [r for r in rules if r["apply_on"] != "Transaction" and rule_applies_to_line(r, line, ctx)]
	price_rules, product_rules = split_kinds(applicable)
	list_rate = flt(line.get("list_rate"))
	chosen = choose(price_rules, list_rate)
	price, steps = list_rate, []
	for rule in chosen:
		for s in price_steps(rule, price, list_rate):
			steps.append(s)
			price = s["after"]
	free = []
	for rule in choose(product_rules, list_rate):
		qty = free_qty_of(rule, line.get("qty"))
		item = line["item_code"] if rule.get("same_item") or not rule.get("free_item") else rule["free_item"]
		if qty > 0:
			free.append((rule["name"], item, qty))
			steps.append(
				{
					"rule": rule["name"],
					"title": rule.get("title") or rule["name"],
					"kind": "free_item",
					"value": qty,
					"item_code": item,
					"before": money(price),
					"after": money(price),
				}
			)
	applied = list(dict.fromkeys(s["rule"] for s in steps))
	return {
		"rules": applied,
		"steps": steps,
		"rate": money(price),
		"fields": row_fields(list_rate, steps, price) if chosen else {},
		"free": free,
	}


def row_fields(list_rate: float, steps: list[dict], price: float) -> dict:
	"""Row fields that make the totals engine (rate = list rate + margin - discount) give `price`:
	a percentage when every discount is one (compounded), else an amount."""
	if not list_rate:
		return {
			"margin_type": "",
			"margin_rate_or_amount": 0,
			"discount_percentage": 0,
			"discount_amount": 0,
			"rate": money(price),
		}
	margins = [s for s in steps if s["kind"].startswith("margin_")]
	with_margin = margins[-1]["after"] if margins else list_rate
	if price > with_margin:  # a fixed rate above the list rate: it is a margin
		margins, with_margin = [{"kind": "margin_amount", "value": price - list_rate}], price
	if len(margins) == 1 and margins[0]["kind"] == "margin_percentage":
		margin = {"margin_type": "Percentage", "margin_rate_or_amount": margins[0]["value"]}
	elif margins:
		margin = {"margin_type": "Amount", "margin_rate_or_amount": money(with_margin - list_rate)}
	else:
		margin = {"margin_type": "", "margin_rate_or_amount": 0}
	discounts = [s for s in steps if s["kind"] in ("rate", "discount_percentage", "discount_amount")]
	if discounts and all(s["kind"] == "discount_percentage" for s in discounts) and price <= with_margin:
		kept = 1.0
		for s in discounts:
			kept *= 1 - s["value"] / 100
		return {**margin, "discount_percentage": flt(100 * (1 - kept), 6), "discount_amount": 0}
	return {**margin, "discount_percentage": 0, "discount_amount": money(max(with_margin - price, 0.0))}


# --- the whole document -------------------------------------------------------------------------


def price_transaction(total_qty: float, total_amount: float, rules: list[Rule], ctx: dict) -> dict:
	"""Rules on the whole document (apply_on Transaction): the document discount and free items."""
	applicable = [
		r
		for r in rules
		if r["apply_on"] == "Transaction"
		and party_matches(r, ctx)
		and bounds_match(r, total_qty, total_amount)
	]
	price_rules, product_rules = split_kinds(applicable)
	steps, kept, amount, only_pct = [], 1.0, 0.0, True
	total = total_amount
	for rule in choose(price_rules, total_amount):
		kind = rule.get("rate_or_discount")
		if kind == "Discount Percentage" and flt(rule.get("discount_percentage")):
			pct = flt(rule["discount_percentage"])
			kept *= 1 - pct / 100
			steps.append(step(rule, "discount_percentage", pct, total, total * (1 - pct / 100)))
			total = total * (1 - pct / 100)
		elif kind == "Discount Amount" and flt(rule.get("discount_amount")):
			only_pct = False
			amount += flt(rule["discount_amount"])
			steps.append(
				step(
					rule,
					"discount_amount",
					flt(rule["discount_amount"]),
					total,
					total - flt(rule["discount_amount"]),
				)
			)
			total -= flt(rule["discount_amount"])
	free = []
	for rule in choose(product_rules, total_amount):
		qty = free_qty_of(rule, total_qty)
		if qty > 0 and rule.get("free_item"):
			free.append((rule["name"], rule["free_item"], qty))
			steps.append({**step(rule, "free_item", qty, total, total), "item_code": rule["free_item"]})
	fields = {}
	if any(s["kind"].startswith("discount") for s in steps):
		if only_pct:
			fields = {"additional_discount_percentage": flt(100 * (1 - kept), 6), "discount_amount": 0}
		else:
			fields = {
				"additional_discount_percentage": 0,
				"discount_amount": money(total_amount - max(total, 0)),
			}
	return {
		"rules": list(dict.fromkeys(s["rule"] for s in steps)),
		"steps": steps,
		"fields": fields,
		"free": free,
	}


def dumps(trail: dict) -> str:
	return json.dumps(trail, ensure_ascii=False, sort_keys=True, default=str)
