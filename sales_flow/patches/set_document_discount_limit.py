"""Sites installed before the document discount had a maximum get the settings' defaults (a fresh
site takes them from the DocType): 20 %, exceeded by Sales Managers. Fields already stored stay."""

import frappe

DEFAULTS = {"max_additional_discount_percentage": 20, "role_allowed_to_exceed_max_discount": "Sales Manager"}


def execute() -> None:
	for field, value in DEFAULTS.items():
		stored = frappe.db.sql(
			"select 1 from `tabSingles` where doctype = 'Selling Settings' and field = %s", field
		)
		if stored or (field.startswith("role_") and not frappe.db.exists("Role", value)):
			continue
		frappe.db.set_single_value("Selling Settings", field, value)
	frappe.clear_document_cache("Selling Settings", "Selling Settings")
