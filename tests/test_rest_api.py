"""The masters over Frappe's REST API, against a real server on the test site."""

import os

import frappe
import pytest
import requests
from frappe.utils.nestedset import get_root_of
from frappe.utils.password import update_password

from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")


def session_for(user: str, password: str) -> requests.Session:
	http = requests.Session()
	response = http.post(f"{URL}/api/method/login", data={"usr": user, "pwd": password}, timeout=30)
	assert response.status_code == 200, response.text
	return http


@pytest.fixture
def sales_rep():
	with committed_cleanup() as cleanup:
		email = make_user(["Sales User"], email="rest-rep@test.sales-flow.fr")
		update_password(email, "rest-Rep-Passw0rd!")
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": "Test REST Existing",
				"customer_group": get_root_of("Customer Group"),
				"territory": get_root_of("Territory"),
			}
		).insert()
		frappe.db.commit()
		cleanup += [("User", email), ("Customer", "Test REST Existing")]
		yield session_for(email, "rest-Rep-Passw0rd!"), cleanup


def test_a_sales_rep_lists_and_creates_customers_over_rest(sales_rep):
	http, cleanup = sales_rep
	listed = http.get(f"{URL}/api/resource/Customer", params={"limit_page_length": 0}, timeout=30).json()[
		"data"
	]
	assert {"name": "Test REST Existing"} in listed

	# a new customer without a group goes into the settings' default group: one of its own here,
	# not the root of the tree a customer would get anyway
	group = frappe.get_doc(
		{
			"doctype": "Customer Group",
			"customer_group_name": "Test REST Group",
			"parent_customer_group": get_root_of("Customer Group"),
		}
	).insert()
	cleanup.append(("Customer Group", group.name))
	default_group = frappe.db.get_single_value("Selling Settings", "customer_group")
	frappe.db.set_single_value("Selling Settings", "customer_group", group.name)
	frappe.db.commit()
	try:
		created = http.post(
			f"{URL}/api/resource/Customer",
			json={"customer_name": "Test REST Created", "customer_type": "Individual"},
			timeout=30,
		)
	finally:
		frappe.db.set_single_value("Selling Settings", "customer_group", default_group)
		frappe.db.commit()
	cleanup.append(("Customer", "Test REST Created"))
	assert created.status_code == 200, created.text
	data = created.json()["data"]
	assert data["name"] == "Test REST Created"
	assert data["customer_group"] == "Test REST Group"


def test_a_sales_rep_cannot_change_prices_over_rest(sales_rep):
	http, _cleanup = sales_rep
	response = http.post(
		f"{URL}/api/resource/Price List",
		json={"price_list_name": "Test REST Tarif", "currency": "EUR"},
		timeout=30,
	)
	assert response.status_code == 403
	assert not frappe.db.exists("Price List", "Test REST Tarif")


def test_bad_input_over_rest_gets_a_clear_error_and_writes_nothing(sales_rep):
	http, _cleanup = sales_rep
	response = http.post(
		f"{URL}/api/resource/Customer",
		json={"customer_name": "Test REST Bad", "credit_limit": -1},
		timeout=30,
	)
	assert response.status_code == 417
	assert "Credit Limit cannot be negative" in response.text
	assert not frappe.db.exists("Customer", "Test REST Bad")


def test_guest_gets_nothing():
	response = requests.get(f"{URL}/api/resource/Customer", timeout=30)
	assert response.status_code == 403
	assert "data" not in response.json()
