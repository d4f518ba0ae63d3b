"""Price resolution: which list price applies to a line."""

import frappe
from frappe.query_builder.functions import Coalesce
from frappe.utils import getdate


def get_item_prices(item_codes: list[str], price_list: str, customer: str | None, date=None) -> list[dict]:
	"""Every price of these items valid on `date` in the list, for the customer or for everyone:
	one query for a whole document."""
	if not (item_codes and price_list):
		return []
	date = getdate(date)
	price = frappe.qb.DocType("Item Price")
	return (
		frappe.qb.from_(price)
		.select(price.item_code, price.price_list_rate, price.uom, price.customer, price.valid_from)
		.where(price.item_code.isin(list(item_codes)))
		.where(price.price_list == price_list)
		.where(Coalesce(price.customer, "").isin(["", customer or ""]))
		.where(Coalesce(price.valid_from, "2000-01-01") <= date)
		.where(Coalesce(price.valid_upto, "2999-12-31") >= date)
		.run(as_dict=True)
	)


def best_price(prices: list[dict], item_code: str, uom: str | None) -> float | None:
	"""A customer-specific price beats the general one, a price in the line's UOM beats a UOM-less
	one, and the latest valid_from wins."""
	candidates = [p for p in prices if p.item_code == item_code and (p.uom or "") in ("", uom or "")]
	if not candidates:
		return None
	best = max(candidates, key=lambda p: (bool(p.customer), bool(p.uom), str(p.valid_from or "")))
	return best.price_list_rate


def get_item_price(
	item_code: str, price_list: str, uom: str | None, customer: str | None, date=None
) -> float | None:
	return best_price(get_item_prices([item_code], price_list, customer, date), item_code, uom)
