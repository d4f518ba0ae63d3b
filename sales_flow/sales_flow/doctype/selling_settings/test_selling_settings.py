from functools import partial

import frappe
import pytest
from frappe.utils.nestedset import get_root_of

from sales_flow.install import ensure_selling_settings
from tests.support import as_user, assert_rejected, make_user


@pytest.mark.parametrize("field", ["default_valid_till", "follow_up_delay_days"])
def test_negative_delays_are_refused_and_nothing_is_saved(field):
	settings = frappe.get_single("Selling Settings")
	before = settings.get(field)
	settings.set(field, -3)
	assert_rejected(settings.save, "cannot be negative")
	assert frappe.db.get_single_value("Selling Settings", field) == before


def test_install_fills_the_settings_left_empty_and_keeps_the_others():
	stored = partial(frappe.db.get_single_value, "Selling Settings")
	for field in ("cust_master_name", "customer_group", "territory", "default_valid_till"):
		frappe.db.set_single_value("Selling Settings", field, None)
	frappe.db.set_single_value("Selling Settings", "follow_up_delay_days", 12)
	ensure_selling_settings()
	assert stored("cust_master_name") == "Customer Name"
	assert stored("customer_group") == get_root_of("Customer Group")
	assert stored("territory") == get_root_of("Territory")
	assert stored("default_valid_till") == 30
	# a value the site already had stays
	assert stored("follow_up_delay_days") == 12


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
