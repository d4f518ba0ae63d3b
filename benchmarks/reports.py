"""Every sales report, number card and chart timed on 2,000,000 submitted invoice lines.

    benchmarks/run.sh reports [--lines 2000000] [--repeat 3] [--regenerate]
    benchmarks/run.sh reports --lines 200000 --regenerate    # a smaller data set in place of the one kept
    benchmarks/run.sh reports --rebuild     # the daily summaries recomputed first (data of an older run)
    benchmarks/run.sh reports --only Receivable,Item-wise   # only the jobs whose label holds one of these

The data set lives on a company of its own ("Bench Rapports SARL") and is written once by bulk
SQL (INSERT ... SELECT over MariaDB's sequence tables, no ORM): 2,000 customers in 5 groups and 10
territories, 500 items in 10 groups, and over the last 365 days as many quotations, sales orders and
sales invoices of 5 lines each as make the requested number of invoice lines, consistent with each
other (parent totals are the sums of their lines, statuses follow the figures), then the daily sales
summaries the reports read are rebuilt from them (SQL writes pass no submit event). Later runs find it
and reuse it (--regenerate deletes and writes it again). Each report, card and chart then runs as
Administrator through Frappe's own entry point; the median of --repeat runs is printed against the
1 s target.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager

import frappe
from frappe.utils import add_months, nowdate
from summary import Figure, add_summary_argument, record

from sales_flow.analytics import listing, summary
from sales_flow.analytics.charts import SOURCES as CHART_SOURCES

COMPANY = "Bench Rapports SARL"
ABBR = "BRS"
CUSTOMERS, ITEMS, LINES_PER_DOC = 2000, 500, 5
CUSTOMER_GROUPS, TERRITORIES, ITEM_GROUPS = 5, 10, 10
# documents per INSERT ... SELECT, committed one batch at a time: 2,000,000 lines in one statement
# would hold one huge transaction (undo log, lock table) for minutes
BATCH = 40_000
TARGET = 1.0
# document -> (name prefix, date column)
DOCS = {
	"Quotation": ("BRS-QTN-", "transaction_date"),
	"Sales Order": ("BRS-SO-", "transaction_date"),
	"Sales Invoice": ("BRS-SINV-", "posting_date"),
}


def main() -> None:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--lines", type=int, default=2_000_000)
	parser.add_argument("--repeat", type=int, default=3)
	parser.add_argument("--regenerate", action="store_true")
	parser.add_argument("--rebuild", action="store_true", help="rebuild the daily summaries first")
	parser.add_argument(
		"--only", default="", help="comma-separated parts of the labels to time (e.g. 'Receivable,Item-wise')"
	)
	add_summary_argument(parser)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	figures: list[Figure] = []
	try:
		documents = args.lines // LINES_PER_DOC
		existing = invoice_lines()
		if existing and existing != documents * LINES_PER_DOC and not args.regenerate:
			# a data set of another size takes minutes to write again: never replaced unasked
			sys.exit(
				f"{args.site} holds {existing:,} invoice lines of {COMPANY}, not {documents * LINES_PER_DOC:,}: "
				f"pass --lines {existing} to time them, or --regenerate to write {documents * LINES_PER_DOC:,}"
			)
		if args.regenerate or not existing:
			started = time.perf_counter()
			generate(documents)
			figures.append(
				Figure(
					"reports",
					f"generate {documents * LINES_PER_DOC:,}-line data set (bulk SQL)",
					time.perf_counter() - started,
					"s",
				)
			)
			print(
				f"generated {documents * LINES_PER_DOC:,} lines each of quotations, orders and invoices "
				f"({documents:,} documents each) in {time.perf_counter() - started:.1f} s"
			)
			figures.append(rebuild_summaries())  # written in SQL: no submit event added them
		else:
			print(f"reusing the {invoice_lines():,} invoice lines of {COMPANY}")
			if args.rebuild:
				figures.append(rebuild_summaries())
		frappe.db.sql(
			"analyze table `tabSales Invoice`, `tabSales Invoice Item`, `tabSales Order`, "
			"`tabSales Order Item`, `tabQuotation`, `tabQuotation Item`, "
			"`tabSales Daily Customer Summary`, `tabSales Daily Item Summary`"
		)
		# Frappe switches a report that ran over 15 s to background ("prepared") runs: put back what was
		prepared = frappe.get_all("Report", filters={"prepared_report": 1}, pluck="name")
		try:
			timings, floors = time_everything(args.repeat, [part for part in args.only.split(",") if part])
			print_timings(timings)
			print_floors(timings, floors)
			figures += [
				Figure("reports", label, seconds * 1000, "ms", "< 1 s") for label, seconds, _size in timings
			]
			seconds_of = {label: seconds for label, seconds, _size in timings}
			for label, floor in floors.items():
				figures += [
					Figure(
						"reports",
						f"{label}: its rows read by frappe.db.sql(as_dict) alone",
						floor * 1000,
						"ms",
					),
					Figure("reports", f"{label} / its rows read by Frappe", seconds_of[label] / floor, "x"),
				]
			record(args.summary, figures)
		finally:
			frappe.db.sql(
				"update tabReport set prepared_report = 0 where module = 'Sales Flow' and name not in %(kept)s",
				{"kept": prepared or [""]},
			)
			frappe.db.commit()
	finally:
		frappe.destroy()


def rebuild_summaries() -> Figure:
	started = time.perf_counter()
	summary.rebuild()
	frappe.db.commit()
	seconds = time.perf_counter() - started
	rows = sum(frappe.db.count(table) for table in (summary.CUSTOMER, summary.ITEM))
	print(f"rebuilt the daily sales summaries ({rows:,} rows) in {seconds:.1f} s")
	return Figure("reports", "rebuild the daily summaries (SQL)", seconds, "s")


def invoice_lines() -> int:
	return frappe.db.sql("""select count(*) from `tabSales Invoice Item` where name like 'BRS-SINV-%%'""")[0][
		0
	]


# --- generation -----------------------------------------------------------------------------------


def generate(documents: int) -> None:
	delete_bench_data()
	ensure_company()
	groups = ensure_trees()
	insert_masters(groups)
	today = nowdate()
	for doctype in DOCS:
		for first in range(1, documents + 1, BATCH):
			last = min(first + BATCH - 1, documents)
			insert_lines(doctype, first, last)
			insert_parents(doctype, first, last, today)
			frappe.db.commit()


def delete_bench_data() -> None:
	for doctype, (prefix, _date) in DOCS.items():
		frappe.db.sql(f"delete from `tab{doctype} Item` where parent like %s", prefix + "%")
		frappe.db.sql(f"delete from `tab{doctype}` where name like %s", prefix + "%")
	frappe.db.sql("delete from `tabCustomer` where name like 'BRS-CUST-%%'")
	frappe.db.sql("delete from `tabItem` where name like 'BRS-ITEM-%%'")
	frappe.db.commit()


def ensure_company() -> None:
	if frappe.db.exists("Company", COMPANY):
		return
	previous = frappe.defaults.get_global_default("company")
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": COMPANY,
			"abbr": ABBR,
			"default_currency": "EUR",
			"country": "France",
		}
	).insert()
	if previous:  # the bench company must not become the site's default
		frappe.defaults.set_global_default("company", previous)


def ensure_trees() -> dict[str, list[str]]:
	"""A few groups under each root (through the ORM: nested sets), kept between runs."""
	from frappe.utils.nestedset import get_root_of

	made = {}
	for doctype, count in (
		("Customer Group", CUSTOMER_GROUPS),
		("Territory", TERRITORIES),
		("Item Group", ITEM_GROUPS),
	):
		field = frappe.scrub(doctype)
		names = [f"BRS {doctype} {i}" for i in range(count)]
		for name in names:
			if not frappe.db.exists(doctype, name):
				frappe.get_doc(
					{
						"doctype": doctype,
						f"{field}_name": name,
						f"parent_{field}": get_root_of(doctype),
						"is_group": 0,
					}
				).insert()
		made[doctype] = names
	return made


def pick(names: list[str], index_sql: str) -> str:
	"""SQL choosing one of `names` by an integer expression."""
	return "elt(1 + ({}) mod {}, {})".format(
		index_sql, len(names), ", ".join(frappe.db.escape(n) for n in names)
	)


def insert_masters(groups: dict[str, list[str]]) -> None:
	frappe.db.sql(
		f"""insert into `tabCustomer` (name, creation, modified, owner, modified_by, customer_name,
			customer_type, customer_group, territory)
		select concat('BRS-CUST-', lpad(seq, 5, '0')), now(), now(), 'Administrator', 'Administrator',
			concat('Client Bench ', seq), 'Company', {pick(groups["Customer Group"], "seq")},
			{pick(groups["Territory"], "seq div 7")}
		from seq_1_to_{CUSTOMERS}"""
	)
	frappe.db.sql(
		f"""insert into `tabItem` (name, creation, modified, owner, modified_by, item_code, item_name,
			item_group, stock_uom, is_sales_item, standard_rate)
		select concat('BRS-ITEM-', lpad(seq, 4, '0')), now(), now(), 'Administrator', 'Administrator',
			concat('BRS-ITEM-', lpad(seq, 4, '0')), concat('Article bench ', seq),
			{pick(groups["Item Group"], "seq")}, 'Unit', 1, 10 + seq mod 90
		from seq_1_to_{ITEMS}"""
	)


def insert_lines(doctype: str, first: int, last: int) -> None:
	"""5 lines per document: item (doc*7 + line) mod 500, qty 1..5, rate = the item's standard rate."""
	prefix, _date = DOCS[doctype]
	extra_columns, extra_values = "", ""
	if doctype == "Sales Order":
		# 9 orders in 10 are delivered and billed; the tenth nothing yet
		extra_columns = ", delivered_qty, billed_qty, billed_amt, delivery_date"
		extra_values = ", if(doc mod 10 = 0, 0, qty), if(doc mod 10 = 0, 0, qty), if(doc mod 10 = 0, 0, qty * rate), curdate()"
	elif doctype == "Quotation":
		extra_columns, extra_values = ", ordered_qty", ", if(doc mod 20 < 12, qty, 0)"
	elif doctype == "Sales Invoice":
		extra_columns = ", sales_order, so_detail"
		extra_values = (
			", concat('BRS-SO-', lpad(doc, 7, '0')), concat('BRS-SO-', lpad(doc, 7, '0'), '-', line)"
		)
	frappe.db.sql(
		f"""insert into `tab{doctype} Item` (name, creation, modified, owner, modified_by, docstatus, parent,
			parentfield, parenttype, idx, item_code, item_name, item_group, qty, stock_qty, uom,
			conversion_factor, price_list_rate, base_price_list_rate, rate, amount, net_rate, net_amount,
			base_rate, base_amount, base_net_rate, base_net_amount{extra_columns})
		select concat(%(prefix)s, lpad(doc, 7, '0'), '-', line), now(), now(), 'Administrator', 'Administrator',
			1, concat(%(prefix)s, lpad(doc, 7, '0')), 'items', %(doctype)s, line, item.name, item.item_name,
			item.item_group, qty, qty, 'Unit', 1, rate, rate, rate, qty * rate, rate, qty * rate, rate,
			qty * rate, rate, qty * rate{extra_values}
		from (
			select doc.seq as doc, line.seq as line, 1 + (doc.seq + line.seq) mod 5 as qty,
				concat('BRS-ITEM-', lpad(1 + (doc.seq * 7 + line.seq) mod {ITEMS}, 4, '0')) as item_code,
				10 + (1 + (doc.seq * 7 + line.seq) mod {ITEMS}) mod 90 as rate
			from seq_{first}_to_{last} doc join seq_1_to_{LINES_PER_DOC} line
		) gen join `tabItem` item on item.name = gen.item_code""",
		{"prefix": prefix, "doctype": doctype},
	)


def insert_parents(doctype: str, first: int, last: int, today: str) -> None:
	"""Totals from the lines (VAT 20 %), a date over the last 365 days, a status that fits."""
	prefix, date_column = DOCS[doctype]
	customer = f"concat('BRS-CUST-', lpad(1 + doc mod {CUSTOMERS}, 5, '0'))"
	day = "date_sub(%(today)s, interval doc mod 365 day)"
	columns = {
		"Quotation": (
			"quotation_to, party_name, customer, valid_till, status, per_ordered",
			f"""'Customer', {customer}, {customer}, date_add({day}, interval 30 day),
			case when doc mod 20 < 12 then 'Ordered' when doc mod 20 < 15 then 'Lost'
				when date_add({day}, interval 30 day) < %(today)s then 'Expired' else 'Open' end,
			if(doc mod 20 < 12, 100, 0)""",
		),
		"Sales Order": (
			"customer, delivery_date, status, per_delivered, per_billed",
			f"""{customer}, date_add({day}, interval 10 day),
			if(doc mod 10 = 0, 'To Deliver and Bill', 'Completed'), if(doc mod 10 = 0, 0, 100), if(doc mod 10 = 0, 0, 100)""",
		),
		"Sales Invoice": (
			"customer, due_date, is_return, status, outstanding_amount",
			f"""{customer}, date_add({day}, interval 30 day), 0,
			case when doc mod 5 > 0 then 'Paid' when date_add({day}, interval 30 day) < %(today)s then 'Overdue'
				else 'Unpaid' end,
			if(doc mod 5 = 0, round(sum(line.base_net_amount) * 1.2, 2), 0)""",
		),
	}[doctype]
	frappe.db.sql(
		f"""insert into `tab{doctype}` (name, creation, modified, owner, modified_by, docstatus, title,
			naming_series, company, {date_column}, customer_name, customer_group, territory, currency,
			conversion_rate, selling_price_list, price_list_currency, plc_conversion_rate, total_qty,
			total, net_total, base_total, base_net_total, total_taxes_and_charges,
			base_total_taxes_and_charges, grand_total, base_grand_total, rounded_total, base_rounded_total,
			{columns[0]})
		select doc_name, now(), now(), 'Administrator', 'Administrator', 1, customer.customer_name,
			%(prefix)s, %(company)s, {day}, customer.customer_name, customer.customer_group,
			customer.territory, 'EUR', 1, 'Standard Selling', 'EUR', 1, sum(line.qty),
			sum(line.net_amount), sum(line.net_amount), sum(line.net_amount), sum(line.net_amount),
			round(sum(line.net_amount) * 0.2, 2), round(sum(line.net_amount) * 0.2, 2),
			round(sum(line.net_amount) * 1.2, 2), round(sum(line.net_amount) * 1.2, 2),
			round(sum(line.net_amount) * 1.2, 2), round(sum(line.net_amount) * 1.2, 2),
			{columns[1]}
		from (
			select seq as doc, concat(%(prefix)s, lpad(seq, 7, '0')) as doc_name from seq_{first}_to_{last}
		) gen
		join `tab{doctype} Item` line on line.parent = gen.doc_name
		join `tabCustomer` customer on customer.name = {customer}
		group by gen.doc""",
		{"prefix": prefix, "company": COMPANY, "today": today},
	)


# --- timing -----------------------------------------------------------------------------------------


def time_everything(repeat: int, only: list[str] | None = None) -> list[tuple[str, float, str]]:
	from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as chart_data
	from frappe.desk.doctype.number_card.number_card import get_result
	from frappe.desk.query_report import run

	today, year_ago = nowdate(), add_months(nowdate(), -12)
	company = {"company": COMPANY}
	reports = {
		"Sales Analytics (customer, monthly, invoices)": (
			"Sales Analytics",
			{
				"tree_type": "Customer",
				"doc_type": "Sales Invoice",
				"value_quantity": "Value",
				"range": "Monthly",
				"from_date": year_ago,
				"to_date": today,
			},
		),
		"Sales Analytics (item group tree, quantity, orders)": (
			"Sales Analytics",
			{
				"tree_type": "Item Group",
				"doc_type": "Sales Order",
				"value_quantity": "Quantity",
				"range": "Monthly",
				"from_date": year_ago,
				"to_date": today,
			},
		),
		"Sales Analytics (item, weekly, invoices)": (
			"Sales Analytics",
			{
				"tree_type": "Item",
				"doc_type": "Sales Invoice",
				"value_quantity": "Value",
				"range": "Weekly",
				"from_date": year_ago,
				"to_date": today,
			},
		),
		"Quotation Trends (customer, monthly)": (
			"Quotation Trends",
			{"based_on": "Customer", "period": "Monthly", "from_date": year_ago, "to_date": today},
		),
		"Sales Funnel (12 months)": ("Sales Funnel", {"from_date": year_ago, "to_date": today}),
		"Sales Order Analysis (pending, 12 months)": (
			"Sales Order Analysis",
			{"from_date": year_ago, "to_date": today},
		),
		"Accounts Receivable (today)": ("Accounts Receivable", {"report_date": today}),
		"Item-wise Sales History (1 month)": (
			"Item-wise Sales History",
			{"from_date": add_months(today, -1), "to_date": today},
		),
		"Customer Acquisition and Loyalty (12 months)": (
			"Customer Acquisition and Loyalty",
			{"from_date": year_ago, "to_date": today},
		),
		"Inactive Customers (60 days, invoices)": (
			"Inactive Customers",
			{"doc_type": "Sales Invoice", "days_since_last_order": 60},
		),
	}
	for other in (
		"Quotation Follow-up Statistics",
		"Lost Quotations",
		"Sales Partner Commission",
		"MRR",
		"Monthly Recurring Revenue",
	):
		if frappe.db.exists("Report", other):  # the other helpers' reports, with their default filters
			reports[f"{other} (12 months)"] = (other, {"from_date": year_ago, "to_date": today})
	jobs: list[tuple[str, Callable[[], object]]] = [
		(
			f"report: {label}",
			lambda name=name, filters=filters: run(
				name, filters={**company, **filters}, ignore_prepared_report=1
			),
		)
		for label, (name, filters) in reports.items()
	]
	for card in frappe.get_all(
		"Number Card",
		filters={"module": "Sales Flow"},
		fields=["name", "type", "method", "filters_json", "document_type"],
	):
		if card.type == "Custom":
			jobs.append(
				(f"card: {card.name}", lambda card=card: frappe.get_attr(card.method)(filters=company))
			)
		else:
			doc = frappe.get_doc("Number Card", card.name).as_json()
			filters = frappe.parse_json(card.filters_json) + [
				[card.document_type, "company", "=", COMPANY, False]
			]
			jobs.append((f"card: {card.name}", lambda doc=doc, filters=filters: get_result(doc, filters)))
	for chart in frappe.get_all(
		"Dashboard Chart",
		filters={"module": "Sales Flow"},
		fields=["name", "document_type", "chart_type", "source"],
	):
		if chart.chart_type == "Custom":  # its source's method, as the desk calls it
			method = CHART_SOURCES[chart.source]
			jobs.append((f"chart: {chart.name}", lambda method=method: method(filters=company)))
		else:
			filters = [[chart.document_type, "company", "=", COMPANY, False]]
			jobs.append(
				(
					f"chart: {chart.name}",
					lambda chart=chart, filters=filters: chart_data(
						chart_name=chart.name, refresh=1, filters=filters
					),
				)
			)
	if only:  # --only: the jobs whose label holds one of the parts given
		jobs = [(label, job) for label, job in jobs if any(part in label for part in only)]
	timings, floors = [], {}
	for label, job in jobs:
		try:
			with rows_read_as_json() as queries:
				job()  # warm-up (caches, metadata), not timed
			seconds, result = median_seconds(job, repeat)
			timings.append((label, seconds, size_of(result)))
			if queries:
				floors[label], _rows = median_seconds(lambda queries=queries: read_by_frappe(queries), repeat)
		except Exception as e:  # one broken report must not hide the others' figures
			timings.append((label, float("nan"), f"error: {e!r}"[:80]))
		frappe.db.rollback()
	return timings, floors


@contextmanager
def rows_read_as_json():
	"""The queries a listing report reads its rows with (listing.json_arrays), as it runs."""
	queries, read = [], listing.json_arrays

	def recording(select: dict, rest: str, values: dict) -> list:
		queries.append((select, rest, values))
		return read(select, rest, values)

	listing.json_arrays = recording
	try:
		yield queries
	finally:
		listing.json_arrays = read


def read_by_frappe(queries: list[tuple[dict, str, dict]]) -> None:
	"""The same rows read as any Frappe report reads its rows: frappe.db.sql(as_dict=True), and no
	more (no sort, total, chart or Frappe's report machinery): the floor of a report of that many rows."""
	for select, rest, values in queries:
		columns = ", ".join(f"{sql} as `{name}`" for name, sql in select.items())
		frappe.db.sql(f"select {columns} {rest}", values, as_dict=True)


def median_seconds(job: Callable[[], object], repeat: int) -> tuple[float, object]:
	"""The median of `repeat` timed runs, and what the last one returned."""
	runs, result = [], None
	for _ in range(repeat):
		started = time.perf_counter()
		result = job()
		runs.append(time.perf_counter() - started)
	return statistics.median(runs), result


def size_of(result) -> str:
	if isinstance(result, dict) and "result" in result:
		return f"{len(result['result'])} rows"
	if isinstance(result, dict) and "value" in result:
		return f"value {result['value']}"
	if isinstance(result, dict) and "labels" in result:
		return f"{len(result['labels'])} points"
	return f"value {result}"


def print_timings(timings: list[tuple[str, float, str]]) -> None:
	width = max(len(label) for label, *_rest in timings)
	# two cores shared with other work: the figures move with the load, printed beside them
	load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
	print(f"\n{'':<{width}}  median   target {TARGET:.0f} s   (load average {load})")
	for label, seconds, size in timings:
		flag = "ok" if seconds < TARGET else "SLOW" if seconds == seconds else "ERROR"
		print(f"{label:<{width}}  {seconds * 1000:7.0f} ms  {flag:<5} {size}")
	slow = [label for label, seconds, _size in timings if not seconds < TARGET]
	print(
		f"\n{len(timings) - len(slow)}/{len(timings)} under {TARGET:.0f} s"
		+ (f"; over: {', '.join(slow)}" if slow else "")
	)


def print_floors(timings: list[tuple[str, float, str]], floors: dict[str, float]) -> None:
	"""Each listing report beside the time Frappe takes to read its rows alone."""
	if not floors:
		return
	seconds_of = {label: seconds for label, seconds, _size in timings}
	width = max(len(label) for label in floors)
	print("\nlisting reports / their rows read by frappe.db.sql(as_dict=True) alone (Frappe's floor):")
	for label, floor in floors.items():
		report = seconds_of[label]
		print(f"{label:<{width}}  {report * 1000:7.0f} ms / {floor * 1000:7.0f} ms = {report / floor:.2f}x")


if __name__ == "__main__":
	sys.exit(main())
