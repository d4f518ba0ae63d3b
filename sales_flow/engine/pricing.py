"""Price resolution: which list price applies to a line."""

import frappe
from frappe.query_builder import Order
from frappe.query_builder.functions import Coalesce
from frappe.utils import getdate


def get_item_price(
	item_code: str, price_list: str, uom: str | None, customer: str | None, date=None
) -> float | None:
	"""A customer-specific price beats the general one, a price in the line's UOM beats a
	UOM-less one, and the latest valid_from wins; only prices valid on `date` count."""
	if not (item_code and price_list):
		return None
	date = getdate(date)
	price = frappe.qb.DocType("Item Price")
	customer_key = Coalesce(price.customer, "")
	uom_key = Coalesce(price.uom, "")
	query = (
		frappe.qb.from_(price)
		.select(price.price_list_rate)
		.where(price.item_code == item_code)
		.where(price.price_list == price_list)
		.where(customer_key.isin(["", customer or ""]))
		.where(uom_key.isin(["", uom or ""]))
		.where(Coalesce(price.valid_from, "2000-01-01") <= date)
		.where(Coalesce(price.valid_upto, "2999-12-31") >= date)
		.orderby(customer_key, order=Order.desc)
		.orderby(uom_key, order=Order.desc)
		.orderby(price.valid_from, order=Order.desc)
		.limit(1)
	)
	rows = query.run()
	return rows[0][0] if rows else None
