"""Quotation Template: refused without item lines, layout rows checked (the applying is tested in
tests/test_quotation_lines.py)."""

import frappe
import pytest

from tests.sales_setup import sales_setup


def template(setup, lines: list[dict], **values):
	return frappe.get_doc(
		{
			"doctype": "Quotation Template",
			"template_name": f"Test Modèle {frappe.generate_hash(length=6)}",
			"items": lines,
			**values,
		}
	)


def test_a_template_without_item_lines_is_refused_and_not_written():
	setup = sales_setup()
	doc = template(setup, [{"line_type": "Section", "item_name": "Matériel"}, {"line_type": "Subtotal"}])
	with pytest.raises(frappe.ValidationError, match="at least one item line"):
		doc.insert()
	assert not frappe.db.exists("Quotation Template", doc.template_name)


def test_item_lines_take_their_name_and_unit_from_the_item():
	setup = sales_setup()
	doc = template(
		setup, [{"line_type": "Section", "item_name": "Matériel"}, {"item_code": setup.a, "qty": 2}]
	).insert()
	assert (doc.items[1].item_name, doc.items[1].uom) == (setup.a, "Unit")


@pytest.mark.parametrize(
	"line, message",
	[
		({"line_type": "Subtotal", "qty": 2}, "holds only its text"),
		({"line_type": "Section", "item_name": "Options", "item_code": "{a}"}, "holds only its text"),
		({"line_type": "Section"}, "needs its heading"),
		({"item_code": "{a}", "qty": 0}, "greater than zero"),
		({"item_code": "{a}", "qty": 1, "discount_percentage": 120}, "between 0 and 100"),
		({"item_code": "{a}", "qty": 1, "rate": -1}, "cannot be negative"),
	],
)
def test_bad_lines_are_refused(line, message):
	setup = sales_setup()
	line = {k: v.format(a=setup.a) if isinstance(v, str) else v for k, v in line.items()}
	doc = template(setup, [{"item_code": setup.b, "qty": 1}, line])
	with pytest.raises(frappe.ValidationError, match=message):
		doc.insert()
	assert not frappe.db.exists("Quotation Template", doc.template_name)
