"""Credit notes refunded (Payment Entry of type Pay, ERPNext's get_payment_entry on a return) and
offset against another invoice of the customer (a negative allocation beside the invoice it
settles). A credit note's credit sits on the invoice it returns: that invoice's outstanding amount
goes below zero and comes back to 0 once the credit is refunded or used. Item A: 100 + 20 % = 120."""

import frappe
import pytest
from frappe.utils import flt

from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from tests.sales_setup import sales_setup, submitted, transaction
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	return sales_setup()


def figures(name: str) -> tuple:
	return tuple(frappe.db.get_value("Sales Invoice", name, ["outstanding_amount", "status"]))


@pytest.fixture
def credited(setup):
	"""An invoice of 5 A (600) paid in full, then 2 A (240) credited: the customer is owed 240."""
	invoice = submitted(transaction("Sales Invoice", setup, [(setup.a, 5)]))
	submitted(get_payment_entry("Sales Invoice", invoice.name))
	credit = make_sales_return(invoice.name)
	credit.items[0].qty = -2
	submitted(credit)
	assert figures(invoice.name) == (-240, "Credit Note Issued")
	return invoice, credit


def offset(setup, credit, invoice_name: str, amount: float, paid: float = 0):
	payment = frappe.get_doc(
		{
			"doctype": "Payment Entry",
			"payment_type": "Receive",
			"company": setup.company,
			"party": setup.customer,
			"paid_amount": paid,
			"references": [
				{
					"reference_doctype": "Sales Invoice",
					"reference_name": invoice_name,
					"allocated_amount": amount + paid,
				},
				{
					"reference_doctype": "Sales Invoice",
					"reference_name": credit.name,
					"allocated_amount": -amount,
				},
			],
		}
	)
	return payment


def test_a_credit_note_is_refunded(setup, credited):
	invoice, credit = credited
	refund = get_payment_entry("Sales Invoice", credit.name)
	assert (refund.payment_type, refund.paid_amount, refund.references[0].allocated_amount) == (
		"Pay",
		240,
		240,
	)
	refund.paid_amount = refund.references[0].allocated_amount = 100
	submitted(refund)
	assert figures(invoice.name) == (-140, "Credit Note Issued")
	second = submitted(get_payment_entry("Sales Invoice", credit.name))
	assert second.paid_amount == 140
	assert figures(invoice.name) == (0, "Credit Note Issued")
	assert_rejected(lambda: get_payment_entry("Sales Invoice", credit.name), "Nothing is left to refund")

	second.cancel()
	assert figures(invoice.name) == (-140, "Credit Note Issued")


def test_a_refund_above_the_credit_is_refused(setup, credited):
	_invoice, credit = credited
	refund = get_payment_entry("Sales Invoice", credit.name)
	refund.paid_amount = 300
	assert_rejected(refund.insert, "A refund of 300,00 € is more than the 240,00 € left on its credit notes")
	refund = get_payment_entry("Sales Invoice", credit.name)
	refund.paid_amount = 300
	refund.references[0].allocated_amount = 300
	refund.append("references", {"reference_doctype": "Sales Invoice", "reference_name": credit.name})
	assert_rejected(refund.insert, "is listed twice")


def test_a_refund_pays_back_credit_notes_only(setup, credited):
	invoice, _credit = credited
	other = submitted(transaction("Sales Invoice", setup, [(setup.a, 1)]))
	refund = frappe.get_doc(
		{
			"doctype": "Payment Entry",
			"payment_type": "Pay",
			"company": setup.company,
			"party": setup.customer,
			"paid_amount": 120,
			"references": [
				{"reference_doctype": "Sales Invoice", "reference_name": other.name, "allocated_amount": 120}
			],
		}
	)
	assert_rejected(refund.insert, "References row 1: a refund pays back credit notes only")
	refund.references = []
	assert_rejected(refund.insert, "A refund pays back a credit note")
	assert figures(invoice.name)[0] == -240


def test_a_credit_note_offsets_another_invoice(setup, credited):
	invoice, credit = credited
	other = submitted(transaction("Sales Invoice", setup, [(setup.a, 3)]))  # 360
	payment = submitted(offset(setup, credit, other.name, 240))
	assert (payment.paid_amount, payment.total_allocated_amount, payment.unallocated_amount) == (0, 0, 0)
	# the credit note's row first, as ERPNext lists a negative outstanding amount
	assert [(r.reference_name, r.allocated_amount, r.outstanding_amount) for r in payment.references] == [
		(credit.name, -240, -240),
		(other.name, 240, 360),
	]
	assert figures(invoice.name) == (0, "Credit Note Issued")
	assert figures(other.name) == (120, "Partly Paid")

	# the rest of it paid with money: 120 received
	submitted(get_payment_entry("Sales Invoice", other.name))
	assert figures(other.name) == (0, "Paid")


def test_an_offset_and_a_payment_in_one_entry(setup, credited):
	_invoice, credit = credited
	other = submitted(transaction("Sales Invoice", setup, [(setup.a, 3)]))
	submitted(offset(setup, credit, other.name, 200, paid=160))
	assert figures(other.name) == (0, "Paid")
	assert flt(figures(credited[0].name)[0]) == -40


def test_an_offset_takes_at_most_the_credit_left(setup, credited):
	_invoice, credit = credited
	other = submitted(transaction("Sales Invoice", setup, [(setup.a, 3)]))
	assert_rejected(offset(setup, credit, other.name, 250).insert, "which has only 240,00 € left")
	wrong_sign = offset(setup, credit, other.name, 100)
	wrong_sign.references[1].allocated_amount = 100
	wrong_sign.paid_amount = 0
	assert_rejected(wrong_sign.insert, "gives its credit with a negative allocated amount")


def test_another_customers_credit_note_is_refused(setup, credited):
	_invoice, credit = credited
	stranger = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": "Test Client Étranger",
			"customer_group": frappe.db.get_value("Customer", setup.customer, "customer_group"),
			"territory": frappe.db.get_value("Customer", setup.customer, "territory"),
		}
	).insert()
	refund = get_payment_entry("Sales Invoice", credit.name)
	refund.party = stranger.name
	assert_rejected(refund.insert, f"{credit.name} is for another customer")


def test_a_sales_user_cannot_refund(setup, credited):
	_invoice, credit = credited
	with as_user(make_user(["Sales User"])):
		refund = get_payment_entry("Sales Invoice", credit.name)
		assert_rejected(refund.insert, "", frappe.PermissionError)
