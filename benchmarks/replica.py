"""Where the report queries land with a read replica: each report, number card and chart of the
module and the "Ventes" workspace call, on a site whose config sets `read_from_replica`
(benchmarks/replica.sh start --site SITE), counting the SELECTs each one sent to the primary and
to the replica.

    benchmarks/replica.sh start --site SITE
    benchmarks/run.sh replica --site SITE [--repeat 3]
    benchmarks/replica.sh stop

The primary is shared (other sites, other work): its SELECTs are counted on this process's own
connection (`SHOW SESSION STATUS`); the replica serves nobody else, its global `Com_select` counts
what reached it. Each call runs as a desk request does, as Administrator and on a fresh pair of
connections (Frappe's read-only switch is made once per request); its median time is printed beside
the same call with `read_from_replica` off, run in turn, under the same load.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable

import frappe
from frappe.database import get_db
from frappe.desk.query_report import run as run_report
from frappe.utils import add_months, nowdate

from sales_flow.analytics.charts import SOURCES
from sales_flow.analytics.workspace import workspace_figures

# a report each of the shapes the module has (trees x periods, ageing, pending lines, customers)
REPORTS = {
	"Sales Analytics": {
		"tree_type": "Customer",
		"doc_type": "Sales Invoice",
		"value_quantity": "Value",
		"range": "Monthly",
	},
	"Quotation Trends": {"based_on": "Customer", "period": "Monthly"},
	"Sales Funnel": {},
	"Sales Order Analysis": {},
	"Accounts Receivable": {"report_date": None},  # today
	"Customer Acquisition and Loyalty": {},
	"Inactive Customers": {"doc_type": "Sales Invoice", "days_since_last_order": 60},
}


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--repeat", type=int, default=3)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		if not frappe.conf.read_from_replica:
			sys.exit(
				f"{args.site} does not read from a replica: run benchmarks/replica.sh start --site {args.site}"
			)
		rows = [(label, *measure(job, args.repeat)) for label, job in jobs()]
		print_rows(rows)
	finally:
		frappe.destroy()


def jobs() -> list[tuple[str, Callable[[], object]]]:
	company = frappe.db.get_value("Company", {}, "name")
	period = {"company": company, "from_date": add_months(nowdate(), -12), "to_date": nowdate()}
	REPORTS["Accounts Receivable"]["report_date"] = nowdate()
	listed = [
		(
			f"report: {name}",
			lambda name=name, filters=filters: run_report(
				name, filters={**period, **filters}, ignore_prepared_report=True
			),
		)
		for name, filters in REPORTS.items()
		if frappe.db.exists("Report", name)
	]
	for card in frappe.get_all("Number Card", {"module": "Sales Flow", "type": "Custom"}, ["name", "method"]):
		listed.append(
			(
				f"card: {card.name}",
				lambda method=card.method: frappe.get_attr(method)(filters={"company": company}),
			)
		)
	for source, method in SOURCES.items():
		listed.append((f"chart: {source}", lambda method=method: method(filters={"company": company})))
	listed.append(("workspace: Ventes (every card and chart)", lambda: workspace_figures("Ventes")))
	return listed


def measure(job: Callable[[], object], repeat: int) -> tuple[int, int, float, float]:
	"""(SELECTs on the primary, on the replica, median ms from the replica, median ms without it)"""
	fresh_request()
	job()  # warm-up: metadata and caches, as a served site has them
	on_primary, on_replica = primary_selects(), replica_selects()
	with_replica, without = [], []
	for _ in range(repeat):
		with_replica.append(timed(job))
	on_primary, on_replica = primary_selects() - on_primary, replica_selects() - on_replica
	frappe.local.conf.read_from_replica = 0
	try:
		for _ in range(repeat):
			without.append(timed(job))
	finally:
		frappe.local.conf.read_from_replica = 1
	return on_primary, on_replica, statistics.median(with_replica), statistics.median(without)


def timed(job: Callable[[], object]) -> float:
	fresh_request()
	started = time.perf_counter()
	job()
	return (time.perf_counter() - started) * 1000


def fresh_request() -> None:
	"""What a new request starts from: no replica connection yet, nothing cached in this process
	between two calls of the workspace (its figures are cached per data version)."""
	for name in ("replica_db", "primary_db"):
		if hasattr(frappe.local, name):
			delattr(frappe.local, name)
	frappe.cache.delete_keys("sales_flow:workspace:")
	frappe.db.rollback()


def primary_selects() -> int:
	return int(frappe.db.sql("show session status like 'Com_select'")[0][1])


def replica_selects() -> int:
	conf = frappe.local.conf
	replica = get_db(
		host=conf.replica_host,
		port=conf.replica_db_port,
		user=conf.db_name,
		password=conf.db_password,
		cur_db_name=conf.db_name,
	)
	try:
		return int(replica.sql("show global status like 'Com_select'")[0][1])
	finally:
		replica.close()


def print_rows(rows: list[tuple]) -> None:
	width = max(len(row[0]) for row in rows)
	load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
	print(f"\n{'':<{width}}  SELECTs on primary  on replica   ms (replica)  ms (primary only)   load {load}")
	for label, primary, replica, with_replica, without in rows:
		print(f"{label:<{width}}  {primary:>18}  {replica:>10}  {with_replica:>12.1f}  {without:>17.1f}")
	primary, replica = sum(row[1] for row in rows), sum(row[2] for row in rows)
	print(
		f"\n{replica:,} SELECTs on the replica, {primary:,} on the primary: "
		+ (
			"every report query landed on the replica"
			if primary == 0 and replica
			else "SOME REACHED THE PRIMARY"
		)
	)


if __name__ == "__main__":
	sys.exit(main())
