import frappe
import pytest

from sales_flow.controllers.units import (
	UOMMustBeIntegerError,
	must_be_whole_number,
	validate_whole_number_qty,
)
from tests.support import as_user, assert_rejected, make_user


def uom(name: str = "Test Pallet", whole: int = 1, **values):
	doc = {"doctype": "UOM", "uom_name": name, "must_be_whole_number": whole}
	doc.update(values)
	return frappe.get_doc(doc)


def test_named_after_its_name_and_enabled_by_default():
	doc = uom("  Test Pallet ").insert()
	assert doc.name == "Test Pallet"
	assert doc.uom_name == "Test Pallet"
	assert doc.enabled == 1
	assert doc.must_be_whole_number == 1


def test_the_default_units_are_installed():
	assert frappe.db.get_value("UOM", "Unit", "must_be_whole_number") == 1
	assert frappe.db.get_value("UOM", "Hour", "must_be_whole_number") == 0


def test_a_unit_name_is_unique():
	uom().insert()
	with pytest.raises(frappe.DuplicateEntryError):
		uom().insert()
	assert frappe.db.count("UOM", {"name": "Test Pallet"}) == 1


@pytest.mark.parametrize("qty", [1.5, 0.25, -2.5, 2.01])
def test_a_fractional_quantity_in_a_whole_unit_is_refused(qty):
	uom().insert()
	error = assert_rejected(
		lambda: validate_whole_number_qty("Test Pallet", qty, "Row 3: Quantity"),
		f"Row 3: Quantity: {qty:g} is not a whole number",
		UOMMustBeIntegerError,
	)
	assert "Test Pallet" in str(error)


def refuses(unit: str | None, qty: float) -> bool:
	"""Whether the unit's rule refuses the quantity (with its own error, nothing else)."""
	try:
		validate_whole_number_qty(unit, qty, "Quantity")
	except UOMMustBeIntegerError:
		return True
	return False


@pytest.mark.parametrize("qty", [0, 1, 12, -3, 2.0, 3 * 0.1 * 10])
def test_a_whole_quantity_in_a_whole_unit_is_accepted(qty):
	uom().insert()
	assert must_be_whole_number("Test Pallet")
	assert not refuses("Test Pallet", qty)
	# the same unit refuses half a unit more: the quantity passed the rule, the rule did run
	assert refuses("Test Pallet", qty + 0.5)


@pytest.mark.parametrize("unit", ["Test Hours", None, ""])
def test_any_quantity_is_accepted_in_a_unit_that_need_not_be_whole(unit):
	uom("Test Hours", whole=0).insert()
	uom().insert()
	assert not must_be_whole_number(unit)
	assert not refuses(unit, 1.5)
	# the same quantity in a whole unit is refused
	assert refuses("Test Pallet", 1.5)


def test_the_rule_follows_the_unit_setting():
	doc = uom().insert()
	assert refuses("Test Pallet", 1.5)
	doc.must_be_whole_number = 0
	doc.save()
	assert not must_be_whole_number("Test Pallet")
	assert not refuses("Test Pallet", 1.5)
	doc.must_be_whole_number = 1
	doc.save()
	assert refuses("Test Pallet", 1.5)


def test_sales_users_read_units_but_only_master_managers_create_them():
	uom("Test Existing").insert()
	with as_user(make_user(["Sales User"])):
		assert frappe.has_permission("UOM", "read", "Test Existing")
		with pytest.raises(frappe.PermissionError):
			uom("Test By Rep").insert()
	with as_user(make_user(["Sales Master Manager"])):
		uom("Test By Manager").insert()
	assert not frappe.db.exists("UOM", "Test By Rep")
	assert frappe.db.exists("UOM", "Test By Manager")
