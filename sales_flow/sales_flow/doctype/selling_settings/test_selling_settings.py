import frappe
import pytest

from sales_flow.testing import as_user, assert_rejected, make_user


@pytest.mark.parametrize("field", ["default_valid_till", "follow_up_delay_days"])
def test_negative_delays_are_refused_and_nothing_is_saved(field):
	settings = frappe.get_single("Selling Settings")
	before = settings.get(field)
	settings.set(field, -3)
	assert_rejected(settings.save, "cannot be negative")
	assert frappe.db.get_single_value("Selling Settings", field) == before


def test_install_gave_defaults():
	settings = frappe.get_single("Selling Settings")
	assert settings.cust_master_name in ("Customer Name", "Naming Series")
	assert settings.customer_group and settings.territory
	assert settings.default_valid_till >= 0


def test_a_sales_user_reads_the_settings_but_cannot_change_them():
	with as_user(make_user(["Sales User"])):
		settings = frappe.get_single("Selling Settings")
		settings.default_valid_till = 90
		with pytest.raises(frappe.PermissionError):
			settings.save()
	with as_user(make_user(["Sales Master Manager"])):
		settings = frappe.get_single("Selling Settings")
		settings.default_valid_till = 45
		settings.save()
	assert frappe.db.get_single_value("Selling Settings", "default_valid_till") == 45


def test_numbers_sent_as_text_are_understood():
	"""The REST API may send "30" for 30: accepted, and "-3" still refused."""
	settings = frappe.get_single("Selling Settings")
	settings.default_valid_till = "45"
	settings.save()
	assert frappe.db.get_single_value("Selling Settings", "default_valid_till") == 45
	settings.default_valid_till = "-3"
	assert_rejected(settings.save, "cannot be negative")
