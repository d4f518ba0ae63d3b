import frappe


def test_app_is_installed_on_the_site():
	assert "sales_flow" in frappe.get_installed_apps()


def test_module_is_registered():
	assert frappe.db.get_value("Module Def", "Sales Flow", "app_name") == "sales_flow"
