"""The payment form's helpers on a real site: what a customer owes, in which order, and how a bank
transfer is spread over it; who may record a payment."""

import frappe
import pytest
from frappe.utils import add_days, flt, getdate, nowdate

from sales_flow.sales_flow.doctype.payment_entry.payment_entry import (
	allocate,
	get_open_documents,
	get_party_details,
	get_payment_entry,
	get_references,
)
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice
from tests.sales_setup import sales_setup, submitted, transaction
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	return sales_setup()


def invoice(setup, lines: list[tuple], due_in_days: int):
	return submitted(transaction("Sales Invoice", setup, lines, due_date=add_days(nowdate(), due_in_days)))


def listed(docs: list[dict]) -> list[tuple]:
	return [(d["reference_doctype"], d["reference_name"], d["outstanding_amount"]) for d in docs]


def payment_of(setup, paid_amount: float, rows: list[dict]):
	"""A draft payment with the rows that got something, as the form saves it."""
	return frappe.get_doc(
		{
			"doctype": "Payment Entry",
			"company": setup.company,
			"party": setup.customer,
			"paid_amount": paid_amount,
			"references": [row for row in rows if row["allocated_amount"] > 0],
		}
	)


def test_open_invoices_oldest_due_first_then_orders_with_what_is_left(setup):
	late = invoice(setup, [(setup.a, 1)], due_in_days=30)  # 120.00
	soon = invoice(setup, [(setup.b, 2)], due_in_days=5)  # 122.10
	paid = invoice(setup, [(setup.a, 2)], due_in_days=1)
	submitted(get_payment_entry("Sales Invoice", paid.name))
	credited = invoice(setup, [(setup.a, 1)], due_in_days=2)
	submitted(make_sales_return(credited.name))
	order = submitted(transaction("Sales Order", setup, [(setup.a, 10)]))  # 1 200.00
	submitted(get_payment_entry("Sales Order", order.name, party_amount=300))
	billed = submitted(transaction("Sales Order", setup, [(setup.c, 1)]))
	# fully billed: its invoice (due today) is listed, the order no more
	billed_invoice = submitted(make_sales_invoice(billed.name))
	held = submitted(transaction("Sales Order", setup, [(setup.a, 1)]))
	held.update_status("On Hold")

	docs = get_open_documents(setup.customer, setup.company)
	assert listed(docs) == [
		("Sales Invoice", billed_invoice.name, 4.0),
		("Sales Invoice", soon.name, 122.1),
		("Sales Invoice", late.name, 120.0),
		("Sales Order", order.name, 900.0),
	]
	assert (docs[1]["due_date"], docs[1]["total_amount"], docs[1]["currency"]) == (
		getdate(soon.due_date),
		122.1,
		"EUR",
	)
	assert (docs[-1]["due_date"], docs[-1]["total_amount"]) == (getdate(order.delivery_date), 1200.0)

	# a partial payment leaves the rest of the invoice open, in its place
	submitted(payment_of(setup, 100, allocate(docs[1:2], 100)))
	assert listed(get_open_documents(setup.customer, setup.company))[1] == ("Sales Invoice", soon.name, 22.1)


def test_the_paid_amount_goes_to_the_oldest_due_first_to_the_cent(setup):
	soon = invoice(setup, [(setup.b, 1)], due_in_days=5)  # 61.05
	late = invoice(setup, [(setup.c, 3)], due_in_days=30)  # 12.00
	order = submitted(transaction("Sales Order", setup, [(setup.a, 1)]))

	rows = get_references(setup.customer, setup.company, 70.33)
	assert [(r["reference_name"], r["allocated_amount"]) for r in rows] == [
		(soon.name, 61.05),
		(late.name, 9.28),
		(order.name, 0),
	]
	payment = submitted(payment_of(setup, 70.33, rows))
	assert (payment.total_allocated_amount, payment.unallocated_amount) == (70.33, 0)
	assert flt(frappe.db.get_value("Sales Invoice", soon.name, "outstanding_amount")) == 0
	assert flt(frappe.db.get_value("Sales Invoice", late.name, "outstanding_amount")) == 2.72


def test_allocation_is_pure_and_orders_invoices_before_orders():
	docs = [
		{"reference_doctype": "Sales Order", "due_date": "2026-01-01", "outstanding_amount": 50},
		{"reference_doctype": "Sales Invoice", "due_date": "2026-03-01", "outstanding_amount": 0.1 + 0.2},
		{"reference_doctype": "Sales Invoice", "due_date": "2026-02-01", "outstanding_amount": 10.01},
	]
	rows = allocate(docs, 30.31)
	assert [(r["due_date"], r["allocated_amount"]) for r in rows] == [
		("2026-02-01", 10.01),
		("2026-03-01", 0.3),
		("2026-01-01", 20.0),
	]
	assert docs[0] == {"reference_doctype": "Sales Order", "due_date": "2026-01-01", "outstanding_amount": 50}


def test_more_than_all_outstanding_leaves_the_rest_unallocated(setup):
	first = invoice(setup, [(setup.b, 1)], due_in_days=5)  # 61.05
	second = invoice(setup, [(setup.a, 1)], due_in_days=6)  # 120.00

	rows = get_references(setup.customer, setup.company, 1000)
	assert [(r["reference_name"], r["allocated_amount"]) for r in rows] == [
		(first.name, 61.05),
		(second.name, 120.0),
	]
	payment = submitted(payment_of(setup, 1000, rows))
	assert (payment.total_allocated_amount, payment.unallocated_amount) == (181.05, 818.95)
	assert get_open_documents(setup.customer, setup.company) == []


def test_a_sales_user_cannot_record_a_payment_an_accounts_user_can(setup):
	due = invoice(setup, [(setup.a, 1)], due_in_days=5)
	with as_user(make_user(["Sales User"])):
		rows = get_references(setup.customer, setup.company, 120)
		with pytest.raises(frappe.PermissionError):
			payment_of(setup, 120, rows).insert()
	assert not frappe.db.exists("Payment Entry", {"party": setup.customer})

	with as_user(make_user(["Accounts User"])):
		assert get_party_details(setup.customer, setup.company)["paid_from_account_currency"] == "EUR"
		payment = submitted(payment_of(setup, 120, get_references(setup.customer, setup.company, 120)))
	assert payment.docstatus == 1
	assert frappe.db.get_value("Sales Invoice", due.name, "status") == "Paid"


def test_an_accountant_restricted_to_other_customers_cannot_list_this_ones(setup):
	invoice(setup, [(setup.a, 1)], due_in_days=5)
	other = frappe.get_doc({"doctype": "Customer", "customer_name": "Test Client Martin"}).insert()
	accountant = make_user(["Accounts User"], email="restricted-accountant@test.sales-flow.fr")
	frappe.get_doc(
		{"doctype": "User Permission", "user": accountant, "allow": "Customer", "for_value": other.name}
	).insert()
	with as_user(accountant):
		assert get_open_documents(other.name, setup.company) == []
		with pytest.raises(frappe.PermissionError):
			get_open_documents(setup.customer, setup.company)


@pytest.mark.parametrize("call", [get_open_documents, get_party_details])
def test_an_unknown_customer_is_named_in_a_clear_error(setup, call):
	assert_rejected(
		lambda: call("Client Inconnu SARL", setup.company),
		"Customer Client Inconnu SARL does not exist",
		frappe.DoesNotExistError,
	)
	assert_rejected(lambda: call("", setup.company), "Choose a customer first")
