"""The chart sources of the "Ventes" workspace: monthly revenue, the quotation pipeline, sales by
territory, top customers, top items and the sales persons' targets against achieved, one SQL
aggregation each over the chart's period, restricted by the user's permissions. Their labels are
what the user reads: names rather than codes, statuses and months in the user's language
("déc. 2025"), few enough bars for the labels to stay readable.

Frappe calls a chart source with the chart's settings too (chart_name, timespan, refresh, ...):
`**_chart_arguments` takes what a source does not use. Each is read-only (`frappe.read_only`): on a
site that sets `read_from_replica` it reads the replica."""

import babel.dates
import frappe
from frappe import _
from frappe.utils import add_months, flt, get_first_day, getdate, nowdate

from sales_flow.analytics import summary
from sales_flow.analytics.cards import company_sql, parse_filters, readable
from sales_flow.analytics.reporting import permission_sql
from sales_flow.analytics.targets import year_targets
from sales_flow.utils.arguments import date_argument

# bars of a ranking: a full-width chart still shows each name readable (frappe-charts cuts a label
# to its bar's width)
TOP = 6
TERRITORIES = 5
# the pipeline's bars, each the quotation statuses it adds up (superseded ones count as their revision)
PIPELINE = (
	("Open", ("Open",)),
	("Ordered", ("Ordered", "Partially Ordered")),
	("Lost", ("Lost",)),
	("Expired", ("Expired",)),
)


def chart_period(filters: frappe._dict, from_date, to_date) -> tuple:
	"""The chart's dates, or the last twelve months."""
	from_date, to_date = date_argument(from_date, "from_date"), date_argument(to_date, "to_date")
	to_date = getdate(to_date or filters.get("to_date") or nowdate())
	return getdate(from_date or filters.get("from_date") or add_months(to_date, -12)), to_date


def bar_chart(rows: list, label: str) -> dict:
	return {
		"labels": [key for key, _amount in rows],
		"datasets": [{"name": label, "values": [flt(amount, 2) for _key, amount in rows]}],
	}


def invoices_sql(select: str, group_by: str, limit: int, filters: frappe._dict, from_date, to_date) -> list:
	"""Net invoiced (company currency, credit notes deducted) per `group_by`, largest first."""
	return frappe.db.sql(
		f"""select {select}, sum(`tabSales Invoice`.base_net_total) as amount from `tabSales Invoice`
		where `tabSales Invoice`.docstatus = 1 and posting_date between %(from_date)s and %(to_date)s
			{company_sql("Sales Invoice", filters)} {permission_sql("Sales Invoice")}
		group by {group_by} order by amount desc limit {int(limit)}""",
		{**filters, "from_date": from_date, "to_date": to_date},
	)


def invoiced_from_summary(table: str, group: str, filters: frappe._dict, from_date, to_date) -> list | None:
	"""Net invoiced (company currency, credit notes deducted) per `group`, a column of the summary
	`table`, largest first: the whole months of the period from its monthly table, the days around
	them from the daily one, some thousand rows instead of millions of lines. None when the user's permissions test what the summary does not keep (the caller reads the
	invoices)."""
	conditions = {"from_date": from_date, "to_date": to_date}
	if filters.get("company"):
		conditions["company"] = filters.company
	fields = {"key": group, "amount": "sum(base_net_amount)"}
	rows = summary.rows(table, "Sales Invoice", fields, conditions, ["key"], by_month=True)
	if rows is None:
		return None
	return sorted(((row.key, row.amount) for row in rows), key=lambda row: row[1], reverse=True)


def named(doctype: str, title_field: str, rows: list) -> list:
	"""(code, amount) rows as (name, amount): the DocType's title of each code, the code without one."""
	names = dict(
		frappe.get_all(
			doctype,
			{"name": ("in", [code for code, _amount in rows] or [""])},
			["name", title_field],
			as_list=True,
		)
	)
	return [(names.get(code) or code, amount) for code, amount in rows]


@frappe.whitelist()
@frappe.read_only()
def top_items(filters=None, from_date=None, to_date=None, **_chart_arguments) -> dict:
	"""Chart source "Top Items": the items invoiced most (net, company currency) over the last twelve
	months, or between the chart's dates, by their name."""
	readable("Sales Invoice")
	filters = parse_filters(filters)
	from_date, to_date = chart_period(filters, from_date, to_date)
	rows = invoiced_from_summary(summary.ITEM, "item_code", filters, from_date, to_date)
	if rows is not None:
		return bar_chart(named("Item", "item_name", rows[:TOP]), _("Net Amount"))
	rows = frappe.db.sql(
		f"""select coalesce(max(line.item_name), line.item_code), sum(line.base_net_amount) as amount
		from `tabSales Invoice` join `tabSales Invoice Item` line
			on line.parent = `tabSales Invoice`.name
		where `tabSales Invoice`.docstatus = 1
			and `tabSales Invoice`.posting_date between %(from_date)s and %(to_date)s
			{company_sql("Sales Invoice", filters)} {permission_sql("Sales Invoice")}
		group by line.item_code order by amount desc limit {TOP}""",
		{**filters, "from_date": from_date, "to_date": to_date},
	)
	return bar_chart(rows, _("Net Amount"))


@frappe.whitelist()
@frappe.read_only()
def top_customers(filters=None, from_date=None, to_date=None, **_chart_arguments) -> dict:
	"""Chart source "Top Customers": the customers invoiced most (net, credit notes deducted) over the
	last twelve months, or between the chart's dates, by their name."""
	readable("Sales Invoice")
	filters = parse_filters(filters)
	from_date, to_date = chart_period(filters, from_date, to_date)
	rows = invoiced_from_summary(summary.CUSTOMER, "customer", filters, from_date, to_date)
	if rows is not None:
		return bar_chart(named("Customer", "customer_name", rows[:TOP]), _("Net Amount"))
	select = "coalesce(max(`tabSales Invoice`.customer_name), `tabSales Invoice`.customer)"
	rows = invoices_sql(select, "`tabSales Invoice`.customer", TOP, filters, from_date, to_date)
	return bar_chart(rows, _("Net Amount"))


@frappe.whitelist()
@frappe.read_only()
def sales_by_territory(filters=None, from_date=None, to_date=None, **_chart_arguments) -> dict:
	"""Chart source "Sales by Territory": net invoiced per territory over the last twelve months."""
	readable("Sales Invoice")
	filters = parse_filters(filters)
	from_date, to_date = chart_period(filters, from_date, to_date)
	rows = invoiced_from_summary(summary.CUSTOMER, "territory", filters, from_date, to_date)
	if rows is None:
		select = "coalesce(`tabSales Invoice`.territory, '')"
		rows = invoices_sql(select, "`tabSales Invoice`.territory", TERRITORIES, filters, from_date, to_date)
	rows = rows[:TERRITORIES]
	return bar_chart(
		[(_(territory) or _("Not Specified"), amount) for territory, amount in rows], _("Net Amount")
	)


@frappe.whitelist()
@frappe.read_only()
def monthly_revenue(filters=None, from_date=None, to_date=None, **_chart_arguments) -> dict:
	"""Chart source "Monthly Revenue": net invoiced per month over the last twelve months (this one
	included), each month named in the user's language ("déc. 2025"), months without sales at 0."""
	readable("Sales Invoice")
	filters = parse_filters(filters)
	asked_from = from_date or filters.get("from_date")
	from_date, to_date = chart_period(filters, from_date, to_date)
	months = months_between(from_date if asked_from else add_months(to_date, -11), to_date)
	month = "date_format(posting_date, '%%Y-%%m')"
	amounts = invoiced_from_summary(summary.CUSTOMER, month, filters, months[0], to_date)
	if amounts is None:
		amounts = invoices_sql(month, month, len(months), filters, months[0], to_date)
	amounts = dict(amounts)
	rows = [(month_label(first), amounts.get(first.strftime("%Y-%m"), 0)) for first in months]
	return bar_chart(rows, _("Net Amount"))


def months_between(first, last) -> list:
	"""The first day of each month from `first`'s to `last`'s."""
	months = [get_first_day(first)]
	while add_months(months[-1], 1) <= getdate(last):
		months.append(getdate(add_months(months[-1], 1)))
	return months


def month_label(month) -> str:
	"""'déc. 2025' in French, 'Dec 2025' in English: the user's language, as Frappe's dates are."""
	return babel.dates.format_date(
		month, format="MMM y", locale=(frappe.local.lang or "en").replace("-", "_")
	)


@frappe.whitelist()
@frappe.read_only()
def quotation_pipeline(filters=None, from_date=None, to_date=None, **_chart_arguments) -> dict:
	"""Chart source "Quotation Pipeline": the net amount of the submitted quotations of the last twelve
	months, open, ordered (wholly or partly), lost and expired, each status in the user's language."""
	readable("Quotation")
	filters = parse_filters(filters)
	from_date, to_date = chart_period(filters, from_date, to_date)
	amounts = dict(
		frappe.db.sql(
			f"""select status, sum(base_net_total) from `tabQuotation`
			where docstatus = 1 and transaction_date between %(from_date)s and %(to_date)s
				{company_sql("Quotation", filters)} {permission_sql("Quotation")}
			group by status""",
			{**filters, "from_date": from_date, "to_date": to_date},
		)
	)
	rows = [(_(label), sum(flt(amounts.get(status)) for status in statuses)) for label, statuses in PIPELINE]
	return bar_chart(rows, _("Net Amount"))


@frappe.whitelist()
@frappe.read_only()
def targets_vs_achieved(filters=None, **_chart_arguments) -> dict:
	"""Chart source "Targets vs Achieved": this year's amount targets of the sales persons and what
	submitted orders achieved, month by month."""
	filters = parse_filters(filters)
	_rows, chart = year_targets(filters.get("company"))
	return chart["data"]


# Dashboard Chart Source -> its function (the desk reads the same path from each source's .js)
SOURCES = {
	"Monthly Revenue": monthly_revenue,
	"Quotation Pipeline": quotation_pipeline,
	"Sales by Territory": sales_by_territory,
	"Targets vs Achieved": targets_vs_achieved,
	"Top Customers": top_customers,
	"Top Items": top_items,
}
