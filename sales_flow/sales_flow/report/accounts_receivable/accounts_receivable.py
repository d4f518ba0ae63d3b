"""Accounts Receivable: what each submitted invoice still owed on a date, one row per instalment of
its payment schedule left to pay (or one row for an invoice without a schedule), aged on the
instalment's due date in 0-30, 31-60, 61-90 and over 90 days (not yet due counts in 0-30).

The outstanding amount stored on the invoice is today's; for an earlier date the payments and
credit notes posted after it are added back, and that amount pays the instalments oldest due first
(controllers/instalments.py)."""

from bisect import bisect_left
from math import fsum
from operator import itemgetter

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from sales_flow.analytics import listing, reporting
from sales_flow.controllers.instalments import followed, schedules_of_selected
from sales_flow.totals.calculation import round_half_up

BUCKETS = (
	("range1", "0-30", 0, 30),
	("range2", "31-60", 31, 60),
	("range3", "61-90", 61, 90),
	("range4", "90+", 91, None),
)
EMPTY_BUCKETS = {key: 0 for key, _label, _low, _high in BUCKETS}
BUCKET_KEYS = [key for key, _label, _low, _high in BUCKETS]
BUCKET_HIGHS = [high for _key, _label, _low, high in BUCKETS if high is not None]  # ascending


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	filters.company = filters.get("company") or reporting.default_company()
	filters.report_date = getdate(filters.get("report_date") or nowdate())
	reporting.require_report_access("Sales Invoice")
	columns = get_columns()
	data = listing.with_total_row(columns, get_data(filters))
	return columns, data, None, get_chart(data, columns)


def get_data(filters: frappe._dict) -> list[dict]:
	invoices = owed_invoices(filters)
	schedules = schedules_of_selected(
		[f"select {SI}.name from {source}" for source in candidate_sources(filters)], filters
	)
	report_date = filters.report_date
	rows, with_terms = [], False
	for invoice in invoices:
		schedule = schedules.get(invoice.invoice)
		if schedule:
			instalments = instalment_rows(invoice, schedule, report_date)
			with_terms = with_terms or any("payment_term" in row for row in instalments)
			rows += instalments
		else:  # most invoices: their one row as the query made it
			rows.append(invoice)
	if with_terms:
		# every row of the same keys: Frappe's check of the Link columns (get_linked_doctypes) stops
		# once it has seen a value for each key of a row, but reads every cell of a row of other keys
		for row in rows:
			row.setdefault("payment_term", "")
	return sorted(rows, key=itemgetter("due_date", "invoice"))


def instalment_rows(invoice: dict, schedule: list[dict], report_date) -> list[dict]:
	"""The invoice's instalments left to pay on the date, each aged on its own due date; the
	invoice's own row when none is left (what was paid was allocated otherwise)."""
	instalments = [
		row for row in followed(schedule, invoice.outstanding_on_date) if flt(row.outstanding) > 0.005
	]
	if not instalments:
		return [invoice]
	return [
		aged_row(invoice, row.get("description") or "", getdate(row.due_date), row.outstanding, report_date)
		for row in instalments
	]


def aged_row(invoice: dict, payment_term: str, due_date, outstanding, report_date) -> dict:
	"""An instalment's row, aged as the query ages an invoice's (owed_invoices)."""
	outstanding = round_half_up(flt(outstanding) * flt(invoice.conversion_rate or 1))
	age = (report_date - due_date).days
	row = {**invoice, "due_date": due_date, "age": age, "outstanding": outstanding, **EMPTY_BUCKETS}
	if payment_term:
		row["payment_term"] = payment_term
	row[bucket_of(age)] = outstanding
	return row


def bucket_of(age: int) -> str:
	# not yet due (a negative age) counts in the first bucket
	return BUCKET_KEYS[bisect_left(BUCKET_HIGHS, age)]


def owed_invoices(filters: frappe._dict) -> list[dict]:
	"""Each invoice that was owed on the report date, with what it owed then, in its currency, and
	its row as the report shows it when it has no schedule: aged on its due date (its posting date
	without one), what it owed in the company's currency rounded half up to the cent, in its bucket.

	No payment term: when no row of the report has one, the key is left out, which spares Frappe's
	check of the report's Link columns (get_linked_doctypes) a pass over every row's every cell,
	looking for a value the column never has."""
	owed_on_date = f"""({SI}.outstanding_amount + coalesce(paid_after.amount, 0)
		- coalesce(returned_after.amount, 0))"""
	due_date = f"coalesce({SI}.due_date, {SI}.posting_date)"
	age = f"datediff(%(report_date)s, {due_date})"
	outstanding = f"round({owed_on_date} * coalesce(nullif({SI}.conversion_rate, 0), 1), 2)"
	select = {
		"invoice": f"{SI}.name",
		"posting_date": f"{SI}.posting_date",
		"customer": f"{SI}.customer",
		"customer_name": f"{SI}.customer_name",
		"due_date": due_date,
		"invoiced": f"coalesce(nullif({SI}.base_rounded_total, 0), {SI}.base_grand_total)",
		"conversion_rate": f"{SI}.conversion_rate",
		"outstanding_on_date": owed_on_date,
		"age": age,
		"outstanding": outstanding,
		**{key: bucket_sql(age, low, high, outstanding) for key, _label, low, high in BUCKETS},
	}
	# the rows are sorted by instalment afterwards: no order by, no temporary table of 80,000 rows
	return [
		row
		for source in candidate_sources(filters)
		for row in listing.json_rows(
			select, f"from {source} and {owed_on_date} > 0.005", filters, dates=("posting_date", "due_date")
		)
	]


def bucket_sql(age: str, low: int, high: int | None, outstanding: str) -> str:
	"""What an invoice owed when its age falls in the bucket, 0 otherwise (bucket_of in SQL)."""
	above = f"{age} >= {low}" if low else "true"  # not yet due counts in the first bucket
	below = f"{age} <= {high}" if high is not None else "true"
	return f"if({above} and {below}, {outstanding}, 0)"


SI = "`tabSales Invoice`"
# what was paid, and credited by a return, of each invoice after the report date: added back
PAID_AFTER = """select ref.reference_name, sum(ref.allocated_amount) as amount
	from `tabPayment Entry Reference` ref join `tabPayment Entry` pe on pe.name = ref.parent
	where pe.docstatus = 1 and pe.posting_date > %(report_date)s and ref.reference_doctype = 'Sales Invoice'
	group by ref.reference_name"""
RETURNED_AFTER = """select return_against, sum(rounded_total) as amount from `tabSales Invoice`
	where docstatus = 1 and is_return = 1 and posting_date > %(report_date)s
	group by return_against"""


def candidate_sources(filters: frappe._dict) -> list[str]:
	"""The invoices that may have been owed on the date (`from ... where ...`, with what was paid and
	credited after the date joined), in two parts that do not overlap: those owed today, one range of
	sf_report_owed (it covers what the report shows of them), and those settled today that a payment
	or credit note dated after the date settled, read by key from the few such documents."""
	common = f"""{SI}.company = %(company)s and {SI}.docstatus = 1 and {SI}.is_return = 0
		and {SI}.posting_date <= %(report_date)s"""
	if filters.get("customer"):
		common += f" and {SI}.customer = %(customer)s"
	common += reporting.permission_sql("Sales Invoice")
	after = f"""left join ({PAID_AFTER}) paid_after on paid_after.reference_name = {SI}.name
		left join ({RETURNED_AFTER}) returned_after on returned_after.return_against = {SI}.name"""
	settled_after = f"""select reference_name as name from ({PAID_AFTER}) paid
		union select return_against from ({RETURNED_AFTER}) returned"""
	return [
		f"{SI} {after} where {common} and {SI}.outstanding_amount > 0",
		# the few settled-after documents drive: left to itself MariaDB reads every settled invoice
		f"""({settled_after}) settled straight_join {SI} on {SI}.name = settled.name {after}
		where {common} and {SI}.outstanding_amount <= 0""",
	]


def get_chart(data: list, columns: list[dict]) -> dict:
	"""The outstanding amount of each bucket: the total row's when the rows end with one."""
	if data and isinstance(data[-1], listing.TotalRow):
		total = dict(zip([column["fieldname"] for column in columns], data[-1], strict=True))
		sums = [total[key] or 0 for key in BUCKET_KEYS]
	else:
		sums = [fsum(bucket) for bucket in zip(*map(itemgetter(*BUCKET_KEYS), data), strict=True)] or [0] * 4
	return reporting.bar_chart(
		[label for _key, label, _low, _high in BUCKETS], _("Outstanding"), sums, fieldtype="Currency"
	)


def get_columns() -> list[dict]:
	return [
		reporting.column("Sales Invoice", "invoice", "Link", 150, "Sales Invoice"),
		reporting.column("Posting Date", "posting_date", "Date", 120),
		reporting.column("Customer", "customer", "Link", 150, "Customer"),
		reporting.column("Customer Name", "customer_name", "Data", 160),
		reporting.column("Payment Term", "payment_term", "Data", 130),
		reporting.column("Due Date", "due_date", "Date", 120),
		# a sum of ages means nothing: the total row leaves it blank
		{**reporting.column("Age (Days)", "age", "Int", 90), "disable_total": 1},
		reporting.column("Invoiced Amount", "invoiced", "Currency", 130),
		reporting.column("Outstanding Amount", "outstanding", "Currency", 130),
		*(reporting.column(label, key, "Currency", 120) for key, label, _low, _high in BUCKETS),
	]
