"""A sales document read from the database is the document Frappe's own load reads, row for row,
with one query per table that holds rows (Frappe sends one per table, empty or not)."""

import frappe
import pytest
from frappe.model.document import Document
from frappe.utils import nowdate

from tests.sales_setup import sales_setup, transaction


@pytest.fixture
def setup():
	yield sales_setup(tag=frappe.generate_hash(length=6))
	frappe.db.rollback()


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
