"""Sites installed before quotations were signed online get the setting's default (a fresh site takes
it from the DocType): an order signed online is submitted. A value already stored stays."""

import frappe


def execute() -> None:
	stored = frappe.db.sql(
		"select 1 from `tabSingles` where doctype = 'Selling Settings' and field = 'submit_orders_signed_online'"
	)
	if not stored:
		frappe.db.set_single_value("Selling Settings", "submit_orders_signed_online", 1)
		frappe.clear_document_cache("Selling Settings", "Selling Settings")
