"""Sales Order Analysis: per submitted order, what remains to deliver and to bill, and how many days
late its delivery is against the promised delivery date."""

from datetime import date
from operator import itemgetter

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from sales_flow.analytics import listing, reporting

PENDING = ("To Deliver and Bill", "To Deliver", "To Bill")
STATUSES = (*PENDING, "Completed", "On Hold", "Closed")


def execute(filters: dict | None = None):
	filters = reporting.report_filters(filters, default_months=3)
	reporting.require_report_access("Sales Order")
	statuses = [filters.status] if filters.get("status") else list(PENDING)
	if not set(statuses) <= set(STATUSES):
		frappe.throw(_("Unknown status {0}").format(filters.status))
	data = get_data(filters, statuses, getdate(filters.get("as_of_date") or nowdate()))
	columns, chart = get_columns(), get_chart(data)
	return columns, listing.with_total_row(columns, data), None, chart


def get_data(filters: frappe._dict, statuses: list[str], today) -> list[dict]:
	so = "`tabSales Order`"
	conditions = ""
	if filters.get("customer"):
		conditions += f" and {so}.customer = %(customer)s"
	if filters.get("sales_order"):
		conditions += f" and {so}.name = %(sales_order)s"
	# grouped in the order of the index sf_report_by_status (company, docstatus, status, date, then
	# the order's other columns; the name decides): MariaDB sums each order's lines as it reads them,
	# without a temporary table of 40,000 wide rows (written to disk), and the rows are sorted here
	rows = listing.json_rows(
		order_columns(so),
		f"""from {so} join `tabSales Order Item` line on line.parent = {so}.name and line.parenttype = 'Sales Order'
		where {so}.docstatus = 1 and {so}.company = %(company)s and {so}.status in %(statuses)s
			and {so}.transaction_date between %(from_date)s and %(to_date)s
			{conditions} {reporting.permission_sql("Sales Order")}
		group by {so}.status, {so}.transaction_date, {so}.delivery_date, {so}.customer,
			{so}.customer_name, {so}.per_delivered, {so}.per_billed, {so}.name""",
		{**filters, "statuses": statuses, "today": today},
		dates=("transaction_date", "delivery_date"),
	)
	undated = None in map(itemgetter("delivery_date"), rows)
	# C's key when every order has a date (itemgetter: no Python call per row); else orders without first
	rows.sort(key=by_delivery_date if undated else itemgetter("delivery_date", "sales_order"))
	return rows


def order_columns(so: str) -> dict[str, str]:
	"""Each column's SQL: the order's own, and its lines' summed."""
	return {
		"sales_order": f"{so}.name",
		"transaction_date": f"{so}.transaction_date",
		"status": f"{so}.status",
		"customer": f"{so}.customer",
		"customer_name": f"{so}.customer_name",
		"delivery_date": f"{so}.delivery_date",
		"delay_days": f"""case when {so}.per_delivered < 100 and {so}.delivery_date < %(today)s
			then datediff(%(today)s, {so}.delivery_date) else 0 end""",
		"qty": "sum(line.qty)",
		"delivered_qty": "sum(line.delivered_qty)",
		"qty_to_deliver": "sum(greatest(line.qty - line.delivered_qty, 0))",
		"billed_qty": "sum(line.billed_qty)",
		"qty_to_bill": "sum(greatest(line.qty - line.billed_qty, 0))",
		"amount": "sum(line.base_net_amount)",
		"amount_to_deliver": "round(sum(line.base_net_rate * greatest(line.qty - line.delivered_qty, 0)), 2)",
		"amount_to_bill": "round(sum(line.base_net_rate * greatest(line.qty - line.billed_qty, 0)), 2)",
		"per_delivered": f"{so}.per_delivered",
		"per_billed": f"{so}.per_billed",
	}


def by_delivery_date(row: dict) -> tuple:
	"""The order MariaDB's `order by delivery_date, name` gives: orders without a date first."""
	return (row.delivery_date is not None, row.delivery_date or date.min, row.sales_order)


def get_chart(data: list[dict]) -> dict:
	late = len(data) - list(map(itemgetter("delay_days"), data)).count(0)  # never negative
	return {
		"data": {
			"labels": [_("On Time"), _("Late")],
			"datasets": [{"name": _("Orders"), "values": [len(data) - late, late]}],
		},
		"type": "pie",
	}


def get_columns() -> list[dict]:
	return [
		reporting.column("Sales Order", "sales_order", "Link", 150, "Sales Order"),
		reporting.column("Date", "transaction_date", "Date"),
		reporting.column("Status", "status", "Data", 130),
		reporting.column("Customer", "customer", "Link", 150, "Customer"),
		reporting.column("Customer Name", "customer_name", "Data", 160),
		reporting.column("Delivery Date", "delivery_date", "Date"),
		reporting.column("Delay (Days)", "delay_days", "Int", 100),
		reporting.column("Qty", "qty", "Float", 90),
		reporting.column("Delivered Qty", "delivered_qty", "Float"),
		reporting.column("Qty to Deliver", "qty_to_deliver", "Float"),
		reporting.column("Billed Qty", "billed_qty", "Float"),
		reporting.column("Qty to Bill", "qty_to_bill", "Float"),
		reporting.column("Amount", "amount", "Currency", 130),
		reporting.column("Amount to Deliver", "amount_to_deliver", "Currency", 130),
		reporting.column("Amount to Bill", "amount_to_bill", "Currency", 130),
		reporting.column("% Delivered", "per_delivered", "Percent", 100),
		reporting.column("% Billed", "per_billed", "Percent", 100),
	]
