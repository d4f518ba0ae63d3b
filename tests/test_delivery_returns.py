"""Delivery Note returns (`is_return`, `return_against`, negative quantities, ERPNext's
make_sales_return): a partial return restores the order's delivered quantities and per_delivered;
no line gives back more than it delivered; a delivery note with a return is not cancelled first."""

import frappe
import pytest
from frappe.utils import flt

from sales_flow.sales_flow.doctype.delivery_note.delivery_note import make_sales_invoice as dn_to_invoice
from sales_flow.sales_flow.doctype.delivery_note.delivery_note import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_delivery_note
from tests.sales_setup import sales_setup, submitted, transaction
from tests.support import assert_rejected


@pytest.fixture
def setup():
	return sales_setup()


def order_progress(order) -> tuple:
	order.reload()
	return (
		{row.item_code: flt(row.delivered_qty) for row in order.items},
		flt(order.per_delivered),
		order.status,
	)


@pytest.fixture
def delivered(setup):
	"""An order of 4 A and 10 B, all delivered by one delivery note."""
	order = submitted(transaction("Sales Order", setup, [(setup.a, 4), (setup.b, 10)]))
	return order, submitted(make_delivery_note(order.name))


def test_a_partial_return_restores_the_orders_delivered_quantities(setup, delivered):
	order, delivery = delivered
	assert order_progress(order) == ({setup.a: 4, setup.b: 10}, 100, "To Bill")

	back = make_sales_return(delivery.name)
	assert (back.is_return, back.return_against, [r.qty for r in back.items]) == (1, delivery.name, [-4, -10])
	back.items[0].qty = -1
	back.items = back.items[:1]
	submitted(back)
	assert back.name.startswith("MAT-DN-RET-")
	# 4 x 100 + 20 % VAT = 480 delivered, 1 returned: -120
	assert (back.grand_total, frappe.db.get_value("Delivery Note", back.name, "status")) == (-120, "Return")
	# 13 of 14 units delivered: per_delivered 92.86 by quantity
	delivered_qty, per_delivered, status = order_progress(order)
	assert delivered_qty == {setup.a: 3, setup.b: 10}
	assert (round(per_delivered, 2), status) == (92.86, "To Deliver and Bill")

	# what is left to return: 3 A and the 10 B
	assert [r.qty for r in make_sales_return(delivery.name).items] == [-3, -10]
	# the unit returned can be delivered again
	again = make_delivery_note(order.name)
	assert [(r.item_code, r.qty) for r in again.items] == [(setup.a, 1)]

	back.cancel()
	assert order_progress(order)[0] == {setup.a: 4, setup.b: 10}


def test_a_return_gives_back_at_most_what_was_delivered(setup, delivered):
	_order, delivery = delivered
	back = make_sales_return(delivery.name)
	back.items[0].qty = -5
	assert_rejected(back.insert, "Row 1: at most 4")

	first = make_sales_return(delivery.name)
	first.items[0].qty = -3
	submitted(first)
	second = make_sales_return(delivery.name)
	second.items[0].qty = -2
	assert_rejected(second.insert, "Row 1: at most 1")


def test_a_return_is_of_a_submitted_delivery_note_of_the_same_customer(setup, delivered):
	_order, delivery = delivered
	back = make_sales_return(delivery.name)
	back.return_against = None
	assert_rejected(back.insert, "Return Against Delivery Note is missing.")
	draft = transaction("Delivery Note", setup, [(setup.a, 1)]).insert()
	back = make_sales_return(delivery.name)
	back.return_against = draft.name
	assert_rejected(
		back.insert, f"A return is made against a submitted delivery note; {draft.name} is not one."
	)

	other = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": "Test Client Autre",
			"customer_group": frappe.db.get_value("Customer", setup.customer, "customer_group"),
			"territory": frappe.db.get_value("Customer", setup.customer, "territory"),
			"default_price_list": setup.price_list,
		}
	).insert()
	back = make_sales_return(delivery.name)
	back.customer = other.name
	assert_rejected(back.insert, "for the customer of the delivery note it returns")

	back = make_sales_return(delivery.name)
	back.items[0].qty = 1  # a return takes negative quantities
	assert_rejected(back.insert, "Row 1: a return takes negative quantities")


def test_a_returned_delivery_note_waits_for_its_return_to_be_cancelled(setup, delivered):
	_order, delivery = delivered
	back = submitted(make_sales_return(delivery.name))
	assert_rejected(delivery.cancel, f"Cancel the returns of {delivery.name} first", frappe.LinkExistsError)
	assert_rejected(lambda: dn_to_invoice(back.name), "is a return")
	assert_rejected(lambda: make_sales_return(back.name), "is not one")
