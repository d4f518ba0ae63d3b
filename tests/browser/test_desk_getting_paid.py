"""Getting paid in the desk, as the French accountant: the Payment Reconciliation tool lists a
customer's unallocated payment beside its open invoices, suggests the match by the reference the
payment names, and reconciles it on a click, the invoice becoming Paid; the customer form shows
the exposure against the credit limit. Screenshots in test-artifacts/browser/ (prefix "paid")."""

import frappe
import pytest

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world, expect
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]


@pytest.fixture(scope="module")
def world():
	with committed_world({"accountant": ("paid-acc", ["Accounts User"])}) as base:
		email = base.users["accountant"]
		frappe.db.set_value("User", email, "language", "fr")
		setup = base.setup
		invoices = []
		for qty in (1, 2):
			invoice = transaction("Sales Invoice", setup, [(setup.a, qty)]).insert()
			invoice.submit()
			invoices.append(invoice.name)
		payment = frappe.get_doc(
			{
				"doctype": "Payment Entry",
				"company": setup.company,
				"party": setup.customer,
				"paid_amount": 240,
				"reference_no": f"VIR {invoices[1]}",
			}
		).insert()
		payment.submit()
		base.created += [("Sales Invoice", name) for name in invoices] + [("Payment Entry", payment.name)]
		frappe.db.commit()
		with chromium() as browser:
			desk = Desk(browser, URL, ARTIFACTS, "paid")
			desk.api_login(email)
			yield base, desk, invoices, payment.name
		# the single tool keeps what the form last saved of it: nothing of this test's
		frappe.db.sql("delete from `tabSingles` where doctype = 'Payment Reconciliation'")
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{base.tag.upper()}-%",))
	frappe.db.commit()


def translated(desk: Desk, text: str) -> str:
	return desk.page.evaluate("(text) => __(text)", text)


def button(desk: Desk, label: str):
	return desk.page.locator(".page-actions button:visible", has_text=translated(desk, label)).first


def test_the_accountant_reconciles_a_payment(world):
	base, desk, invoices, payment = world
	desk.open("payment-reconciliation")
	desk.wait_for_form("Payment Reconciliation")
	assert translated(desk, "Reconcile") == "Lettrer"
	desk.set_link("company", base.setup.company)
	desk.set_link("party", base.setup.customer)
	button(desk, "Get Unreconciled Entries").click()
	desk.wait_doc("(doc.allocation || []).length === 1")
	desk.settle()
	row = desk.doc()["allocation"][0]
	assert (row["reference_name"], row["invoice_number"], row["allocated_amount"]) == (
		payment,
		invoices[1],
		240,
	)
	assert [r["invoice_number"] for r in desk.doc()["invoices"]] == invoices
	expect(
		desk.page.locator('.frappe-control[data-fieldname="allocation"] .grid-body .grid-row')
	).to_have_count(1)
	desk.shot("suggested")

	button(desk, "Reconcile").click()
	desk.wait_doc("!(doc.allocation || []).length && (doc.invoices || []).length === 1")
	desk.settle()
	desk.shot("reconciled")
	frappe.db.rollback()
	assert frappe.db.get_value("Sales Invoice", invoices[1], ["outstanding_amount", "status"]) == (0, "Paid")
	assert frappe.db.get_value("Sales Invoice", invoices[0], "status") == "Unpaid"
	assert not desk.errors, desk.errors


def test_the_customer_form_shows_exposure_against_the_credit_limit(world):
	base, desk, _invoices, _payment = world
	customer = frappe.get_doc("Customer", base.setup.customer)
	customer.set("credit_limits", [{"company": base.setup.company, "credit_limit": 500}])
	customer.save()
	frappe.db.commit()
	desk.open_form("Customer", base.setup.customer)
	indicator = desk.page.locator(".form-dashboard .indicator", has_text="Encours")
	expect(indicator.first).to_be_visible()
	# 120 left on the first invoice: within the limit of 500
	assert "120,00" in indicator.first.inner_text() and "500,00" in indicator.first.inner_text()
	desk.shot("customer-credit")
	assert not desk.errors, desk.errors
