"""The custom chart sources of the "Ventes" workspace (top items, top customers): one SQL
aggregation each over the chart's period, restricted by the user's permissions.

Frappe calls a chart source with the chart's settings too (chart_name, timespan, refresh, ...):
`**_chart_arguments` takes what a source does not use."""

import frappe
from frappe import _
from frappe.utils import add_months, flt, getdate, nowdate

from sales_flow.analytics.cards import company_sql, parse_filters, readable
from sales_flow.analytics.reporting import permission_sql
from sales_flow.utils.arguments import date_argument


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


@frappe.whitelist()
def top_items(filters=None, from_date=None, to_date=None, **_chart_arguments) -> dict:
	"""Chart source "Top Items": the ten items invoiced most (net, company currency) over the last
	twelve months, or between the chart's dates."""
	readable("Sales Invoice")
	filters = parse_filters(filters)
	from_date, to_date = chart_period(filters, from_date, to_date)
	rows = frappe.db.sql(
		f"""select line.item_code, sum(line.base_net_amount) as amount
		from `tabSales Invoice` join `tabSales Invoice Item` line
			on line.parent = `tabSales Invoice`.name
		where `tabSales Invoice`.docstatus = 1
			and `tabSales Invoice`.posting_date between %(from_date)s and %(to_date)s
			{company_sql("Sales Invoice", filters)} {permission_sql("Sales Invoice")}
		group by line.item_code order by amount desc limit 10""",
		{**filters, "from_date": from_date, "to_date": to_date},
	)
	return bar_chart(rows, _("Net Amount"))


@frappe.whitelist()
def top_customers(filters=None, from_date=None, to_date=None, **_chart_arguments) -> dict:
	"""Chart source "Top Customers": the ten customers invoiced most (net, credit notes deducted)
	over the last twelve months, or between the chart's dates."""
	readable("Sales Invoice")
	filters = parse_filters(filters)
	from_date, to_date = chart_period(filters, from_date, to_date)
	rows = frappe.db.sql(
		f"""select customer, sum(base_net_total) as amount from `tabSales Invoice`
		where docstatus = 1 and posting_date between %(from_date)s and %(to_date)s
			{company_sql("Sales Invoice", filters)} {permission_sql("Sales Invoice")}
		group by customer order by amount desc limit 10""",
		{**filters, "from_date": from_date, "to_date": to_date},
	)
	return bar_chart(rows, _("Net Amount"))
