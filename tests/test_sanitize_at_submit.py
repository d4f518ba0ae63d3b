"""The sanitizer at submit: before_submit sanitizes what validate wrote since before_validate, and
parses nothing again when validate changed no text (the same save cycle's before_validate did)."""

import frappe
import pytest

from sales_flow.printing import sanitize
from sales_flow.printing.sanitize import sanitize_document
from tests.sales_setup import sales_setup, transaction

PAYLOAD = "<img src=x onerror=\"alert('sfxss')\"><b>gras</b>"


@pytest.fixture
def setup():
	yield sales_setup(tag=frappe.generate_hash(length=6))
	frappe.db.rollback()


def rows_sanitized(monkeypatch) -> list[str]:
	"""The rows sanitize_fields reads from now on (the function still runs as it is)."""
	seen, sanitize_fields = [], sanitize.sanitize_fields
	monkeypatch.setattr(
		sanitize,
		"sanitize_fields",
		lambda row, *args: seen.append(row.doctype) or sanitize_fields(row, *args),
	)
	return seen


@pytest.mark.parametrize("doctype", ["Quotation", "Sales Order", "Sales Invoice"])
def test_a_draft_submitted_unchanged_is_sanitized_once(setup, monkeypatch, doctype):
	lines = [(setup.a, 2, {"description": "<b>Pose</b> & fourniture"}), (setup.b, 1)]
	draft = transaction(doctype, setup, lines).insert()
	doc = frappe.get_doc(doctype, draft.name)
	seen = rows_sanitized(monkeypatch)
	doc.submit()
	# before_validate's pass over the document and each row, and none at before_submit
	assert len(seen) == 1 + len(doc.get_all_children())
	assert (
		frappe.db.get_value(f"{doctype} Item", doc.items[0].name, "description")
		== "<b>Pose</b> &amp; fourniture"
	)


def test_a_text_changed_after_before_validate_is_sanitized_at_submit(setup):
	doc = transaction("Sales Invoice", setup, [(setup.a, 2), (setup.b, 1)]).insert()
	sanitize_document(doc, "before_validate")
	doc.items[1].description = PAYLOAD
	sanitize_document(doc, "before_submit")
	assert doc.items[1].description == '<img src="x"><b>gras</b>'

	sanitize_document(doc, "before_validate")
	doc.append("items", {"item_code": setup.a, "qty": 1, "description": PAYLOAD})
	sanitize_document(doc, "before_submit")
	assert doc.items[2].description == '<img src="x"><b>gras</b>'


def test_the_description_validate_writes_at_submit_is_sanitized(setup):
	# an item description stored before the sanitizer: validate copies it onto the line
	frappe.db.set_value("Item", setup.b, "description", PAYLOAD)
	# created submitted (a POST with docstatus 1): validate writes it after before_validate
	doc = transaction("Sales Invoice", setup, [(setup.b, 1)], docstatus=1).insert()
	stored = frappe.db.get_value("Sales Invoice Item", doc.items[0].name, "description")
	assert stored == '<img src="x"><b>gras</b>'
