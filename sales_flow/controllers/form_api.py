"""The form's round trips as the user types: the details of an item picked on a line, and the
defaults a customer brings (addresses, price list, currency, taxes, lines re-priced), computed by
the same code as the server's validate."""

import frappe
from frappe.utils import flt

from sales_flow.controllers.details import TAX_TEMPLATE_FIELDS, set_missing_values
from sales_flow.controllers.item_details import (
	get_sales_item,
	in_document_currency,
	item_tax_rate_json,
	price_in_document_currency,
	sales_items,
)
from sales_flow.party import customer_of
from sales_flow.pricing.apply import preview_line_rules
from sales_flow.pricing.price_lists import best_price, get_item_prices, price_lists_for, prices_by_item
from sales_flow.totals.lines import is_item_line
from sales_flow.utils.arguments import checked_arguments, draft_from_form, name_argument


@frappe.whitelist()
@checked_arguments
def get_item_details(
	doc: str | dict, item_code: str, uom: str | None = None, qty: float | None = None
) -> dict:
	"""What the form needs when a user picks an item: one round trip per item picked, none per keystroke.
	The pricing rules of that line come too (the whole document is priced again at save). A template
	item answers has_variants only: it is never sold, one of its variants is."""
	doc = draft_from_form(doc)
	if frappe.db.get_value("Item", item_code, "has_variants"):
		return {"has_variants": 1}  # a template: the form has the user choose one of its variants
	if uom:
		name_argument(uom, "uom", "UOM")  # an unknown unit would just find no price
	row = frappe._dict(item_code=item_code, uom=uom, idx=0, qty=flt(qty) or 1)
	doc.items = []
	set_missing_values(doc)
	item = get_sales_item(item_code, 0)
	row.uom = uom or item.stock_uom
	customer = customer_of(doc)
	price_list_rate = price_in_document_currency(
		doc, row, customer, doc.get("posting_date") or doc.get("transaction_date")
	)
	return {
		"item_name": item.item_name,
		"description": item.description or item.item_name,
		"item_group": item.item_group,
		"uom": row.uom,
		"item_tax_template": item.item_tax_template,
		"item_tax_rate": item_tax_rate_json(item.item_tax_template),
		"price_list_rate": price_list_rate,
		**preview_line_rules(doc, row, item.item_group, price_list_rate),
	}


# what follows from the customer and the company, as the form needs it
PARTY_FIELDS = (
	"company",
	"customer_name",
	"customer_group",
	"territory",
	"customer_address",
	"address_display",
	"shipping_address_name",
	"shipping_address",
	"contact_person",
	"contact_display",
	"contact_email",
	"selling_price_list",
	"price_list_currency",
	"currency",
	"conversion_rate",
	"plc_conversion_rate",
	"taxes_and_charges",
	"payment_terms_template",
	"language",
)


@frappe.whitelist()
@checked_arguments
def get_party_details(doc: str | dict) -> dict:
	"""Defaults of a draft for its customer (addresses, price list, currency, taxes, payment terms),
	with its lines re-priced from the customer's price list: one round trip when a customer is chosen."""
	doc = draft_from_form(doc)
	for field in PARTY_FIELDS[1:]:
		if doc.meta.has_field(field) and field not in ("taxes_and_charges",):
			doc.set(field, None)
	if not doc.get("taxes_and_charges"):
		doc.taxes = []
	set_missing_values(doc)
	customer = customer_of(doc)
	date = doc.get("posting_date") or doc.get("transaction_date")
	rows = [
		r
		for r in doc.get("items") or []
		if r.item_code and is_item_line(r) and not r.get("so_detail") and not r.get("quotation_item")
	]
	items = sales_items(rows)
	for row in rows:
		# priced in the unit the line will have once saved
		row.uom = row.uom or items[row.item_code].stock_uom
	price_lists = price_lists_for(doc)
	templates = {code: item.variant_of for code, item in items.items() if item.variant_of}
	found = prices_by_item(
		get_item_prices({r.item_code for r in rows}, price_lists, customer, date, templates) if rows else []
	)
	prices = {
		r.name or r.idx: in_document_currency(
			doc, best_price(found.get(r.item_code, []), r.item_code, r.uom, price_lists)
		)
		for r in rows
	}
	return {
		**{field: doc.get(field) for field in PARTY_FIELDS if doc.meta.has_field(field)},
		"taxes": [
			{field: row.get(field) for field in (*TAX_TEMPLATE_FIELDS,)} for row in doc.get("taxes") or []
		],
		"prices": prices,
	}
