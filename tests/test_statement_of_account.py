"""The statement of account on a real site: opening balance, invoices, credit notes and payments
with the running balance ending at what the customer owes, the ageing, the PDF and the e-mail."""

import json

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from sales_flow.receivables.statement import email_statement, get_statement, statement_html
from sales_flow.receivables.statement_run import run_statements
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from tests.sales_setup import sales_setup, submitted, transaction
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	return sales_setup()


@pytest.fixture
def outbox():
	"""An outgoing email account (nothing is sent in tests: the queue is what is checked)."""
	return frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Test Relevés",
			"email_id": "compta@test-cycle.example",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"no_smtp_authentication": 1,
		}
	).insert()


def day(offset: int) -> str:
	return add_days(nowdate(), offset)


def invoice(setup, lines, posted: int, due: int):
	doc = transaction("Sales Invoice", setup, lines, posting_date=day(posted), due_date=day(due))
	doc.set_posting_time = 1
	doc.insert()
	doc.submit()
	return doc


def a_period_of_business(setup):
	"""Before the period: an invoice of 1 200.00. In it: 244.20 credited in full, 12.00, a payment of
	500.00 on the first invoice and a transfer of 100.00 nobody allocated."""
	first = invoice(setup, [(setup.a, 10)], posted=-40, due=-35)  # 1 200.00
	second = invoice(setup, [(setup.b, 4)], posted=-10, due=20)  # 244.20
	third = invoice(setup, [(setup.c, 3)], posted=-5, due=10)  # 12.00
	credit_note = submitted(make_sales_return(second.name))
	payment = submitted(get_payment_entry("Sales Invoice", first.name, party_amount=500))
	transfer = submitted(
		frappe.get_doc(
			{
				"doctype": "Payment Entry",
				"company": setup.company,
				"party": setup.customer,
				"paid_amount": 100,
				"references": [],
			}
		)
	)
	return first, second, third, credit_note, payment, transfer


def owed_by(customer: str) -> float:
	"""What the customer owes, from the invoices and payments themselves."""
	outstanding = sum(
		frappe.get_all("Sales Invoice", {"customer": customer, "docstatus": 1}, pluck="outstanding_amount")
	)
	unallocated = sum(
		frappe.get_all("Payment Entry", {"party": customer, "docstatus": 1}, pluck="unallocated_amount")
	)
	return round(outstanding - unallocated, 2)


def test_the_running_balance_ends_at_what_the_customer_owes(setup):
	first, second, third, credit_note, payment, transfer = a_period_of_business(setup)
	statement = get_statement(setup.customer, day(-20), nowdate(), setup.company)

	assert statement.opening_balance == 1200.0
	assert [(r.kind, r.voucher_no, r.debit, r.credit, r.balance) for r in statement.rows] == [
		("Sales Invoice", second.name, 244.2, 0, 1444.2),
		("Sales Invoice", third.name, 12.0, 0, 1456.2),
		("Credit Note", credit_note.name, 0, 244.2, 1212.0),
		("Payment Entry", payment.name, 0, 500.0, 712.0),
		("Payment Entry", transfer.name, 0, 100.0, 612.0),
	]
	# 700.00 left on the first invoice + 12.00 on the third - the 100.00 transfer
	assert statement.closing_balance == 612.0 == owed_by(setup.customer)
	assert dict(statement.ageing) == {"Not due": 12.0, "1-30": 0, "31-60": 700.0, "61-90": 0, "90+": 0}

	# a period that ends before the payments: they are not in it, and the balance is what was owed then
	earlier = get_statement(setup.customer, day(-60), day(-1), setup.company)
	assert earlier.opening_balance == 0
	assert earlier.closing_balance == 1456.2


def test_the_statement_prints_in_french_with_every_row(setup):
	_first, _second, third, credit_note, payment, _transfer = a_period_of_business(setup)
	frappe.db.set_value("Customer", setup.customer, "customer_name", "Dupont <b>&</b> fils")
	html = statement_html(get_statement(setup.customer, day(-20), nowdate(), setup.company))
	assert "Relevé de compte" in html and "Solde antérieur" in html
	assert "1 200,00" in html and "612,00" in html and f"Avoir {credit_note.name}" in html
	assert f"Paiement {payment.name}" in html and f"Facture {third.name}" in html
	assert "<b>&</b>" not in html and "Dupont &lt;b&gt;&amp;&lt;/b&gt; fils" in html


def test_emailed_with_the_pdf_attached(setup, outbox):
	a_period_of_business(setup)
	assert_rejected(
		lambda: email_statement(setup.customer, day(-20), nowdate(), setup.company), "no email address"
	)
	frappe.db.set_value("Customer", setup.customer, "email_id", "compta@dupont.example")
	communication = email_statement(setup.customer, day(-20), nowdate(), setup.company)
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Communication", "attached_to_name": communication},
		fields=["name", "file_name"],
	)
	assert len(files) == 1 and files[0].file_name.endswith(".pdf")
	queued = frappe.get_all("Email Queue", filters={"communication": communication}, pluck="attachments")
	assert len(queued) == 1 and json.loads(queued[0]) == [{"fid": files[0].name}]


def test_the_bulk_run_writes_to_every_customer_with_a_balance(setup, outbox):
	a_period_of_business(setup)
	frappe.db.set_value("Customer", setup.customer, "email_id", "compta@dupont.example")
	result = run_statements(day(-20), nowdate(), setup.company, commit_each=False)
	assert result["errors"] == [] and result["sent"] >= 1
	assert frappe.db.exists(
		"Communication", {"reference_doctype": "Customer", "reference_name": setup.customer}
	)


def test_bad_periods_and_who_may_read(setup):
	assert_rejected(lambda: get_statement(setup.customer, nowdate(), day(-1)), "after its end")
	assert_rejected(lambda: get_statement(setup.customer, "31/12/2026"), "must be a date")
	assert_rejected(
		lambda: get_statement("No Such Customer", nowdate()), "does not exist", frappe.DoesNotExistError
	)
	with as_user(make_user(["Blogger"])):
		assert_rejected(lambda: get_statement(setup.customer, nowdate()), "", frappe.PermissionError)
	with as_user(make_user(["Accounts User"])):
		assert get_statement(setup.customer, nowdate()).closing_balance == 0
	assert getdate(get_statement(setup.customer, day(-3)).to_date) == getdate(nowdate())
