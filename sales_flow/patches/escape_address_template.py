"""The app's address layout now escapes the address fields it prints: a site still holding the
layout as the app first installed it gets the new one; a layout changed by hand stays."""

import frappe


def execute() -> None:
	with open(frappe.get_app_path("sales_flow", "address_template.html")) as f:
		escaped = f.read()
	for name, template in frappe.get_all(
		"Address Template", filters={"is_default": 1}, fields=["name", "template"], as_list=True
	):
		if template != escaped and template.strip() == escaped.replace(" | e", "").strip():
			frappe.db.set_value("Address Template", name, "template", escaped, update_modified=False)
