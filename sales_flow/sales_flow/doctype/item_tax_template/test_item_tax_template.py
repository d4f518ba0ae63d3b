import frappe
import pytest

from tests.support import as_user, assert_rejected, make_user

DOCTYPE = "Item Tax Template"
CHILD = "Item Tax Template Detail"
TITLE = "Test TVA 5,5 %"


def rate(tax_type: str, tax_rate: float) -> dict:
	return {"tax_type": tax_type, "tax_rate": tax_rate}


FRENCH_RATES = [
	rate("Test TVA collectée 20 %", 0),
	rate("Test TVA collectée 10 %", 0),
	rate("Test TVA collectée 5,5 %", 5.5),
]


def vat_class(title: str = TITLE, taxes: list | None = None, **values):
	doc = {"doctype": DOCTYPE, "title": title, "taxes": FRENCH_RATES if taxes is None else taxes}
	doc.update(values)
	return frappe.get_doc(doc)


def test_named_after_its_title_with_one_row_per_tax_account():
	doc = vat_class("  Test TVA 5,5 % ").insert()
	assert doc.name == TITLE
	rows = frappe.get_all(CHILD, filters={"parent": TITLE}, fields=["tax_type", "tax_rate"], order_by="idx")
	assert [(r.tax_type, r.tax_rate) for r in rows] == [(r["tax_type"], r["tax_rate"]) for r in FRENCH_RATES]


@pytest.mark.parametrize("tax_rate", [0, 100, 5.5])
def test_rates_from_0_to_100_are_accepted(tax_rate):
	vat_class(taxes=[rate("Test TVA", tax_rate)]).insert()
	assert frappe.db.get_value(CHILD, {"parent": TITLE}, "tax_rate") == tax_rate


@pytest.mark.parametrize(
	"taxes, message",
	[
		(
			[rate("Test TVA collectée 20 %", 120)],
			"Row #1: the tax rate of Test TVA collectée 20 % must be between 0 and 100 %",
		),
		(
			[rate("Test TVA", 10), rate("Test TVA bis", 100.01)],
			"Row #2: the tax rate of Test TVA bis must be between 0 and 100 %",
		),
		([rate("Test TVA", -5.5)], "must be between 0 and 100 %"),
		(
			[rate("Test TVA", 20), rate("Test TVA", 10)],
			"Row #2: the tax account Test TVA is already in row #1",
		),
		([rate("Test TVA", 20), rate(" test tva ", 10)], "is already in row #1"),
		([], "Add at least one tax rate"),
		([rate("", 20)], "tax_type"),
	],
)
def test_bad_rates_are_rejected_and_nothing_is_written(taxes, message):
	before = frappe.db.count(DOCTYPE), frappe.db.count(CHILD)
	assert_rejected(lambda: vat_class(taxes=taxes).insert(), message)
	assert (frappe.db.count(DOCTYPE), frappe.db.count(CHILD)) == before


def test_a_bad_change_is_not_saved():
	doc = vat_class().insert()
	doc.taxes[2].tax_rate = 550
	assert_rejected(doc.save, "must be between 0 and 100 %")
	assert frappe.db.get_value(CHILD, {"parent": TITLE, "idx": 3}, "tax_rate") == 5.5


@pytest.mark.parametrize("roles", [["Sales User"], ["Sales Master Manager"]])
def test_sales_roles_read_vat_classes_but_cannot_create_them(roles):
	existing = vat_class().insert()
	with as_user(make_user(roles)):
		assert frappe.has_permission(DOCTYPE, "read", existing.name)
		with pytest.raises(frappe.PermissionError):
			vat_class("Test By Other").insert()
	assert not frappe.db.exists(DOCTYPE, "Test By Other")


def test_accounting_owns_vat_classes():
	with as_user(make_user(["Accounts User"])):
		vat_class().insert()
	assert frappe.db.exists(DOCTYPE, TITLE)
