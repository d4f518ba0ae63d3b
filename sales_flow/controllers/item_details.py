"""Each line filled from its item (name, description, unit, VAT class) and priced: the list price
in the document's currency, then the pricing rules; lines made from another document keep the
agreed price."""

import json

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.party import customer_of
from sales_flow.pricing.apply import apply_pricing_rules, row_rate
from sales_flow.pricing.lines import keeps_line_prices, may_edit_price_list_rate
from sales_flow.pricing.price_lists import (
	best_price_row,
	get_item_price,
	get_item_prices,
	price_lists_for,
	prices_by_item,
)
from sales_flow.pricing.source_prices import checked_source_links, keeps_source_price
from sales_flow.totals.lines import is_item_line

ITEM_FIELDS = (
	"item_name",
	"description",
	"item_group",
	"stock_uom",
	"item_tax_template",
	"disabled",
	"is_sales_item",
	"has_variants",
	"variant_of",
	# read here for set_weights, set_commissions, validate_prices and an invoice's nature of the
	# operation, later in the same validate (doc._line_items)
	"weight_per_unit",
	"weight_uom",
	"grant_commission",
	"max_discount",
	"is_stock_item",
)
# written out: asked at every validate, the query builder took about as long as the query; whether
# an item is a bundle rides along, for update_packed_items and set_weights (bundles_among)
ITEMS_QUERY = """select item.`name`, {fields},
	exists(select 1 from `tabProduct Bundle Item` component
		where component.parenttype = 'Product Bundle' and component.parent = item.name) as has_components
	from `tabItem` item where item.name in %(codes)s""".format(
	fields=", ".join(f"item.`{field}`" for field in ITEM_FIELDS)
)


def item_tax_rate_json(template: str | None) -> str:
	if not template:
		return "{}"
	rows = frappe.get_cached_doc("Item Tax Template", template).taxes
	return json.dumps({row.tax_type: flt(row.tax_rate) for row in rows})


def set_item_details(doc) -> None:
	"""Fill what each line takes from its item, without overwriting what the user set, and give each
	line the list price the server resolves (set_list_price). Items, prices and source lines are read
	in one query each (per source table) for the whole document."""
	customer = customer_of(doc)
	date = doc.get("posting_date") or doc.get("transaction_date")
	# section headings and subtotals have no item: nothing to fill (controllers/lines.py checks them)
	item_rows = [row for row in doc.items if is_item_line(row)]
	items = sales_items(item_rows)
	doc._line_items = items
	# for validate_prices: the discounts of the documents this one was made from
	doc._source_headers = checked_source_links(doc)
	to_price = rows_to_price(doc, item_rows)
	price_lists = price_lists_for(doc)
	codes = {row.item_code for row in to_price}
	# the variants' templates are on the items just read: no second query for them
	templates = {code: items[code].variant_of for code in codes if items[code].variant_of}
	prices = prices_by_item(
		get_item_prices(codes, price_lists, customer, date, templates) if to_price and price_lists else []
	)
	unpriced = {id(row) for row in to_price}
	trusted = keeps_line_prices(doc)
	may_edit = may_edit_price_list_rate()
	precisions = price_precisions(to_price)
	tax_rates: dict[str | None, str] = {}
	for row in item_rows:
		fill_row(row, items[row.item_code], tax_rates)
		if id(row) not in unpriced:
			continue
		found = best_price_row(prices.get(row.item_code, []), row.item_code, row.uom, price_lists)
		resolved = in_document_currency(doc, found.price_list_rate if found else None)
		if trusted:
			row.price_list_rate = resolved
			row._price_source = price_source(found)
		else:
			set_list_price(row, resolved, found, may_edit, precisions)
	# pricing rules last: they start from the list prices; the free item rows they add are filled here
	apply_pricing_rules(doc, lambda rows: fill_rows(rows, tax_rates))
	for row in item_rows:
		mark_up_as_margin(row)


def rows_to_price(doc, item_rows: list) -> list:
	"""Every line gets its list price from the server, except free rows (the rules give them), lines
	keeping the price agreed on their source line, and, on documents keeping their line prices
	(pricing_apply.keeps_line_prices), lines that came with a price."""
	if keeps_line_prices(doc):
		return [
			row
			for row in item_rows
			if not flt(row.price_list_rate) and not flt(row.rate) and not row.get("is_free_item")
		]
	return [row for row in item_rows if not row.get("is_free_item") and not keeps_source_price(row)]


def price_precisions(rows: list) -> dict[str, int | None]:
	"""The precisions of a line's list price and rate: the same on every line of a table (Frappe's
	precision is the field's, or the site's default), each asked once instead of once per line."""
	return {field: rows[0].precision(field) for field in ("price_list_rate", "rate")} if rows else {}


def set_list_price(
	row, resolved: float, found: dict | None, may_edit: bool, precisions: dict[str, int | None]
) -> None:
	"""The line's list price is the resolved one, never the one a request sent, unless Selling
	Settings let this user edit it. What the line came with stays as its agreed rate (a rate typed
	over another list price, or over none, as in ERPNext's form): a discount or a mark-up on the
	resolved price, which pricing_apply.validate_prices then checks. No price resolved: no list
	price, the rate stands (ERPNext), and there is nothing to compare it with."""
	row._resolved_list_rate = resolved
	typed = flt(row.price_list_rate)
	if may_edit and typed:
		return
	row._price_source = price_source(found)
	precision = precisions["price_list_rate"]
	if flt(typed, precision) == flt(resolved, precision):
		return
	agreed = flt(row_rate(row), precisions["rate"]) if typed or flt(row.rate) else None
	row.price_list_rate = resolved
	if agreed is not None:
		keep_agreed_rate(row, agreed)


def keep_agreed_rate(row, agreed: float) -> None:
	"""Set the line's discount or margin so that the totals engine gives `agreed` from its list price."""
	list_rate = flt(row.price_list_rate)
	row.update(
		{
			"margin_type": "",
			"margin_rate_or_amount": 0,
			"discount_percentage": 0,
			"discount_amount": 0,
			"rate": agreed,
		}
	)
	if not list_rate:
		return
	if agreed > list_rate:
		row.update({"margin_type": "Amount", "margin_rate_or_amount": agreed - list_rate})
	else:
		row.discount_amount = list_rate - agreed


def mark_up_as_margin(row) -> None:
	"""A rate above the list price is a mark-up, never a negative discount (as ERPNext's form turns
	it into a margin): printouts then show the rate and no discount, whatever path set it."""
	if flt(row.price_list_rate) and min(flt(row.discount_amount), flt(row.discount_percentage)) < 0:
		keep_agreed_rate(row, flt(row_rate(row), row.precision("rate")))


def fill_rows(rows: list, tax_rates: dict[str | None, str]) -> None:
	"""The free item rows the pricing rules add: their items read in one query."""
	items = sales_items(rows)
	for row in rows:
		fill_row(row, items[row.item_code], tax_rates)


def fill_row(row, item, tax_rates: dict[str | None, str]) -> None:
	"""What a line takes from its item, without overwriting what the user set."""
	if row.qty is None:
		row.qty = 1  # a line sent without quantity sells one (the grid's default)
	row.item_name = row.item_name or item.item_name
	row.description = row.description or item.description or item.item_name
	row.item_group = item.item_group
	row.uom = row.uom or item.stock_uom
	row.conversion_factor = flt(row.conversion_factor) or 1
	row.stock_qty = flt(row.qty) * row.conversion_factor
	if not row.item_tax_template:
		row.item_tax_template = item.item_tax_template
	if row.item_tax_template not in tax_rates:
		tax_rates[row.item_tax_template] = item_tax_rate_json(row.item_tax_template)
	row.item_tax_rate = tax_rates[row.item_tax_template]


def price_source(found: dict | None) -> dict | None:
	"""Where a list price came from, for "why this price"."""
	if not found:
		return None
	return {
		"price_list": found.get("price_list"),
		"customer": found.get("customer") or None,
		"uom": found.get("uom") or None,
		"valid_from": str(found.valid_from) if found.get("valid_from") else None,
	}


def in_document_currency(doc, price: float | None) -> float:
	"""List prices are in the list's currency: through the company currency into the document's."""
	if price is None:
		return 0.0
	return flt(price) * flt(doc.plc_conversion_rate or 1) / flt(doc.conversion_rate or 1)


def price_in_document_currency(doc, row, customer: str | None, date) -> float:
	return in_document_currency(
		doc, get_item_price(row.item_code, price_lists_for(doc), row.uom, customer, date)
	)


def sales_items(rows) -> dict:
	"""The items of these lines, checked: each exists, is enabled and is sold."""
	codes = {row.item_code for row in rows if row.item_code}
	found = (
		{item.name: item for item in frappe.db.sql(ITEMS_QUERY, {"codes": list(codes)}, as_dict=True)}
		if codes
		else {}
	)
	for row in rows:
		check_sales_item(found.get(row.item_code), row.item_code, row.idx)
	return found


def check_sales_item(item, item_code: str | None, idx: int) -> None:
	if not item_code:
		frappe.throw(_("Row {0}: Item is mandatory.").format(idx))
	if not item:
		frappe.throw(_("Row {0}: Item {1} does not exist.").format(idx, frappe.bold(item_code)))
	if item.disabled:
		frappe.throw(_("Row {0}: Item {1} is disabled.").format(idx, frappe.bold(item_code)))
	if not item.is_sales_item:
		frappe.throw(_("Row {0}: Item {1} is not a sales item.").format(idx, frappe.bold(item_code)))
	if item.has_variants:
		frappe.throw(
			_("Row {0}: {1} is a template: choose one of its variants.").format(idx, frappe.bold(item_code)),
			title=_("Template Item"),
		)


def get_sales_item(item_code: str | None, idx: int):
	item = frappe.db.get_value("Item", item_code, ITEM_FIELDS, as_dict=True) if item_code else None
	check_sales_item(item, item_code, idx)
	return item
