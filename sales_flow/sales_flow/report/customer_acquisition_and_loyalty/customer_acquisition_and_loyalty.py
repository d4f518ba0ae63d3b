"""Customer Acquisition and Loyalty: per month, the customers invoiced for the first time (new) and
those invoiced before (repeat), with what each group was invoiced (net, company currency).

A customer's first invoice is searched over all time, not only in the period."""

import frappe
from frappe import _
from frappe.utils import getdate

from sales_flow.analytics import reporting, summary


def execute(filters: dict | None = None):
	filters = reporting.report_filters(filters)
	reporting.require_report_access("Sales Invoice")
	data = get_data(filters)
	return get_columns(), data, None, get_chart(data)


def get_data(filters: frappe._dict) -> list[dict]:
	"""From the customer summaries (the invoices themselves when the user's permissions need
	columns it does not keep)."""
	permissions = summary.permission_condition(summary.CUSTOMER, "Sales Invoice")
	if permissions is None:
		si = "`tabSales Invoice`"
		permissions = reporting.permission_sql("Sales Invoice")
		source = (si, si, "posting_date", "base_net_total", "docstatus = 1", permissions)
	else:
		months, values = summary.by_month_source(summary.CUSTOMER, "Sales Invoice", filters)
		source = (
			months,
			"s",
			"posting_date",
			"base_net_amount",
			"document_type = 'Sales Invoice'",
			permissions,
			f"`tab{summary.MONTHLY[summary.CUSTOMER]}` s",
		)
		filters = {**filters, **values}
	rows = frappe.db.sql(monthly_customers_sql(*source), filters, as_dict=True)
	for row in rows:
		row.month = getdate(row.month)
		row.period = reporting.period_label(row.month, "Monthly")
	return rows


def monthly_customers_sql(
	table: str,
	ref: str,
	date: str,
	amount: str,
	submitted: str,
	permissions: str,
	first_table: str | None = None,
) -> str:
	"""Per month: new and repeat customers and their revenue, credit notes left out. `table` is
	the invoices or the summary (`ref` names it in the conditions), with its date and amount;
	`first_table` where each customer's first month is searched (the monthly summary: the month
	is all "new" needs)."""
	return f"""select month, sum(is_new) as new_customers, sum(1 - is_new) as repeat_customers,
			sum(if(is_new, revenue, 0)) as new_revenue, sum(if(is_new, 0, revenue)) as repeat_revenue,
			count(*) as customers, sum(revenue) as revenue
		from (
			select {ref}.customer, date_format({ref}.{date}, '%%Y-%%m-01') as month,
				sum({ref}.{amount}) as revenue,
				min(first.first_date) >= date_format({ref}.{date}, '%%Y-%%m-01') as is_new
			from {table} join (
				select {ref}.customer, min({ref}.{date}) as first_date from {first_table or table}
				where {ref}.{submitted} and {ref}.is_return = 0 and {ref}.company = %(company)s {permissions}
				group by {ref}.customer
			) first on first.customer = {ref}.customer
			where {ref}.{submitted} and {ref}.is_return = 0 and {ref}.company = %(company)s
				and {ref}.{date} between %(from_date)s and %(to_date)s {permissions}
			group by {ref}.customer, month
		) per_customer
		group by month order by month"""


def get_chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row.period for row in data],
			"datasets": [
				{"name": _("New Customers"), "values": [row.new_customers for row in data]},
				{"name": _("Repeat Customers"), "values": [row.repeat_customers for row in data]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}


def get_columns() -> list[dict]:
	return [
		reporting.column("Month", "period", "Data", 100),
		reporting.column("New Customers", "new_customers", "Int", 130),
		reporting.column("Repeat Customers", "repeat_customers", "Int", 130),
		reporting.column("Total Customers", "customers", "Int", 130),
		reporting.column("New Customer Revenue", "new_revenue", "Currency", 160),
		reporting.column("Repeat Customer Revenue", "repeat_revenue", "Currency", 160),
		reporting.column("Total Revenue", "revenue", "Currency", 140),
	]
