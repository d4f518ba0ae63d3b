import frappe
import pytest

from tests.support import as_user, assert_rejected, make_user

NAME = "Test Tarif général"


def price_list(name: str = NAME, **values):
	doc = {"doctype": "Price List", "price_list_name": name, "currency": "EUR"}
	doc.update(values)
	return frappe.get_doc(doc)


def test_named_after_its_name_enabled_for_selling_by_default():
	doc = price_list(f"  {NAME} ").insert()
	assert doc.name == NAME
	stored = frappe.db.get_value(
		"Price List",
		NAME,
		["currency", "enabled", "selling", "buying", "price_not_uom_dependent"],
		as_dict=True,
	)
	assert stored == {
		"currency": "EUR",
		"enabled": 1,
		"selling": 1,
		"buying": 0,
		"price_not_uom_dependent": 0,
	}


@pytest.mark.parametrize("selling, buying", [(1, 0), (0, 1), (1, 1)])
def test_selling_buying_or_both(selling, buying):
	price_list(selling=selling, buying=buying).insert()
	assert frappe.db.get_value("Price List", NAME, ["selling", "buying"]) == (selling, buying)


@pytest.mark.parametrize(
	"values, message",
	[
		({"selling": 0, "buying": 0}, "must be used for selling, buying or both"),
		({"currency": "XXY"}, "XXY"),
	],
)
def test_bad_input_is_rejected_and_nothing_is_written(values, message):
	before = frappe.db.count("Price List")
	assert_rejected(lambda: price_list(**values).insert(), message)
	assert frappe.db.count("Price List") == before
	assert not frappe.db.exists("Price List", NAME)


def test_the_name_is_unique():
	price_list().insert()
	with pytest.raises(frappe.DuplicateEntryError):
		price_list(currency="USD").insert()
	assert frappe.db.get_value("Price List", NAME, "currency") == "EUR"


def test_sales_users_read_price_lists_but_only_master_managers_change_them():
	existing = price_list().insert()
	with as_user(make_user(["Sales User"])):
		assert frappe.has_permission("Price List", "read", existing.name)
		with pytest.raises(frappe.PermissionError):
			price_list("Test By Rep").insert()
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc("Price List", NAME).save()
	with as_user(make_user(["Sales Master Manager"])):
		price_list("Test By Manager").insert()
	assert not frappe.db.exists("Price List", "Test By Rep")
	assert frappe.db.exists("Price List", "Test By Manager")
