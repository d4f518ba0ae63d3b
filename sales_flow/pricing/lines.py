"""Which lines pricing touches: item lines typed on this document (not free, not made from
another), and who may edit a list price by hand."""

import frappe

from sales_flow.pricing.loading import has_pricing_rules
from sales_flow.pricing.source_prices import keeps_source_price
from sales_flow.settings import get_selling_settings, has_settings_role
from sales_flow.totals.lines import is_item_line
from sales_flow.utils.arguments import checked_arguments

# row fields linking a line to the line it was made from
SOURCE_LINKS = ("quotation_item", "so_detail", "dn_detail", "si_detail")


def is_mapped(row) -> bool:
	return any(row.get(link) for link in SOURCE_LINKS)


def priced_rows(doc) -> list:
	"""The lines the rules price: items of this document (not free, not carrying the price agreed
	on the document they were made from)."""
	return [
		row
		for row in doc.get("items") or []
		if is_item_line(row) and row.item_code and not row.get("is_free_item") and not keeps_source_price(row)
	]


def keeps_line_prices(doc) -> bool:
	"""Documents whose lines are not sold at a list price: a credit note returns what was billed, a
	down-payment invoice bills a share of its order's amounts, and a document server code writes for
	itself with permissions ignored (a subscription's plan prices, prorated) vouches for its prices.
	Their lines keep the prices they came with; only lines without any price get the list price."""
	return bool(doc.get("is_return") or doc.get("is_down_payment_invoice") or doc.flags.ignore_permissions)


@frappe.whitelist()
@checked_arguments
def may_edit_price_list_rate() -> bool:
	"""Selling Settings let users type a line's list price: everyone, or only the role they name."""
	settings = get_selling_settings()
	if not settings.editable_price_list_rate:
		return False
	return not settings.get("role_allowed_to_edit_price_list_rate") or has_settings_role(
		"role_allowed_to_edit_price_list_rate"
	)


def applies_pricing_rules(doc) -> bool:
	"""The rules set the prices of a draft; once submitted, the prices saved stand."""
	return has_pricing_rules(doc) and doc.docstatus == 0
