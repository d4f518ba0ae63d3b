"""The field checks keep what they read from a DocType's metadata for the life of the process (Frappe
gives each request new metadata objects, and reading the specs again cost every write): a field
whose definition changes is checked by its new definition at once, in the same process."""

import frappe
import pytest
from frappe.custom.doctype.property_setter.property_setter import make_property_setter

from tests.sales_setup import sales_setup, transaction


@pytest.fixture
def setup():
	yield sales_setup(tag=frappe.generate_hash(length=6))
	frappe.db.rollback()
	# the metadata rebuilt inside the rolled-back transaction holds the property setter
	frappe.clear_cache(doctype="Quotation")


def refusal(doc) -> str:
	with pytest.raises(frappe.ValidationError) as refused:
		doc.insert()
	return str(refused.value)


def test_a_field_shortened_by_a_property_setter_is_checked_by_its_new_length(setup):
	title = "T" * 120
	# the checks of Quotation read, and kept, with the title's length of 140
	assert transaction("Quotation", setup, [(setup.a, 1)], title=title).insert().title == title
	assert "at most 140" in refusal(transaction("Quotation", setup, [(setup.a, 1)], title="T" * 141))

	make_property_setter("Quotation", "title", "length", 100, "Int", validate_fields_for_doctype=False)
	assert frappe.get_meta("Quotation").get_field("title").length == 100

	message = refusal(transaction("Quotation", setup, [(setup.a, 1)], title=title))
	assert "is too long: 120 characters, at most 100." in message


def test_an_option_removed_by_a_property_setter_is_refused(setup):
	doc = transaction("Quotation", setup, [(setup.a, 1)], apply_discount_on="Net Total")
	assert doc.insert().apply_discount_on == "Net Total"

	make_property_setter(
		"Quotation", "apply_discount_on", "options", "Grand Total", "Text", validate_fields_for_doctype=False
	)

	message = refusal(transaction("Quotation", setup, [(setup.a, 1)], apply_discount_on="Net Total"))
	assert "is not one of the allowed values: Grand Total." in message, message
