"""Pricing rules on a sales document: load what may apply (batched), price the lines, keep the free
item rows in step with the quantities, the document discount, the coupon, and the checks on prices
(item max discount, selling below the list price, the document discount's maximum). The choice itself
is sales_flow.pricing.rules.

What a request sends is never a price the checks start from: the list price is resolved by the
server (controllers/details.py), the rules' prices are computed again at submit, and a line keeps the
price of the document it was made from only when its link is true (pricing/source_prices.py)."""

import json

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.party import customer_of
from sales_flow.pricing import rules as pricing_rules
from sales_flow.pricing.coupons import check_coupon
from sales_flow.pricing.explain import load_trail, number
from sales_flow.pricing.lines import applies_pricing_rules, priced_rows
from sales_flow.pricing.loading import ancestors, has_pricing_rules, load_rules
from sales_flow.pricing.source_prices import (
	keeps_source_price,
)
from sales_flow.totals.lines import is_item_line
from sales_flow.utils.dates import document_date


def context_of(doc, rules: list[dict], coupon_rules: set[str]) -> dict:
	needs = {r.get("applicable_for") for r in rules}
	return {
		"customer": customer_of(doc),
		"customer_groups": ancestors("Customer Group", {doc.get("customer_group")}).get(
			doc.get("customer_group"), set()
		)
		if "Customer Group" in needs
		else set(),
		"territories": ancestors("Territory", {doc.get("territory")}).get(doc.get("territory"), set())
		if "Territory" in needs
		else set(),
		"sales_partner": doc.get("sales_partner"),
		"campaign": doc.get("campaign"),
		"coupon_rules": coupon_rules,
	}


def apply_pricing_rules(doc, fill_rows) -> None:
	"""Price the lines with the rules, set the document discount, and add, update or remove the free
	item rows; `fill_rows(rows)` completes new rows from their items (name, UOM, VAT class).

	On submit the rules run again without writing: what they give is the floor of the price checks
	(a trail sent with the request proves nothing), and a free row must be one they give."""
	if not has_pricing_rules(doc):
		if not doc.get("is_return"):
			check_free_rows(doc, {})  # no rules here (a delivery note): nothing is given free
		return
	write = applies_pricing_rules(doc)
	coupon = check_coupon(doc)
	coupon_rules = {coupon.pricing_rule} if coupon else set()
	rows = priced_rows(doc)
	date = document_date(doc)
	rules = load_rules(doc.company, date, coupon_rules, {r.item_code for r in rows})
	ctx = context_of(doc, rules, coupon_rules)
	groups = (
		ancestors("Item Group", {r.item_group for r in rows})
		if any(r.apply_on == "Item Group" for r in rules)
		else {}
	)
	free: dict[tuple[str, str], float] = {}
	total_qty = total_amount = 0.0
	index = pricing_rules.index_rules(rules)
	for row in rows:
		line = {
			"item_code": row.item_code,
			"uom": row.uom,
			"qty": flt(row.stock_qty) or flt(row.qty),
			"list_rate": flt(row.price_list_rate),
			"item_groups": groups.get(row.item_group, {row.item_group}),
		}
		result = pricing_rules.price_line(line, pricing_rules.candidates(index, line), ctx)
		if write:
			apply_to_row(row, result)
		# (the list price the rules started from, the price they gave) for validate_prices
		row._rule_price = (flt(row.price_list_rate), result["rate"]) if result["fields"] else None
		for rule, item_code, qty in result["free"]:
			free[(rule, item_code)] = free.get((rule, item_code), 0) + qty
		total_qty += flt(row.qty)
		total_amount += (result["rate"] if result["fields"] else row_rate(row)) * flt(row.qty)
	transaction = pricing_rules.price_transaction(total_qty, total_amount, rules, ctx)
	doc._rule_discount = transaction["fields"]
	for rule, item_code, qty in transaction["free"]:
		free[(rule, item_code)] = free.get((rule, item_code), 0) + qty
	if not write:
		check_free_rows(doc, free)
		return
	apply_to_document(doc, transaction)
	sync_free_rows(doc, free, fill_rows)
	set_pricing_rule_details(doc, rules)


def set_pricing_rule_details(doc, rules: list[dict]) -> None:
	"""ERPNext's document table of the rules applied (Pricing Rule Detail), one row per line and rule,
	rebuilt from the lines (mapped lines included)."""
	if not doc.meta.has_field("pricing_rules"):
		return
	kinds = {r.name: r for r in rules}
	details = []
	for row in doc.get("items") or []:
		if not row.get("pricing_rules"):
			continue
		if not row.name:
			row.name = frappe.generate_hash(length=10)  # the detail names its line
		for name in rule_names(row):
			rule = kinds.get(name) or {}
			details.append(
				{
					"pricing_rule": name,
					"item_code": row.item_code,
					"child_docname": row.name,
					"rule_applied": 1,
					"margin_type": rule.get("margin_type"),
					"rate_or_discount": rule.get("rate_or_discount"),
				}
			)
	transaction_rules = load_trail(doc.get("price_trail")).get("rules") or []
	details += [{"pricing_rule": name, "rule_applied": 1} for name in transaction_rules]
	doc.set("pricing_rules", details)


def preview_line_rules(doc, row, item_group: str | None, list_rate: float) -> dict:
	"""The rule fields of one line as the form picks its item: discount, margin or rate, and the
	rules' names; nothing when no rule applies (the user's discount stays)."""
	if not applies_pricing_rules(doc):
		return {}
	try:
		coupon = check_coupon(doc)
	except frappe.ValidationError:
		frappe.clear_last_message()
		coupon = None  # said plainly at save
	coupon_rules = {coupon.pricing_rule} if coupon else set()
	rules = load_rules(doc.company, document_date(doc), coupon_rules, {row.item_code})
	groups = ancestors("Item Group", {item_group}) if any(r.apply_on == "Item Group" for r in rules) else {}
	line = {
		"item_code": row.item_code,
		"uom": row.uom,
		"qty": flt(row.qty) or 1,
		"list_rate": flt(list_rate),
		"item_groups": groups.get(item_group, {item_group}),
	}
	index = pricing_rules.index_rules(rules)
	result = pricing_rules.price_line(
		line, pricing_rules.candidates(index, line), context_of(doc, rules, coupon_rules)
	)
	if not result["fields"]:
		return {}
	return {**result["fields"], "pricing_rules": json.dumps(result["rules"])}


def row_rate(row) -> float:
	list_rate = flt(row.price_list_rate)
	if not list_rate:
		return flt(row.rate)
	with_margin = list_rate + pricing_rules_margin(row, list_rate)
	if flt(row.discount_percentage):
		return with_margin * (1 - flt(row.discount_percentage) / 100)
	return with_margin - flt(row.discount_amount)


def pricing_rules_margin(row, list_rate: float) -> float:
	value = flt(row.margin_rate_or_amount)
	if row.margin_type == "Percentage":
		return list_rate * value / 100
	return value if row.margin_type == "Amount" else 0.0


def apply_to_row(row, result: dict) -> None:
	previous = load_trail(row.get("price_trail"))
	if result["fields"]:
		row.update(result["fields"])
	elif previous.get("rules") and any(
		isinstance(s, dict) and s.get("kind") != "free_item" for s in previous.get("steps") or []
	):
		# the rules that priced this line no longer apply: back to the list price
		row.update(
			{"margin_type": "", "margin_rate_or_amount": 0, "discount_percentage": 0, "discount_amount": 0}
		)
	source = row.get("_price_source")
	if source is None and flt(previous.get("list_rate")) == flt(row.price_list_rate):
		source = previous.get("source")
	trail = {
		"list_rate": flt(row.price_list_rate),
		"source": source,
		"steps": result["steps"],
		"rules": result["rules"],
		"rate": result["rate"] if result["fields"] else None,
	}
	row.pricing_rules = json.dumps(result["rules"]) if result["rules"] else None
	row.price_trail = pricing_rules.dumps(trail)


def apply_to_document(doc, transaction: dict) -> None:
	previous = load_trail(doc.get("price_trail"))
	if transaction["fields"]:
		doc.update(transaction["fields"])
	elif previous.get("fields"):
		doc.update({"additional_discount_percentage": 0, "discount_amount": 0})
	doc.price_trail = (
		pricing_rules.dumps({k: transaction[k] for k in ("rules", "steps", "fields")})
		if transaction["rules"]
		else None
	)


def sync_free_rows(doc, wanted: dict[tuple[str, str], float], fill_rows) -> None:
	"""One free row per (rule, item): its quantity follows the lines; gone when the rule no longer
	gives anything. Re-saving never duplicates them."""
	existing = {}
	for row in list(doc.get("items") or []):
		if not row.get("is_free_item") or keeps_source_price(row):
			continue
		key = (free_rule_of(row), row.item_code)
		if key in wanted and key not in existing:
			existing[key] = row
		else:
			doc.remove(row)
	added = []
	for (rule, item_code), qty in wanted.items():
		row = existing.get((rule, item_code))
		if not row:
			row = doc.append("items", {"item_code": item_code, "is_free_item": 1})
			added.append(row)
		row.update(
			{
				"qty": qty,
				"price_list_rate": 0,
				"rate": 0,
				"discount_percentage": 0,
				"discount_amount": 0,
				"margin_type": "",
				"margin_rate_or_amount": 0,
				"pricing_rules": json.dumps([rule]),
				"price_trail": pricing_rules.dumps(
					{"free_item": True, "rules": [rule], "list_rate": 0, "steps": [], "rate": 0}
				),
			}
		)
	for n, row in enumerate(doc.items, start=1):
		row.idx = n
	if added:
		fill_rows(added)


def rule_names(row) -> list[str]:
	"""The rules a line names: a JSON list (ERPNext's, or a comma-separated text)."""
	try:
		rules = json.loads(row.get("pricing_rules") or "[]")
	except ValueError:
		rules = [r.strip() for r in (row.get("pricing_rules") or "").split(",")]
	return [str(r) for r in rules if r] if isinstance(rules, list) else []


def free_rule_of(row) -> str | None:
	rules = rule_names(row)
	return rules[0] if rules else None


def check_free_rows(doc, wanted: dict[tuple[str, str], float]) -> None:
	"""On submit: each free row (not carried from a source line) is one the rules give, at most as
	many as they give. At save, sync_free_rows makes them so."""
	given: dict[tuple[str | None, str], list] = {}
	for row in doc.get("items") or []:
		if is_item_line(row) and row.get("is_free_item") and not keeps_source_price(row):
			given.setdefault((free_rule_of(row), row.item_code), []).append(row)
	for key, rows in given.items():
		qty = sum(flt(r.qty) for r in rows)
		if qty > flt(wanted.get(key)) + 1e-9:
			frappe.throw(
				_("Row {0}: {1} × {2} is given free, but the pricing rules give {3}.").format(
					rows[0].idx, number(qty, 6, True), frappe.bold(key[1]), number(wanted.get(key), 6, True)
				),
				title=_("Free Item Not Given"),
			)
