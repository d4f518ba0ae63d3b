"""Helpers of the pricing tests: rules, coupons, parties in groups and territories, settings."""

import json
from collections.abc import Iterator
from contextlib import contextmanager

import frappe
from frappe.utils.nestedset import get_root_of

from tests.sales_setup import sales_setup, transaction


def pricing_rule(title: str, items=(), groups=(), **values):
	"""A selling rule: on these items, else these item groups, else the whole document."""
	apply_on = "Item Code" if items else "Item Group" if groups else "Transaction"
	doc = {
		"doctype": "Pricing Rule",
		"title": title,
		"apply_on": apply_on,
		"items": [{"item_code": code} for code in items],
		"item_groups": [{"item_group": group} for group in groups],
		"selling": 1,
	}
	doc.update(values)
	return frappe.get_doc(doc).insert()


def tree_node(doctype: str, name: str, parent: str | None = None):
	field = {"Customer Group": "customer_group", "Territory": "territory", "Item Group": "item_group"}[
		doctype
	]
	parent_field = "parent_" + field
	if frappe.db.exists(doctype, name):
		return name
	return (
		frappe.get_doc(
			{
				"doctype": doctype,
				field + "_name": name,
				parent_field: parent or get_root_of(doctype),
				"is_group": 0,
			}
		)
		.insert()
		.name
	)


def customer(name: str, price_list: str, **values) -> str:
	doc = {
		"doctype": "Customer",
		"customer_name": name,
		"default_price_list": price_list,
		"customer_group": get_root_of("Customer Group"),
		"territory": get_root_of("Territory"),
	}
	doc.update(values)
	return frappe.get_doc(doc).insert().name


def trail(row) -> dict:
	return json.loads(row.price_trail)


def steps(row) -> list[tuple]:
	"""(rule title, kind, value, before, after) of each step of a line's trail."""
	return [(s["title"], s["kind"], s["value"], s["before"], s["after"]) for s in trail(row)["steps"]]


def free_rows(doc) -> list[tuple]:
	return sorted((r.item_code, r.qty, r.rate) for r in doc.items if r.is_free_item)


@contextmanager
def selling_settings(**values) -> Iterator[None]:
	"""Selling Settings changed for the block, then put back (the cached copy too)."""
	previous = {field: frappe.db.get_single_value("Selling Settings", field) for field in values}
	for field, value in values.items():
		frappe.db.set_single_value("Selling Settings", field, value)
	frappe.clear_document_cache("Selling Settings", "Selling Settings")
	try:
		yield
	finally:
		for field, value in previous.items():
			frappe.db.set_single_value("Selling Settings", field, value)
		frappe.clear_document_cache("Selling Settings", "Selling Settings")


__all__ = ["sales_setup", "transaction"]
