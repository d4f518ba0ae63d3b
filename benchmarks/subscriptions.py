"""Recurring invoicing of 5,000 subscriptions, timed: invoices per second.

    benchmarks/run.sh subscriptions [--subscriptions 5000] [--periods 1] [--draft] [--profile]

Creates a company, a customer, an item with a VAT class, a tax template and a monthly plan, then
the subscriptions (bulk-inserted: the set-up is not what is measured), all committed under names
unique to the run. Times `process_batch` over batches of 200, as the scheduled job runs it (one
transaction per invoice, submitted), and prints invoices per second. Everything is deleted at the end.
"""

import argparse
import cProfile
import pstats
import sys
import time
from datetime import date

import frappe
from frappe.utils import add_months, getdate, now_datetime
from summary import Figure, add_summary_argument, record

from sales_flow.subscriptions.billing import process_batch
from sales_flow.subscriptions.jobs import batches
from tests.support import insert_recorded, make_priced_item, make_throwaway_sales_masters

START = date(2024, 1, 31)


def parse_args() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--subscriptions", type=int, default=5000)
	parser.add_argument("--periods", type=int, default=1, help="periods due per subscription (catch-up)")
	parser.add_argument("--draft", action="store_true", help="leave the invoices as drafts")
	parser.add_argument("--profile", action="store_true", help="cProfile the first batch")
	add_summary_argument(parser)
	return parser.parse_args()


def make_masters(run: str, created: list[tuple[str, str]]) -> frappe._dict:
	m = make_throwaway_sales_masters("Bench Sub", run, "BA", created)
	company, customer, price_list, vat, taxes = m.company, m.customer, m.price_list, m.vat, m.taxes
	item = make_priced_item(created, f"BENCH-SUB-{run}", "Bench abonnement", vat, price_list, 29.99)
	plan = insert_recorded(
		created,
		{
			"doctype": "Subscription Plan",
			"plan_name": f"Bench Sub Plan {run}",
			"item": item,
			"cost": 29.99,
			"billing_interval": "Month",
			"billing_interval_count": 1,
		},
	)
	return frappe._dict(company=company, customer=customer, taxes=taxes, plan=plan)


def bulk_subscriptions(run: str, masters: frappe._dict, count: int, draft: bool) -> list[str]:
	now, names = now_datetime(), [f"BENCH-SUB-{run}-{i:05d}" for i in range(count)]
	common = {
		"owner": "Administrator",
		"modified_by": "Administrator",
		"creation": now,
		"modified": now,
		"docstatus": 0,
	}
	frappe.db.bulk_insert(
		"Subscription",
		[
			*common,
			"name",
			"party_type",
			"party",
			"company",
			"start_date",
			"generate_invoice_at",
			"days_until_due",
			"submit_invoice",
			"sales_tax_template",
			"status",
		],
		[
			[
				*common.values(),
				name,
				"Customer",
				masters.customer,
				masters.company,
				START,
				"Beginning of the current subscription period",
				30,
				0 if draft else 1,
				masters.taxes,
				"Active",
			]
			for name in names
		],
	)
	frappe.db.bulk_insert(
		"Subscription Plan Detail",
		[*common, "name", "parent", "parenttype", "parentfield", "idx", "plan", "qty"],
		[
			[*common.values(), f"{name}-P", name, "Subscription", "plans", 1, masters.plan, 1]
			for name in names
		],
	)
	frappe.db.commit()
	return names


def clean_up(names: list[str], created: list[tuple[str, str]]) -> None:
	frappe.db.rollback()
	for chunk in batches(names, 1000):
		invoices = frappe.get_all("Sales Invoice", {"subscription": ("in", chunk)}, pluck="name")
		for table, field in (
			("Sales Invoice Item", "parent"),
			("Sales Taxes and Charges", "parent"),
			("Payment Schedule", "parent"),
			("Sales Invoice", "name"),
		):
			if invoices:
				frappe.db.sql(f"delete from `tab{table}` where {field} in %s", [invoices])
		frappe.db.sql("delete from `tabSubscription Invoice` where parent in %s", [chunk])
		frappe.db.sql("delete from `tabSubscription Plan Detail` where parent in %s", [chunk])
		frappe.db.sql("delete from `tabSubscription` where name in %s", [chunk])
		frappe.db.commit()
	for doctype, name in reversed(created):
		frappe.delete_doc(doctype, name, force=True, ignore_missing=True, delete_permanently=True)
	frappe.db.commit()


def main() -> None:
	args = parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	run = frappe.generate_hash(length=6).upper()
	created: list[tuple[str, str]] = []
	names: list[str] = []
	try:
		masters = make_masters(run, created)
		frappe.db.commit()
		start = time.perf_counter()
		names = bulk_subscriptions(run, masters, args.subscriptions, args.draft)
		print(f"set-up: {len(names)} subscriptions in {time.perf_counter() - start:.1f} s", flush=True)
		today = getdate(add_months(START, args.periods - 1))
		created_total, started = 0, time.perf_counter()
		for i, batch in enumerate(batches(names)):
			profiler = cProfile.Profile() if args.profile and i == 0 else None
			if profiler:
				profiler.enable()
			summary = process_batch(batch, today)
			if profiler:
				profiler.disable()
				pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
			if summary.errors:
				print("errors:", summary.errors[:3], file=sys.stderr)
			created_total += summary.created
			elapsed = time.perf_counter() - started
			print(f"  {created_total} invoices, {created_total / elapsed:.1f} invoices/s", flush=True)
		elapsed = time.perf_counter() - started
		expected = len(names) * args.periods
		print(
			f"{created_total} invoices ({expected} expected) for {len(names)} subscriptions in {elapsed:.1f} s: "
			f"{created_total / elapsed:.1f} invoices per second ({'drafts' if args.draft else 'submitted'})"
		)
		record(
			args.summary,
			[
				Figure(
					"subscriptions",
					f"recurring invoicing, {len(names):,} subscriptions ({created_total:,} invoices)",
					created_total / elapsed,
					"invoices/s",
				)
			],
		)
	finally:
		clean_up(names, created)


if __name__ == "__main__":
	main()
