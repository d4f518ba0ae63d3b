"""Inactive Customers: the customers whose last submitted order or invoice is older than a number
of days, with what they bought before going quiet."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, nowdate

from sales_flow.analytics import reporting, summary

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
	"""From the daily customer summary (the documents themselves when the user's permissions need
	columns it does not keep)."""
	permissions = summary.permission_condition(summary.CUSTOMER, doc_type)
	if permissions is None:
		doc = f"`tab{doc_type}`"
		source = (doc, doc, reporting.DATE_FIELD[doc_type], "count(*)", "base_net_total", "docstatus = 1")
		permissions = reporting.permission_sql(doc_type)
	else:
		submitted = f"document_type = {frappe.db.escape(doc_type)}"
		source = (
			f"`tab{summary.CUSTOMER}` s",
			"s",
			"posting_date",
			"sum(s.document_count)",
			"base_net_amount",
			submitted,
		)
	return frappe.db.sql(
		last_documents_sql(*source, permissions),
		{**filters, "cutoff": cutoff, "today": filters.get("as_of_date") or nowdate()},
		as_dict=True,
	)


def last_documents_sql(
	table: str, ref: str, date: str, count: str, amount: str, submitted: str, permissions: str
) -> str:
	"""Per customer of the company: documents, revenue and last date, when that date is before the
	cutoff. `table` is the documents or the summary (`ref` names it in the conditions)."""
	return f"""select {ref}.customer, `tabCustomer`.customer_name, `tabCustomer`.customer_group,
			`tabCustomer`.territory, {count} as documents, sum({ref}.{amount}) as revenue,
			max({ref}.{date}) as last_date, datediff(%(today)s, max({ref}.{date})) as days_since
		from {table} join `tabCustomer` on `tabCustomer`.name = {ref}.customer
		where {ref}.{submitted} and {ref}.company = %(company)s and `tabCustomer`.disabled = 0
			{permissions}
		group by {ref}.customer
		having max({ref}.{date}) < %(cutoff)s
		order by last_date, {ref}.customer"""


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
