"""Payment Reconciliation: a customer's unallocated payments and credit notes listed beside its open
invoices, matches suggested by reference and by amount (else oldest due), allocated once confirmed,
with the invoices' outstanding amounts, instalments and statuses following. Item A: 120 TTC."""

import frappe
import pytest

from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from tests.sales_setup import sales_setup, submitted, transaction
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	return sales_setup()


def invoice(setup, qty: float):
	return submitted(transaction("Sales Invoice", setup, [(setup.a, qty)]))


def unallocated_payment(setup, amount: float, reference_no: str = ""):
	return submitted(
		frappe.get_doc(
			{
				"doctype": "Payment Entry",
				"company": setup.company,
				"party": setup.customer,
				"paid_amount": amount,
				"reference_no": reference_no,
			}
		)
	)


def tool(setup):
	doc = frappe.get_doc("Payment Reconciliation")
	doc.update({"company": setup.company, "party": setup.customer})
	doc.get_unreconciled_entries()
	return doc


def figures(name: str) -> tuple:
	return tuple(frappe.db.get_value("Sales Invoice", name, ["outstanding_amount", "status"]))


def suggested(doc) -> list[tuple]:
	return [(r.reference_name, r.invoice_number, r.allocated_amount, r.reason) for r in doc.allocation]


def test_a_payment_is_matched_by_reference_then_by_amount_and_reconciled(setup):
	first, second, third = invoice(setup, 1), invoice(setup, 2), invoice(setup, 3)  # 120, 240, 360
	by_reference = unallocated_payment(setup, 360, reference_no=f"Virement {third.name}")
	by_amount = unallocated_payment(setup, 240)
	doc = tool(setup)
	assert [(r.reference_name, r.amount) for r in doc.payments] == [
		(by_reference.name, 360),
		(by_amount.name, 240),
	]
	assert [(r.invoice_number, r.outstanding_amount) for r in doc.invoices] == [
		(first.name, 120),
		(second.name, 240),
		(third.name, 360),
	]
	assert suggested(doc) == [
		(by_reference.name, third.name, 360, "Reference"),
		(by_amount.name, second.name, 240, "Same amount"),
	]

	doc.reconcile()
	assert figures(third.name) == (0, "Paid") and figures(second.name) == (0, "Paid")
	assert figures(first.name) == (120, "Unpaid")
	payment = frappe.get_doc("Payment Entry", by_reference.name)
	assert [(r.reference_name, r.allocated_amount) for r in payment.references] == [(third.name, 360)]
	assert (payment.total_allocated_amount, payment.unallocated_amount) == (360, 0)
	# what is left to reconcile: the first invoice, nothing to pay it with
	assert ([r.invoice_number for r in doc.invoices], doc.payments, doc.allocation) == ([first.name], [], [])
	# cancelling the payment gives the invoice back its debt
	payment.cancel()
	assert figures(third.name) == (360, "Unpaid")


def test_a_payment_pays_several_invoices_oldest_due_first(setup):
	first, second = invoice(setup, 1), invoice(setup, 2)
	payment = unallocated_payment(setup, 200)
	doc = tool(setup)
	assert suggested(doc) == [
		(payment.name, first.name, 120, "Oldest due"),
		(payment.name, second.name, 80, "Oldest due"),
	]
	doc.reconcile()
	assert figures(first.name) == (0, "Paid") and figures(second.name) == (160, "Partly Paid")


def test_a_credit_note_is_reconciled_against_another_invoice(setup):
	paid = invoice(setup, 5)
	submitted(
		frappe.get_doc(
			{
				"doctype": "Payment Entry",
				"company": setup.company,
				"party": setup.customer,
				"paid_amount": 600,
				"references": [
					{
						"reference_doctype": "Sales Invoice",
						"reference_name": paid.name,
						"allocated_amount": 600,
					}
				],
			}
		)
	)
	credit = make_sales_return(paid.name)
	credit.items[0].qty = -1
	submitted(credit)  # 120 owed to the customer
	other = invoice(setup, 2)
	doc = tool(setup)
	assert [(r.reference_type, r.reference_name, r.amount) for r in doc.payments] == [
		("Sales Invoice", credit.name, 120)
	]
	assert suggested(doc) == [(credit.name, other.name, 120, "Oldest due")]
	doc.reconcile()
	assert figures(other.name) == (120, "Partly Paid")
	assert figures(paid.name) == (0, "Credit Note Issued")


def test_the_user_changes_an_amount_before_reconciling(setup):
	target = invoice(setup, 2)
	payment = unallocated_payment(setup, 240)
	doc = tool(setup)
	doc.allocation[0].allocated_amount = 100
	doc.reconcile()
	assert figures(target.name) == (140, "Partly Paid")
	assert frappe.db.get_value("Payment Entry", payment.name, "unallocated_amount") == 140


def test_over_allocation_is_refused_and_nothing_is_written(setup):
	target = invoice(setup, 1)
	payment = unallocated_payment(setup, 500)
	doc = tool(setup)
	doc.allocation[0].allocated_amount = 130
	assert_rejected(
		doc.reconcile, f"Allocation row 1: 130,00 € is more than the 120,00 € left on {target.name}"
	)
	doc.allocation[0].allocated_amount = 120
	# a stale suggestion: the payment was used meanwhile
	frappe.db.set_value("Payment Entry", payment.name, "unallocated_amount", 50)
	assert_rejected(doc.reconcile, f"120,00 € is more than the 50,00 € left on {payment.name}")
	assert figures(target.name) == (120, "Unpaid")


def test_another_customers_documents_are_refused(setup):
	target = invoice(setup, 1)
	unallocated_payment(setup, 120)
	doc = tool(setup)
	stranger = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": "Test Client Étranger",
			"customer_group": frappe.db.get_value("Customer", setup.customer, "customer_group"),
			"territory": frappe.db.get_value("Customer", setup.customer, "territory"),
		}
	).insert()
	doc.party = stranger.name
	assert_rejected(doc.reconcile, f"{target.name} is not an open invoice of customer {stranger.name}")
	assert figures(target.name) == (120, "Unpaid")


def test_only_accounts_users_reconcile(setup):
	invoice(setup, 1)
	unallocated_payment(setup, 120)
	with as_user(make_user(["Sales User"])):
		assert_rejected(lambda: tool(setup), "", frappe.PermissionError)
	with as_user(make_user(["Accounts User"])):
		tool(setup).reconcile()
