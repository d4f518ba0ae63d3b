"""Pricing a 100-line document with 50 active pricing rules, timed.

    benchmarks/run.sh pricing [--lines 100] [--rules 50] [--repeat 9]

Creates (in one transaction, rolled back at the end: nothing stays) a price list, a customer in a
customer group, `--lines` priced items in two item groups, and `--rules` active selling rules of
every kind: item code rules (discounts, rates, margins, apply-multiple), item group rules, customer
and customer group rules, quantity-bounded rules, free items and document-level rules. Then times,
median of `--repeat` runs after one warm-up:
- pricing alone: set_missing_values + set_item_details (list prices and rules) on a fresh draft;
- the whole validate of that draft (pricing, checks, totals, price checks), without writing;
and counts the SQL queries of one pricing run, to show it does not grow with the lines.
"""

import argparse
import os
import statistics
import sys
import time

import frappe
from frappe.utils import nowdate
from frappe.utils.nestedset import get_root_of

# the checkout's tests package before any other of that name (the bench's site-packages has one)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from summary import Figure, add_summary_argument, record

from sales_flow.controllers.details import set_missing_values
from sales_flow.controllers.item_details import set_item_details
from tests.support import make_priced_item, make_throwaway_company


def parse_args() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--lines", type=int, default=100)
	parser.add_argument("--rules", type=int, default=50)
	parser.add_argument("--repeat", type=int, default=9)
	add_summary_argument(parser)
	return parser.parse_args()


def make_masters(run: str, lines: int) -> frappe._dict:
	created: list[tuple[str, str]] = []
	company = make_throwaway_company(f"Bench Pricing SARL {run}", f"BP{run}", created)
	price_list = frappe.get_doc(
		{"doctype": "Price List", "price_list_name": f"Bench Prix {run}", "currency": "EUR", "selling": 1}
	).insert()
	vat = frappe.get_doc(
		{
			"doctype": "Item Tax Template",
			"title": f"Bench Prix VAT {run}",
			"taxes": [{"tax_type": "TVA 20", "tax_rate": 20}],
		}
	).insert()
	groups = [
		frappe.get_doc(
			{
				"doctype": "Item Group",
				"item_group_name": f"Bench Groupe {run} {n}",
				"parent_item_group": get_root_of("Item Group"),
			}
		)
		.insert()
		.name
		for n in range(2)
	]
	customer_group = frappe.get_doc(
		{
			"doctype": "Customer Group",
			"customer_group_name": f"Bench Pros {run}",
			"parent_customer_group": get_root_of("Customer Group"),
		}
	).insert()
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": f"Bench Prix Client {run}",
			"default_price_list": price_list.name,
			"customer_group": customer_group.name,
			"territory": get_root_of("Territory"),
		}
	).insert()
	items = []
	for i in range(lines):
		code = make_priced_item(
			created, f"BENCHP-{run}-{i:03d}", f"Bench prix {i:03d}", vat.name, price_list.name, 5 + i * 1.37
		)
		frappe.db.set_value("Item", code, "item_group", groups[i % 2])
		items.append(code)
	return frappe._dict(
		company=company,
		price_list=price_list.name,
		customer=customer.name,
		customer_group=customer_group.name,
		groups=groups,
		codes=items,
	)


def make_rules(m: frappe._dict, count: int) -> None:
	"""`count` active rules, of every kind, many of them meeting the same lines."""
	kinds = [
		lambda n: {"apply_on": "Item Code", "items": items(m, n, 10), "discount_percentage": 1 + n % 15},
		lambda n: {
			"apply_on": "Item Code",
			"items": items(m, n, 5),
			"rate_or_discount": "Discount Amount",
			"discount_amount": 0.5,
			"apply_multiple_pricing_rules": 1,
			"priority": 2,
		},
		lambda n: {
			"apply_on": "Item Group",
			"item_groups": [{"item_group": m.groups[n % 2]}],
			"discount_percentage": 3,
			"min_qty": 2,
		},
		lambda n: {
			"apply_on": "Item Code",
			"items": items(m, n, 8),
			"applicable_for": "Customer",
			"customer": m.customer,
			"discount_percentage": 4,
			"priority": 1,
		},
		lambda n: {
			"apply_on": "Item Group",
			"item_groups": [{"item_group": m.groups[0]}],
			"applicable_for": "Customer Group",
			"customer_group": m.customer_group,
			"margin_type": "Percentage",
			"margin_rate_or_amount": 2,
			"discount_percentage": 1,
		},
		lambda n: {
			"apply_on": "Item Code",
			"items": items(m, n, 4),
			"price_or_product_discount": "Product",
			"same_item": 1,
			"free_qty": 1,
			"is_recursive": 1,
			"recurse_for": 5,
		},
		lambda n: {
			"apply_on": "Item Code",
			"items": items(m, n, 6),
			"min_qty": 3,
			"max_qty": 6,
			"rate_or_discount": "Rate",
			"rate": 4.99,
		},
		lambda n: {"apply_on": "Transaction", "min_amt": 100 * n, "discount_percentage": 1 + n % 3},
	]
	for n in range(count):
		frappe.get_doc(
			{
				"doctype": "Pricing Rule",
				"title": f"Bench règle {n}",
				"selling": 1,
				"company": m.company,
				**kinds[n % len(kinds)](n),
			}
		).insert()


def items(m: frappe._dict, n: int, size: int) -> list[dict]:
	start = (n * 7) % len(m.codes)
	return [{"item_code": m.codes[(start + k) % len(m.codes)]} for k in range(size)]


def draft(m: frappe._dict):
	return frappe.get_doc(
		{
			"doctype": "Quotation",
			"company": m.company,
			"quotation_to": "Customer",
			"party_name": m.customer,
			"transaction_date": nowdate(),
			"items": [{"item_code": code, "qty": 1 + i % 7} for i, code in enumerate(m.codes)],
		}
	)


class QueryCounter:
	"""Counts frappe.db.sql calls (every query of Frappe and ours goes through it)."""

	def __enter__(self):
		self.count, self.original = 0, frappe.db.sql

		def counted(*args, **kwargs):
			self.count += 1
			return self.original(*args, **kwargs)

		frappe.db.sql = counted
		return self

	def __exit__(self, *exc):
		frappe.db.sql = self.original


def time_ms(action) -> float:
	start = time.perf_counter()
	action()
	return (time.perf_counter() - start) * 1000


def price(doc) -> None:
	set_missing_values(doc)
	set_item_details(doc)


def engine_only(doc) -> None:
	"""The rule choice for every line and the document, on rules already loaded: no database."""
	from sales_flow.pricing import rules as pricing_rules
	from sales_flow.pricing.loading import load_rules

	if not hasattr(engine_only, "rules"):
		engine_only.rules = load_rules(doc.company, nowdate(), set(), {r.item_code for r in doc.items})
	rules = engine_only.rules
	index = pricing_rules.index_rules(rules)
	ctx = {"customer": doc.party_name, "customer_groups": {doc.customer_group}}
	for row in doc.items:
		line = {
			"item_code": row.item_code,
			"uom": row.uom,
			"qty": row.qty,
			"list_rate": row.price_list_rate,
			"item_groups": {row.item_group},
		}
		pricing_rules.price_line(line, pricing_rules.candidates(index, line), ctx)
	pricing_rules.price_transaction(doc.total_qty or 0, 10000, rules, ctx)


def main() -> None:
	args = parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	run = frappe.generate_hash(length=6).upper()
	try:
		start = time.perf_counter()
		m = make_masters(run, args.lines)
		make_rules(m, args.rules)
		print(
			f"set-up: {args.lines} items, {args.rules} rules: {time.perf_counter() - start:.1f} s (rolled back at the end)"
		)
		price(draft(m))  # warm-up: metas, caches
		frappe.get_doc(draft(m)).run_method("validate")
		pricing = [time_ms(lambda: price(draft(m))) for _ in range(args.repeat)]
		validate = [time_ms(lambda: draft(m).run_method("validate")) for _ in range(args.repeat)]
		doc = draft(m)
		set_missing_values(doc)
		with QueryCounter() as queries:
			set_item_details(doc)
		engine = [time_ms(lambda: engine_only(doc)) for _ in range(args.repeat)]
		priced = [r for r in doc.items if r.pricing_rules and not r.is_free_item]
		free = [r for r in doc.items if r.is_free_item]
		print(
			f"\n{args.lines} lines, {args.rules} active rules, median of {args.repeat} runs (after 1 warm-up), ms"
		)
		print(f"{'step':<52}{'median':>9}{'min':>9}{'max':>9}")
		for label, values in (
			("pricing (list prices + rules + free items)", pricing),
			("whole validate (pricing, checks, totals), no write", validate),
			("rule engine alone (loaded rules, pure functions)", engine),
		):
			print(f"{label:<52}{statistics.median(values):>9.1f}{min(values):>9.1f}{max(values):>9.1f}")
		print(f"\nSQL queries of one pricing run (set_item_details): {queries.count}")
		area = "pricing"
		record(
			args.summary,
			[
				Figure(
					area,
					f"price {args.lines} lines with {args.rules} active rules",
					statistics.median(pricing),
					"ms",
				),
				Figure(area, "  whole validate (pricing, checks, totals)", statistics.median(validate), "ms"),
				Figure(area, "  SQL queries of one pricing run", queries.count, "queries"),
			],
		)
		print(
			f"lines priced by a rule: {len(priced)} of {args.lines}; free item rows: {len(free)}; "
			f"document discount: {doc.additional_discount_percentage or 0} % / {doc.discount_amount or 0}"
		)
	finally:
		frappe.db.rollback()
		frappe.clear_cache()
		frappe.destroy()


if __name__ == "__main__":
	main()
