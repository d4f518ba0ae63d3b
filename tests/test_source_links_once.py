"""The check of the lines' source links runs once for an insert and a submit in one transaction when
nothing changed in between, and again after any write, a changed line or a commit."""

import frappe
import pytest

from sales_flow.pricing import source_prices
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from tests.sales_setup import sales_setup, submitted, transaction


@pytest.fixture
def order(monkeypatch):
	"""A draft order made from a submitted quotation, and the check's runs from now on."""
	setup = sales_setup(tag=frappe.generate_hash(length=6))
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 2), (setup.b, 1)]))
	doc = make_sales_order(quotation.name)
	doc.delivery_date = quotation.transaction_date
	runs, check = [], source_prices.check_source_links
	monkeypatch.setattr(source_prices, "check_source_links", lambda d: runs.append(d.name) or check(d))
	doc.insert()
	doc.runs, doc.quotation = runs, quotation
	yield doc
	frappe.db.rollback()


def test_an_order_inserted_then_submitted_checks_its_links_once(order):
	order.submit()
	assert len(order.runs) == 1
	# the lines still carry the quotation's price, as checked at the insert
	assert all(source_prices.keeps_source_price(row) for row in order.items)
	assert [row.rate for row in order.items] == [row.rate for row in order.quotation.items]
	assert frappe.db.get_value("Sales Order", order.name, "docstatus") == 1


def test_a_write_in_between_checks_again_and_sees_the_source_line_changed(order):
	other_item = order.quotation.items[1].item_code
	frappe.db.set_value("Quotation Item", order.items[0].quotation_item, "item_code", other_item)
	with pytest.raises(frappe.ValidationError, match="which is for item"):
		order.submit()
	assert len(order.runs) == 2


def test_a_line_changed_in_between_is_checked_again(order):
	order.items[0].quotation_item = "no such line"
	with pytest.raises(frappe.ValidationError, match="does not exist"):
		order.submit()
	assert len(order.runs) == 2
