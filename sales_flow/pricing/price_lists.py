"""Price resolution: which list price applies to a line.

Where a price is looked for, in order: a price for this customer (in any of the lists below), the
document's price list (the customer's own, else its group's or territory's, else the settings'), then
the customer's group's and territory's lists and the Selling Settings' default list, as long as they
are in the same currency. Within one list a price in the line's UOM beats a UOM-less one, and the
latest valid_from wins; prices outside their validity dates are never used. An item variant without
any price of its own takes its template's.
"""

import frappe
from frappe.utils import getdate

from sales_flow.settings import get_selling_settings


def get_item_prices(
	item_codes: list[str],
	price_list: str | list[str],
	customer: str | None,
	date=None,
	templates: dict[str, str] | None = None,
) -> list[dict]:
	"""Every price of these items valid on `date` in the list(s), for the customer or for everyone:
	one query for a whole document. `templates`: {variant: template} of these items when the caller
	has read them already (templates_of otherwise)."""
	price_lists = [price_list] if isinstance(price_list, str) else [p for p in price_list or [] if p]
	if not (item_codes and price_lists):
		return []
	date = getdate(date)
	if templates is None:
		templates = templates_of(item_codes)
	prices = query_prices({*item_codes, *templates.values()}, price_lists, customer, date)
	return with_template_prices(prices, set(item_codes), templates)


def templates_of(item_codes) -> dict[str, str]:
	"""{variant: its template} of the variants among these items."""
	return dict(
		frappe.get_all(
			"Item",
			filters={"name": ("in", list(item_codes)), "variant_of": ("is", "set")},
			fields=["name", "variant_of"],
			as_list=True,
		)
	)


def with_template_prices(prices: list[dict], item_codes: set[str], templates: dict[str, str]) -> list[dict]:
	"""The items' own prices; a variant without any takes its template's (ERPNext)."""
	own = [p for p in prices if p.item_code in item_codes]
	priced = {p.item_code for p in own}
	for variant, template in templates.items():
		if variant not in priced:
			own += [frappe._dict(p, item_code=variant) for p in prices if p.item_code == template]
	return own


def query_prices(item_codes, price_lists: list[str], customer: str | None, date) -> list[dict]:
	# written out: asked at every validate, the query builder took about as long as the query
	return frappe.db.sql(
		"""select `item_code`, `price_list_rate`, `uom`, `customer`, `valid_from`, `price_list`
		from `tabItem Price`
		where `item_code` in %(items)s and `price_list` in %(lists)s
		and coalesce(`customer`, '') in ('', %(customer)s)
		and coalesce(`valid_from`, '2000-01-01') <= %(date)s
		and coalesce(`valid_upto`, '2999-12-31') >= %(date)s""",
		{"items": list(item_codes), "lists": price_lists, "customer": customer or "", "date": date},
		as_dict=True,
	)


def prices_by_item(prices: list[dict]) -> dict[str, list[dict]]:
	"""{item: its prices}: each line then looks among its own item's prices only, not the whole
	document's (a thousand lines would otherwise scan a thousand prices each)."""
	grouped: dict[str, list[dict]] = {}
	for price in prices:
		grouped.setdefault(price.item_code, []).append(price)
	return grouped


def best_price_row(
	prices: list[dict], item_code: str, uom: str | None, price_lists: list[str] | None = None
) -> dict | None:
	"""The Item Price that applies: a customer-specific one first, then by list order (the document's
	list first), a price in the line's UOM before a UOM-less one, the latest valid_from."""
	candidates = [p for p in prices if p.item_code == item_code and (p.uom or "") in ("", uom or "")]
	if not candidates:
		return None
	order = {name: n for n, name in enumerate(price_lists or [])}

	def rank(p):
		return (bool(p.customer), -order.get(p.get("price_list"), 0), bool(p.uom), str(p.valid_from or ""))

	return max(candidates, key=rank)


def best_price(
	prices: list[dict], item_code: str, uom: str | None, price_lists: list[str] | None = None
) -> float | None:
	best = best_price_row(prices, item_code, uom, price_lists)
	return best.price_list_rate if best else None


def get_item_price(
	item_code: str, price_list: str | list[str], uom: str | None, customer: str | None, date=None
) -> float | None:
	lists = [price_list] if isinstance(price_list, str) else price_list
	return best_price(get_item_prices([item_code], lists, customer, date), item_code, uom, lists)


def price_lists_for(doc) -> list[str]:
	"""The lists a line's price is looked for in, in order: the document's, then the customer's group's
	and territory's defaults and the settings' default, those in the document list's currency only
	(a price in another currency would need its own conversion)."""

	if not doc.selling_price_list:
		return []
	candidates = [
		doc.selling_price_list,
		frappe.get_cached_value("Customer Group", doc.get("customer_group"), "default_price_list")
		if doc.get("customer_group")
		else None,
		frappe.get_cached_value("Territory", doc.get("territory"), "default_price_list")
		if doc.get("territory")
		else None,
		get_selling_settings().selling_price_list,
	]
	lists = list(dict.fromkeys(p for p in candidates if p))
	if len(lists) == 1:
		return lists
	found = {
		p.name: p
		for p in frappe.get_all(
			"Price List", filters={"name": ("in", lists)}, fields=["name", "currency", "enabled"]
		)
	}
	currency = found.get(doc.selling_price_list, {}).get("currency")
	return [doc.selling_price_list] + [
		p for p in lists[1:] if p in found and found[p].enabled and found[p].currency == currency
	]
