import frappe
import pytest
from frappe.utils.nestedset import get_root_of

from tests.support import as_user, assert_rejected, make_user


def customer(name="Test Boulangerie Martin", **values):
	doc = {"doctype": "Customer", "customer_name": name}
	doc.update(values)
	return frappe.get_doc(doc)


def set_naming(value):
	frappe.db.set_single_value("Selling Settings", "cust_master_name", value)
	frappe.clear_document_cache("Selling Settings", "Selling Settings")


def test_named_after_the_customer_name_with_defaults_from_selling_settings():
	doc = customer("  Test Boulangerie Martin ").insert()
	assert doc.name == "Test Boulangerie Martin"
	settings = frappe.get_single("Selling Settings")
	assert doc.customer_group == (settings.customer_group or get_root_of("Customer Group"))
	assert doc.territory == (settings.territory or get_root_of("Territory"))
	assert doc.language == "fr"


def test_a_homonym_gets_a_numbered_name():
	customer().insert()
	assert customer().insert().name == "Test Boulangerie Martin - 2"
	assert customer().insert().name == "Test Boulangerie Martin - 3"


def test_named_by_series_when_the_settings_say_so():
	set_naming("Naming Series")
	doc = customer().insert()
	assert doc.name.startswith("CUST-")
	assert doc.customer_name == "Test Boulangerie Martin"


@pytest.mark.parametrize(
	"values, message",
	[
		({"customer_name": "   "}, "Customer Name"),
		({"credit_limit": -5}, "Credit Limit cannot be negative"),
		({"tax_id": "FR00123"}, "VAT number FR00123 is not valid"),
		({"siret": "12345678901234"}, "SIRET 12345678901234 is not valid"),
		({"customer_group": "No Such Group"}, "No Such Group"),
	],
)
def test_bad_input_is_rejected_and_nothing_is_written(values, message):
	before = frappe.db.count("Customer")
	assert_rejected(lambda: customer(**values).insert(), message)
	assert frappe.db.count("Customer") == before


def test_contacts_and_addresses_are_frappe_records_linked_to_the_customer():
	doc = customer().insert()
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Jeanne",
			"last_name": "Martin",
			"email_ids": [{"email_id": "jeanne@boulangerie-martin.test", "is_primary": 1}],
			"links": [{"link_doctype": "Customer", "link_name": doc.name}],
		}
	).insert()
	address = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": doc.name,
			"address_type": "Billing",
			"address_line1": "12 rue de la Paix",
			"city": "Lyon",
			"pincode": "69002",
			"country": "France",
			"links": [{"link_doctype": "Customer", "link_name": doc.name}],
		}
	).insert()
	doc.customer_primary_contact = contact.name
	doc.customer_primary_address = address.name
	doc.save()
	assert doc.email_id == "jeanne@boulangerie-martin.test"
	assert "12 rue de la Paix" in doc.primary_address

	doc = frappe.get_doc("Customer", doc.name)
	doc.run_method("onload")
	assert [c.name for c in doc.get_onload().contact_list] == [contact.name]
	assert [a.name for a in doc.get_onload().addr_list] == [address.name]


def test_a_contact_of_another_customer_cannot_be_primary():
	mine, other = customer().insert(), customer("Test Other Customer").insert()
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Paul",
			"links": [{"link_doctype": "Customer", "link_name": other.name}],
		}
	).insert()
	mine.customer_primary_contact = contact.name
	assert_rejected(mine.save, "is not linked to customer")
	assert not frappe.db.get_value("Customer", mine.name, "customer_primary_contact")


@pytest.mark.parametrize(
	"roles, can_create, can_delete",
	[(["Sales User"], True, False), (["Sales Manager"], True, True), (["Accounts User"], False, False)],
)
def test_permissions_per_role(roles, can_create, can_delete):
	existing = customer("Test Existing").insert()
	with as_user(make_user(roles)):
		assert frappe.has_permission("Customer", "read", existing)
		assert frappe.has_permission("Customer", "create") == can_create
		assert frappe.has_permission("Customer", "delete", existing) == can_delete


def test_a_user_without_sales_roles_sees_no_customer():
	customer().insert()
	with as_user(make_user([], email="nobody@test.sales-flow.fr")):
		with pytest.raises(frappe.PermissionError):
			frappe.get_list("Customer")
