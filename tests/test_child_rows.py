"""A sales document read from the database is the document Frappe's own load reads, row for row,
with one query per table that holds rows (Frappe sends one per table, empty or not)."""

import frappe
import pytest
from frappe.custom.doctype.property_setter.property_setter import make_property_setter
from frappe.model.document import Document
from frappe.utils import nowdate

from tests.sales_setup import sales_setup, transaction
from tests.support import as_user, default_test_email


@pytest.fixture
def setup():
	yield sales_setup(tag=frappe.generate_hash(length=6))
	frappe.db.rollback()
	# the metadata rebuilt inside a rolled-back transaction holds its property setters (a table's
	# cache cleared clears its parents')
	for doctype in ("Quotation Item", "Competitor Detail"):
		frappe.clear_cache(doctype=doctype)


def selects_of(action) -> int:
	"""The SELECT statements MariaDB ran for this session during `action`."""

	def count() -> int:
		return int(frappe.db.sql("show session status like 'Com_select'")[0][1])

	def run(action) -> int:
		before = count()
		action()
		return count() - before

	return run(action) - run(lambda: None)  # less what reading the counter costs


def loaded_by_frappe(doctype: str, name: str) -> Document:
	doc = frappe.get_doc(doctype, name)
	Document.load_from_db(doc)  # Frappe's own load, ours skipped
	return doc


def test_a_quotation_reads_as_frappe_reads_it_with_a_query_per_filled_table(setup):
	doc = transaction(
		"Quotation", setup, [(setup.a, 2), (setup.b, 1), (setup.a, 3, {"description": "<b>Pose</b>"})]
	).insert()
	doc.submit()
	doc.record_follow_up(follow_up_date=nowdate(), channel="Phone", outcome="Call Back", note="Rappeler")

	ours = frappe.get_doc("Quotation", doc.name)
	assert ours.as_dict() == loaded_by_frappe("Quotation", doc.name).as_dict()
	assert [row.idx for row in ours.items] == [1, 2, 3] and len(ours.follow_ups) == 1
	assert ours.lost_reasons == [] and ours.competitors == []

	filled = [df for df in ours.meta.get_table_fields() if ours.get(df.fieldname)]
	assert [df.fieldname for df in filled] == ["items", "taxes", "follow_ups"]
	# the document's row with which tables hold rows, then each of those
	assert selects_of(lambda: frappe.get_doc("Quotation", doc.name)) == 1 + len(filled)
	assert selects_of(lambda: loaded_by_frappe("Quotation", doc.name)) > 2 + len(filled)


def test_each_sales_document_reads_as_frappe_reads_it(setup):
	for doctype in ("Sales Order", "Sales Invoice", "Delivery Note"):
		doc = transaction(doctype, setup, [(setup.a, 2), (setup.b, 1)]).insert()
		assert frappe.get_doc(doctype, doc.name).as_dict() == loaded_by_frappe(doctype, doc.name).as_dict()


def test_a_missing_document_is_not_found_and_a_locked_read_is_frappes(setup):
	with pytest.raises(frappe.DoesNotExistError):
		frappe.get_doc("Quotation", "no such quotation")
	doc = transaction("Quotation", setup, [(setup.a, 1)]).insert()
	locked = frappe.get_doc("Quotation", doc.name, for_update=True)
	assert locked.as_dict() == loaded_by_frappe("Quotation", doc.name).as_dict()


def definitions_read(action) -> set[str]:
	"""The DocTypes whose definitions `action` read, as a request starting afresh reads them."""
	key = frappe.cache.make_key("doctype_meta")
	frappe.local.cache.pop(key, None)
	action()
	return set(frappe.local.cache.get(key, {}))


def test_a_quotation_read_by_a_sales_user_fetches_no_definition_of_its_empty_tables(setup):
	doc = transaction("Quotation", setup, [(setup.a, 2), (setup.b, 1)]).insert()
	with as_user(default_test_email(["Sales User"])):
		read = frappe.get_doc("Quotation", doc.name)
		fetched = definitions_read(read.apply_fieldlevel_read_permissions)
	# read over REST and by the form: the lines and taxes are there, the other four tables are empty
	assert fetched <= {"Quotation", "Quotation Item", "Sales Taxes and Charges"}
	assert "Quotation Item" in fetched
	assert len(read.items) == 2 and read.taxes


def test_a_field_above_level_0_stays_hidden_from_a_user_without_that_level(setup):
	doc = transaction("Quotation", setup, [(setup.a, 2)], terms="Paiement à 30 jours").insert()
	for doctype, fieldname in (("Quotation", "terms"), ("Quotation Item", "item_name")):
		make_property_setter(doctype, fieldname, "permlevel", 1, "Int", validate_fields_for_doctype=False)
	with as_user(default_test_email(["Sales User"])):
		read = frappe.get_doc("Quotation", doc.name)
		read.apply_fieldlevel_read_permissions()
	assert not hasattr(read, "terms") and not hasattr(read.items[0], "item_name")
	assert read.items[0].qty == 2


def test_a_field_above_level_0_in_an_empty_table_hides_nothing(setup):
	doc = transaction("Quotation", setup, [(setup.a, 2)], terms="Paiement à 30 jours").insert()
	make_property_setter(
		"Competitor Detail", "competitor", "permlevel", 1, "Int", validate_fields_for_doctype=False
	)
	with as_user(default_test_email(["Sales User"])):
		read = frappe.get_doc("Quotation", doc.name)
		read.apply_fieldlevel_read_permissions()
	assert read.terms == "Paiement à 30 jours" and read.items[0].item_name


def test_a_new_quotation_gets_its_defaults_without_a_new_row_of_its_empty_tables(setup):
	frappe.local.new_doc_templates = {}
	doc = transaction("Quotation", setup, [(setup.a, 2), (setup.b, 1)]).insert()
	# the templates Frappe builds for a new document and its new rows: none for the empty tables
	built = set(frappe.local.new_doc_templates)
	assert {"Quotation", "Quotation Item"} <= built
	assert not built & {
		"Pricing Rule Detail",
		"Quotation Lost Reason Detail",
		"Competitor Detail",
		"Quotation Follow Up",
	}
	# the fields' defaults, on the document and on each new row
	assert doc.apply_discount_on == "Grand Total"
	assert [row.line_type for row in doc.items] == ["Item", "Item"]


def empty_tables(doc: Document) -> set[str]:
	filled = {df.options for df in doc.meta.get_table_fields() if doc.get(df.fieldname)}
	return {df.options for df in doc.meta.get_table_fields()} - filled


@pytest.mark.parametrize("doctype", ["Sales Order", "Sales Invoice", "Delivery Note"])
def test_each_sales_document_gets_its_defaults_without_a_new_row_of_its_empty_tables(setup, doctype):
	frappe.local.new_doc_templates = {}
	doc = transaction(doctype, setup, [(setup.a, 2), (setup.b, 1)]).insert()
	built, empty = set(frappe.local.new_doc_templates), empty_tables(doc)
	assert {doctype, doc.items[0].doctype} <= built
	assert empty and not built & empty
	# the fields' defaults, on each new row
	assert [row.line_type for row in doc.items] == ["Item", "Item"]


@pytest.mark.parametrize("doctype", ["Sales Order", "Sales Invoice", "Delivery Note"])
def test_each_sales_document_read_fetches_no_definition_of_its_empty_tables(setup, doctype):
	doc = transaction(doctype, setup, [(setup.a, 2), (setup.b, 1)]).insert()
	with as_user(default_test_email(["Sales User"])):
		read = frappe.get_doc(doctype, doc.name)
		fetched = definitions_read(read.apply_fieldlevel_read_permissions)
	assert doc.items[0].doctype in fetched
	assert empty_tables(read) and not fetched & empty_tables(read)
	assert len(read.items) == 2
