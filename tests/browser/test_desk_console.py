"""A clean console: the French rep and the accountant walk their main screens at 1366x768 (workspace,
lists, forms, reports, a report they may not open) and the browser logs no error, the page throws
none. A report refused to the user says so in French instead of throwing "undefined"."""

import frappe
import pytest

from tests.browser.desk import ARTIFACTS, LAPTOP, URL, Desk, chromium, committed_world
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]

# a report of Frappe's that only a System Manager may open
REFUSED_REPORT = "Document Share Report"


@pytest.fixture(scope="module")
def world():
	users = {"rep": ("console-rep", ["Sales User"]), "accountant": ("console-acc", ["Accounts User"])}
	with committed_world(users) as base:
		setup, created = base.setup, base.created
		for email in base.users.values():
			frappe.db.set_value("User", email, "language", "fr")
			frappe.defaults.set_user_default("company", setup.company, user=email)
		quotation = transaction("Quotation", setup, [(setup.a, 2)]).insert()
		quotation.submit()
		invoice = transaction("Sales Invoice", setup, [(setup.b, 3)]).insert()
		invoice.submit()
		created += [("Quotation", quotation.name), ("Sales Invoice", invoice.name)]
		frappe.db.commit()
		yield base, quotation.name, invoice.name


def visit(desk: Desk, route: str, wait_for: str) -> None:
	"""A screen opened and drawn (`wait_for`: a selector of what the user reads on it)."""
	desk.open(route)
	desk.page.locator(wait_for).first.wait_for()
	desk.settle()


def open_report(desk: Desk, name: str) -> None:
	visit(desk, f"query-report/{name}", ".page-head .title-text")
	# the report has run (its rows or its "nothing to show") or refused
	desk.page.wait_for_function(
		"() => document.querySelector('.dt-scrollable, .no-result, .msgprint, .page-card')"
	)
	# and drawn its chart, if it has one, as a user sees it before moving on: Frappe's chart drawn
	# after its page was left throws from its ResizeObserver (a detached node)
	desk.page.wait_for_function(
		"""() => [...document.querySelectorAll('.page-container:not([style*="none"]) .chart-wrapper')]
			.every((chart) => chart.style.display === 'none' || chart.querySelector('svg'))"""
	)
	desk.settle()


def problems(desk: Desk) -> list[str]:
	return desk.console + desk.errors


def test_the_reps_screens_log_no_error(world):
	base, quotation, _invoice = world
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "console-rep", viewport=LAPTOP)
		rep.login(base.users["rep"])
		rep.page.locator(".widget.number-widget-box .widget-content .number").first.wait_for()
		rep.settle()
		rep.shot("workspace")
		visit(rep, "quotation", ".list-row-container")
		rep.open_form("Quotation", quotation)
		rep.new_form("Quotation")
		rep.open_form("Customer", base.setup.customer)
		visit(rep, "sales-order", ".frappe-list")
		for report in ("Sales Analytics", "Quotation Trends", "Accounts Receivable"):
			open_report(rep, report)
		rep.shot("report")
		assert not problems(rep), problems(rep)


def test_the_accountants_screens_log_no_error(world):
	base, _quotation, invoice = world
	with chromium() as browser:
		accountant = Desk(browser, URL, ARTIFACTS, "console-acc", viewport=LAPTOP)
		accountant.login(base.users["accountant"])
		accountant.page.locator(".widget.number-widget-box .widget-content .number").first.wait_for()
		accountant.settle()
		accountant.shot("workspace")
		visit(accountant, "sales-invoice", ".list-row-container")
		accountant.open_form("Sales Invoice", invoice)
		accountant.new_form("Payment Entry")
		for report in ("Accounts Receivable", "Sales Analytics"):
			open_report(accountant, report)
		assert not problems(accountant), problems(accountant)

		# a report the accountant may not open: said in French, no page error, a page saying so
		accountant.open(f"query-report/{REFUSED_REPORT}")
		page = accountant.page.locator(".message-page:visible .lead").first
		page.wait_for()
		assert "pas autorisé" in page.inner_text(), page.inner_text()
		refusal = accountant.page.locator(".modal.show .msgprint").first
		assert "Vous n'avez pas accès au Rapport" in refusal.inner_text()
		accountant.shot("refused-report")
		assert not accountant.errors, accountant.errors
		# the one line of the console: the browser's note of the refused call (its 403)
		assert [line for line in accountant.console if "get_script" not in line] == [], accountant.console


def test_the_customers_plus_beside_payment_opens_a_payment_from_that_customer(world):
	base, _quotation, invoice = world
	with chromium() as browser:
		accountant = Desk(browser, URL, ARTIFACTS, "console-pay", viewport=LAPTOP)
		accountant.api_login(base.users["accountant"])
		accountant.open_form("Customer", base.setup.customer)
		accountant.settle()
		plus = accountant.page.locator(
			'.form-dashboard .document-link[data-doctype="Payment Entry"] .btn-new'
		)
		plus.first.wait_for(state="visible")
		plus.first.click()
		accountant.page.wait_for_function(
			"() => cur_frm && cur_frm.doctype === 'Payment Entry' && cur_frm.doc.__islocal"
		)
		# the customer's details came in, then its open invoice with the amount, as when the
		# accountant picks the customer
		accountant.wait_doc(
			"doc.party_type === 'Customer' && doc.party === arg && doc.party_name === arg",
			base.setup.customer,
		)
		accountant.set_value("paid_amount", "10")
		accountant.wait_doc("(doc.references || []).some((row) => row.reference_name === arg)", invoice)
		accountant.shot("customer-plus-payment")
		assert not problems(accountant), problems(accountant)
