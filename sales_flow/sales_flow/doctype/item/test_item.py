import frappe
import pytest
from frappe.utils.nestedset import get_root_of

from tests.support import as_user, assert_rejected, make_user

CODE = "TEST-ECRAN-27"


def item(code: str = CODE, **values):
	doc = {"doctype": "Item", "item_code": code, "item_group": get_root_of("Item Group"), "stock_uom": "Unit"}
	doc.update(values)
	return frappe.get_doc(doc)


def vat_class(title: str = "Test TVA 20 %", **values):
	doc = {
		"doctype": "Item Tax Template",
		"title": title,
		"taxes": [{"tax_type": "Test TVA collectée 20 %", "tax_rate": 20}],
	}
	doc.update(values)
	return frappe.get_doc(doc).insert()


def test_named_after_its_code_with_erpnext_defaults():
	doc = item(
		"  TEST-ECRAN-27 ",
		item_name="Écran 27 pouces",
		standard_rate=249,
		max_discount=15,
		description="<p>Dalle IPS</p>",
	).insert()
	assert doc.name == CODE
	assert doc.item_code == CODE
	assert doc.item_name == "Écran 27 pouces"
	assert doc.is_sales_item == 1
	assert doc.disabled == 0
	stored = frappe.db.get_value("Item", CODE, ["standard_rate", "max_discount", "stock_uom"], as_dict=True)
	assert stored == {"standard_rate": 249, "max_discount": 15, "stock_uom": "Unit"}


def test_the_item_name_defaults_to_the_item_code():
	assert item(item_name="  ").insert().item_name == CODE
	assert frappe.db.get_value("Item", CODE, "item_name") == CODE


def test_a_standard_rate_creates_no_price():
	before = frappe.db.count("Item Price")
	item(standard_rate=99).insert()
	assert frappe.db.count("Item Price") == before


def test_the_vat_class_and_weight_are_kept():
	template = vat_class()
	doc = item(item_tax_template=template.name, weight_per_unit=4.2, weight_uom="Kg").insert()
	assert frappe.db.get_value("Item", doc.name, ["item_tax_template", "weight_per_unit", "weight_uom"]) == (
		template.name,
		4.2,
		"Kg",
	)


@pytest.mark.parametrize("max_discount", [0, 100, 37.5])
def test_a_max_discount_from_0_to_100_is_accepted(max_discount):
	assert item(max_discount=max_discount).insert().max_discount == max_discount


@pytest.mark.parametrize(
	"values, message",
	[
		({"standard_rate": -0.01}, "Standard Selling Rate of TEST-ECRAN-27 cannot be negative"),
		({"max_discount": 100.5}, "Max Discount of TEST-ECRAN-27 must be between 0 and 100 %"),
		({"max_discount": -1}, "Max Discount of TEST-ECRAN-27 must be between 0 and 100 %"),
		({"weight_per_unit": 2}, "Set the Weight UOM of TEST-ECRAN-27"),
		({"weight_per_unit": -2, "weight_uom": "Kg"}, "Weight Per Unit of TEST-ECRAN-27 cannot be negative"),
		({"item_group": None}, "item_group"),
		({"item_group": "Test No Such Group"}, "Test No Such Group"),
		({"stock_uom": None}, "stock_uom"),
		({"stock_uom": "Test No Such Unit"}, "Test No Such Unit"),
		({"item_tax_template": "Test No Such VAT"}, "Test No Such VAT"),
	],
)
def test_bad_input_is_rejected_and_nothing_is_written(values, message):
	before = frappe.db.count("Item")
	assert_rejected(lambda: item(**values).insert(), message)
	assert frappe.db.count("Item") == before
	assert not frappe.db.exists("Item", CODE)


def test_an_item_needs_a_code():
	before = frappe.db.count("Item")
	assert_rejected(lambda: item("  ", item_name="Sans code").insert(), "Item Code is required")
	assert frappe.db.count("Item") == before


def test_the_item_code_is_unique():
	item().insert()
	with pytest.raises(frappe.DuplicateEntryError):
		item(item_name="Doublon").insert()
	assert frappe.db.get_value("Item", CODE, "item_name") == CODE


def test_a_bad_change_to_an_existing_item_is_not_saved():
	doc = item(max_discount=10).insert()
	doc.max_discount = 150
	assert_rejected(doc.save, "between 0 and 100 %")
	assert frappe.db.get_value("Item", CODE, "max_discount") == 10


def test_a_disabled_unit_cannot_be_chosen_but_an_item_already_using_it_still_saves():
	frappe.get_doc({"doctype": "UOM", "uom_name": "Test Carton", "must_be_whole_number": 1}).insert()
	doc = item(stock_uom="Test Carton").insert()
	frappe.db.set_value("UOM", "Test Carton", "enabled", 0)
	doc.item_name = "Renamed"
	doc.save()
	assert_rejected(lambda: item("TEST-OTHER", stock_uom="Test Carton").insert(), "Test Carton is disabled")
	assert not frappe.db.exists("Item", "TEST-OTHER")


def test_a_disabled_vat_class_cannot_be_chosen():
	template = vat_class(disabled=1)
	assert_rejected(
		lambda: item(item_tax_template=template.name).insert(), "VAT class Test TVA 20 % is disabled"
	)
	assert not frappe.db.exists("Item", CODE)


@pytest.mark.parametrize("roles", [["Sales User"], ["Sales Manager"], ["Accounts User"]])
def test_other_roles_read_items_but_cannot_create_or_change_them(roles):
	existing = item().insert()
	with as_user(make_user(roles)):
		assert frappe.has_permission("Item", "read", existing.name)
		assert CODE in frappe.get_list("Item", pluck="name", filters={"name": CODE})
		with pytest.raises(frappe.PermissionError):
			item("TEST-BY-OTHER").insert()
		doc = frappe.get_doc("Item", CODE)
		doc.item_name = "Changed"
		with pytest.raises(frappe.PermissionError):
			doc.save()
		with pytest.raises(frappe.PermissionError):
			frappe.delete_doc("Item", CODE)
	assert not frappe.db.exists("Item", "TEST-BY-OTHER")
	assert frappe.db.get_value("Item", CODE, "item_name") == CODE


def test_a_sales_master_manager_creates_and_changes_items():
	with as_user(make_user(["Sales Master Manager"])):
		doc = item().insert()
		doc.item_name = "Changed"
		doc.save()
	assert frappe.db.get_value("Item", CODE, "item_name") == "Changed"
