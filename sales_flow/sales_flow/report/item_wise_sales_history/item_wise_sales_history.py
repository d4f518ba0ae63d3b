"""Item-wise Sales History: every submitted sales order line of a period, by item (ERPNext's report
of the same name reads orders too), with what was delivered and billed of it."""

from operator import itemgetter

import frappe
from frappe import _

from sales_flow.analytics import listing, reporting


def execute(filters: dict | None = None):
	filters = reporting.report_filters(filters, default_months=1)
	reporting.require_report_access("Sales Order")
	data, columns = get_data(filters), get_columns()
	chart = get_chart(data)
	return columns, listing.with_total_row(columns, data), None, chart


def get_data(filters: frappe._dict) -> list[dict]:
	so = "`tabSales Order`"
	conditions = ""
	for field, column in (("item_code", "line.item_code"), ("customer", f"{so}.customer")):
		if filters.get(field):
			conditions += f" and {column} = %({field})s"
	if filters.get("item_group"):
		conditions += """ and line.item_group in (select child.name from `tabItem Group` child
			join `tabItem Group` root on child.lft between root.lft and root.rgt where root.name = %(item_group)s)"""
	# the columns shown, the lines' all in the index sf_report_history: a month of 2,000,000 lines
	# is 170,000 lines scattered over the table (random names) but one stretch of that index (which
	# has no parenttype: Sales Order Item is the child table of Sales Order alone)
	select = {
		"item_code": "line.item_code",
		"item_name": "line.item_name",
		"item_group": "line.item_group",
		"qty": "line.qty",
		"uom": "line.uom",
		"rate": "line.base_net_rate",
		"amount": "line.base_net_amount",
		"delivered_qty": "line.delivered_qty",
		"billed_qty": "line.billed_qty",
		"sales_order": f"{so}.name",
		"transaction_date": f"{so}.transaction_date",
		"customer": f"{so}.customer",
		"customer_name": f"{so}.customer_name",
		"territory": f"{so}.territory",
		"delivery_date": "line.delivery_date",
	}
	# sorted here, not by MariaDB: its ORDER BY across the two tables writes the 170,000 lines to a
	# temporary table and sorts them on the collation's weights (a second per month of 2,000,000 lines)
	arrays = listing.json_arrays(
		{**select, "idx": "line.idx"},
		f"""from {so} join `tabSales Order Item` line on line.parent = {so}.name
		where {so}.docstatus = 1 and {so}.company = %(company)s
			and {so}.transaction_date between %(from_date)s and %(to_date)s
			{conditions} {reporting.permission_sql("Sales Order")}""",
		filters,
	)
	arrays.sort(key=order_of_lines(list(select), arrays))
	return listing.as_rows(list(select), arrays, dates=("transaction_date", "delivery_date"))


def order_of_lines(fieldnames: list[str], arrays: list[list]):
	"""The key of `order by item_code, transaction_date, sales_order, idx` on the arrays (the item
	codes in MariaDB's collation; dates as ISO text, and order names of one naming series, sort
	alike as text)."""
	item, day, order = (fieldnames.index(f) for f in ("item_code", "transaction_date", "sales_order"))
	idx = len(fieldnames)  # the line's idx, after the columns shown
	ranks = listing.collation_ranks({array[item] for array in arrays}) if arrays else {}
	return lambda array: (ranks[array[item]], array[day], array[order], array[idx])


def get_chart(data: list[dict], top: int = 10) -> dict:
	"""The items that sold most in the period."""
	amounts: dict[str, float] = {}
	# the report's own rows, already fetched (no query per line), read by C iterators
	for code, amount in zip(map(itemgetter("item_code"), data), map(itemgetter("amount"), data), strict=True):
		amounts[code] = amounts.get(code, 0) + amount
	best = sorted(amounts.items(), key=lambda pair: -pair[1])[:top]
	labels, values = [code for code, _amount in best], [amount for _code, amount in best]
	return reporting.bar_chart(labels, _("Amount"), values, fieldtype="Currency")


def get_columns() -> list[dict]:
	return [
		reporting.column("Item Code", "item_code", "Link", 130, "Item"),
		reporting.column("Item Name", "item_name", "Data", 160),
		reporting.column("Item Group", "item_group", "Link", 120, "Item Group"),
		reporting.column("Sales Order", "sales_order", "Link", 150, "Sales Order"),
		reporting.column("Date", "transaction_date", "Date"),
		reporting.column("Customer", "customer", "Link", 140, "Customer"),
		reporting.column("Customer Name", "customer_name", "Data", 160),
		reporting.column("Territory", "territory", "Link", 120, "Territory"),
		reporting.column("Qty", "qty", "Float", 80),
		reporting.column("UOM", "uom", "Link", 80, "UOM"),
		reporting.column("Rate", "rate", "Currency"),
		reporting.column("Amount", "amount", "Currency", 120),
		reporting.column("Delivered Qty", "delivered_qty", "Float"),
		reporting.column("Billed Qty", "billed_qty", "Float"),
		reporting.column("Delivery Date", "delivery_date", "Date"),
	]
