"""Frappe's per-row checks ask each DocType once per save for its fields of a kind and for the fields
fetched from each link (sales_document.meta_filters_read_once): a bad value on any line is still
refused, at insert and at submit, and the metas are left as Frappe made them."""

import frappe
import pytest

from tests.sales_setup import sales_setup, submitted, transaction

FRAPPE_GET_META = frappe.get_meta
DOCTYPES = ("Quotation", "Quotation Item", "Sales Taxes and Charges")


@pytest.fixture
def setup():
	yield sales_setup(tag=frappe.generate_hash(length=6))
	frappe.db.rollback()


def assert_metas_as_frappe_made_them() -> None:
	assert frappe.get_meta is FRAPPE_GET_META
	for doctype in DOCTYPES:
		assert not {"get", "get_fields_to_fetch"} & set(vars(frappe.get_meta(doctype)))


def three_lines(setup, last: dict) -> "frappe.model.document.Document":
	return transaction("Quotation", setup, [(setup.a, 1), (setup.b, 2), (setup.a, 3, last)])


def test_a_submitted_quotation_leaves_the_metas_as_frappe_made_them(setup):
	doc = submitted(three_lines(setup, {}))
	assert_metas_as_frappe_made_them()
	assert frappe.db.get_value("Quotation", doc.name, "docstatus") == 1


def test_a_bad_link_on_the_last_line_is_refused(setup):
	with pytest.raises(frappe.LinkValidationError, match="No Such UOM"):
		three_lines(setup, {"weight_uom": "No Such UOM"}).insert()
	assert_metas_as_frappe_made_them()


def test_a_negative_value_on_the_last_line_is_refused(setup):
	with pytest.raises(frappe.NonNegativeError):
		three_lines(setup, {"weight_per_unit": -1}).insert()
	assert_metas_as_frappe_made_them()


def test_a_bad_link_written_into_the_draft_is_refused_at_submit(setup):
	doc = three_lines(setup, {})
	doc.insert()
	frappe.db.set_value("Quotation Item", doc.items[2].name, "weight_uom", "No Such UOM")
	draft = frappe.get_doc("Quotation", doc.name)
	with pytest.raises(frappe.LinkValidationError, match="No Such UOM"):
		draft.submit()
	assert_metas_as_frappe_made_them()
