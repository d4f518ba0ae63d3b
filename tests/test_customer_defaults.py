"""A sales document takes its customer's default addresses and contact when none is given: the
primary ones of the customer, else those linked to it; none when the customer has none."""

import frappe
import pytest

from tests.sales_setup import sales_setup, transaction


@pytest.fixture
def setup():
	return sales_setup()


def address(customer: str, title: str, **flags) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": title,
				"address_line1": "1 rue de la Paix",
				"city": "Paris",
				"country": "France",
				"links": [{"link_doctype": "Customer", "link_name": customer}],
				**flags,
			}
		)
		.insert()
		.name
	)


def contact(customer: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Camille",
				"email_ids": [{"email_id": "camille@example.fr", "is_primary": 1}],
				"links": [{"link_doctype": "Customer", "link_name": customer}],
			}
		)
		.insert()
		.name
	)


def test_a_customer_without_address_or_contact_gives_none(setup):
	doc = transaction("Sales Invoice", setup, [(setup.a, 1)]).insert()
	assert not doc.customer_address and not doc.shipping_address_name and not doc.contact_person
	assert not doc.address_display and not doc.contact_email


def test_the_customers_linked_addresses_and_contact_are_taken(setup):
	billing = address(setup.customer, "Siège", is_primary_address=1)
	shipping = address(setup.customer, "Entrepôt", is_shipping_address=1)
	person = contact(setup.customer)
	doc = transaction("Sales Invoice", setup, [(setup.a, 1)]).insert()
	assert doc.customer_address == billing
	assert doc.shipping_address_name == shipping
	assert doc.contact_person == person
	assert doc.contact_email == "camille@example.fr"
	assert "1 rue de la Paix" in doc.address_display


def test_a_customer_with_a_contact_only_gets_no_address(setup):
	person = contact(setup.customer)
	doc = transaction("Sales Order", setup, [(setup.a, 1)]).insert()
	assert doc.contact_person == person
	assert not doc.customer_address and not doc.shipping_address_name
