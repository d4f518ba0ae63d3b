"""Inactive Customers: the customers whose last submitted order or invoice is older than a number
of days, with what they bought before going quiet."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, nowdate

from sales_flow.analytics import reporting

DOC_TYPES = ("Sales Invoice", "Sales Order")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	filters.company = filters.get("company") or reporting.default_company()
	doc_type = reporting.choice(filters, "doc_type", DOC_TYPES, "Sales Invoice")
	days = cint(
		filters.get("days_since_last_order") if filters.get("days_since_last_order") is not None else 60
	)
	if days <= 0:
		frappe.throw(_("Days Since Last Order must be greater than zero"))
	reporting.require_report_access(doc_type, "Customer")
	data = get_data(doc_type, add_days(filters.get("as_of_date") or nowdate(), -days), filters)
	return get_columns(doc_type), data, None, get_chart(data)


def get_data(doc_type: str, cutoff: str, filters: frappe._dict) -> list[dict]:
	doc = f"`tab{doc_type}`"
	date_column = f"{doc}.{reporting.DATE_FIELD[doc_type]}"
	return frappe.db.sql(
		f"""select {doc}.customer, `tabCustomer`.customer_name, `tabCustomer`.customer_group,
			`tabCustomer`.territory, count(*) as documents, sum({doc}.base_net_total) as revenue,
			max({date_column}) as last_date, datediff(%(today)s, max({date_column})) as days_since
		from {doc} join `tabCustomer` on `tabCustomer`.name = {doc}.customer
		where {doc}.docstatus = 1 and {doc}.company = %(company)s and `tabCustomer`.disabled = 0
			{reporting.permission_sql(doc_type)}
		group by {doc}.customer
		having max({date_column}) < %(cutoff)s
		order by last_date, {doc}.customer""",
		{**filters, "cutoff": cutoff, "today": filters.get("as_of_date") or nowdate()},
		as_dict=True,
	)


def get_chart(data: list[dict], top: int = 10) -> dict:
	best = sorted(data, key=lambda row: -row.revenue)[:top]
	labels = [row.customer_name or row.customer for row in best]
	return reporting.bar_chart(labels, _("Revenue"), [row.revenue for row in best], fieldtype="Currency")


def get_columns(doc_type: str) -> list[dict]:
	return [
		reporting.column("Customer", "customer", "Link", 150, "Customer"),
		reporting.column("Customer Name", "customer_name", "Data", 180),
		reporting.column("Customer Group", "customer_group", "Link", 130, "Customer Group"),
		reporting.column("Territory", "territory", "Link", 120, "Territory"),
		reporting.column("Number of Documents", "documents", "Int", 110),
		reporting.column("Total Revenue", "revenue", "Currency", 140),
		reporting.column("Last Document Date", "last_date", "Date", 130),
		reporting.column("Days Since Last Document", "days_since", "Int", 130),
	]
