"""The nature of the operation an invoice states (French e-invoicing reform): a delivery of goods,
services, or both, from its lines' items (an item is goods unless unticked "Goods", ERPNext's
is_stock_item). The printout states it, and the CII and UBL carry the same as their billing
framework (BT-23)."""

import frappe

from sales_flow.utils.known_items import covering

GOODS, SERVICES, BOTH = "Goods", "Services", "Goods and services"
# the reform's billing frameworks ("cadres de facturation") of an invoice deposited to be paid:
# B1 goods, S1 services, M1 both ("facture double")
BILLING_FRAMEWORK = {GOODS: "B1", SERVICES: "S1", BOTH: "M1"}


def operation_category(doc) -> str:
	"""Goods, Services or Goods and services, from the items of the document's lines (a line
	without an item, such as a heading or a subtotal, counts for neither)."""
	codes = list({row.item_code for row in doc.get("items") or [] if row.get("item_code")})
	kinds = stock_kinds(codes, doc.get("_line_items")) if codes else set()
	if kinds == {0}:
		return SERVICES
	return BOTH if kinds == {0, 1} else GOODS


def stock_kinds(codes: list[str], known: dict | None = None) -> set[int]:
	"""The distinct "Goods" boxes of these items: from `known`, the items read in this validate
	(controllers/item_details.py), when it holds them all; else in one statement written out (asked at
	each save: the query builder took about as long as the query)."""
	items = covering(known, codes, "is_stock_item")
	if items is not None:
		return {items[code].is_stock_item for code in codes}
	rows = frappe.db.sql(
		"select distinct `is_stock_item` from `tabItem` where `name` in %(codes)s", {"codes": codes}
	)
	return {row[0] for row in rows}


def set_operation_category(doc) -> None:
	doc.operation_category = operation_category(doc)
