"""Printing and sending from the desk in a real browser: the Factur-X button of a submitted invoice,
the list view's "Print in one PDF" on the selected invoices, and "Send by email" (Frappe's composer
with the invoice's Email Template, or a clear error when the customer has no address). The test user
reads the desk in English ("Imprimer en un PDF", "Envoyer par email" in French)."""

from urllib.parse import unquote

import frappe
import pytest

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world, expect, slug
from tests.printing import LEGAL
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]


@pytest.fixture(scope="module")
def world():
	with committed_world({"user": ("desk-print", ["Sales User"])}) as base:
		tag, setup, user, created = base.tag, base.setup, base.users["user"], base.created
		frappe.db.set_value("Company", setup.company, dict(LEGAL))  # set_value adds "modified" to its dict
		invoices = []
		for qty in (1, 2):
			invoice = transaction("Sales Invoice", setup, [(setup.a, qty)]).insert()
			invoice.submit()
			invoices.append(invoice.name)
		created += [("Sales Invoice", name) for name in invoices]
		frappe.db.commit()
		with chromium() as browser:
			desk = Desk(browser, URL, ARTIFACTS, "print")
			desk.api_login(user)
			yield desk, setup, invoices
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


@pytest.fixture(autouse=True)
def page_errors_of_this_test(world):
	world[0].errors.clear()


def opened_url(desk: Desk, click) -> str:
	"""The address a click opens with window.open (a download): recorded instead of opened."""
	desk.page.evaluate(
		"() => { window.__opened = []; window.open = (url) => { window.__opened.push(url); }; }"
	)
	click()
	desk.page.wait_for_function("() => window.__opened.length > 0")
	return desk.page.evaluate("() => window.__opened[0]")


def test_the_factur_x_button_downloads_the_invoice(world):
	desk, _setup, invoices = world
	desk.open_form("Sales Invoice", invoices[0])
	button = desk.page.locator(".page-actions button:has-text('Factur-X')").first
	url = opened_url(desk, button.click)
	assert "sales_flow.regional.france.facturx.download_facturx" in url and invoices[0] in url
	assert not desk.errors, desk.errors


def test_the_list_view_prints_the_selected_invoices_in_one_pdf(world):
	desk, setup, invoices = world
	desk.open(f"{slug('Sales Invoice')}?customer={setup.customer}")
	rows = desk.page.locator(".list-row-container .list-row-checkbox:visible")
	# the list may first draw unfiltered rows, then the customer's two invoices
	expect(rows).to_have_count(2)
	rows.nth(0).check()
	rows.nth(1).check()
	desk.page.locator(".actions-btn-group > button").first.click()
	item = desk.page.locator(".actions-btn-group .dropdown-item:has-text('Print in one PDF')").first
	url = opened_url(desk, item.click)
	assert "sales_flow.printing.pdf.print_merged" in url
	assert all(name in unquote(url) for name in invoices)
	assert not desk.errors, desk.errors


def test_send_by_email_opens_the_composer_or_says_the_address_is_missing(world):
	desk, setup, invoices = world
	frappe.db.set_value("Customer", setup.customer, "email_id", None)
	frappe.db.commit()
	desk.open_form("Sales Invoice", invoices[1])
	desk.page.locator(".page-actions button:has-text('Send by email')").first.click()
	dialog = desk.page.locator(".modal.show .modal-content").last
	dialog.wait_for()
	assert "has no email address" in dialog.inner_text()
	dialog.locator(".btn-modal-close").first.click()

	frappe.db.set_value("Customer", setup.customer, "email_id", "compta@desk-print.example")
	frappe.db.commit()
	desk.page.locator(".page-actions button:has-text('Send by email')").first.click()
	desk.page.locator(".modal.show [data-fieldname='subject'] input").first.wait_for()
	# the composer (cur_dialog may still name the closed error message)
	composer = "frappe.ui.open_dialogs.find((d) => d.fields_dict && d.fields_dict.subject)"
	# the body too: Frappe filled it only once it had read Email Account, refused to a sales rep
	desk.page.wait_for_function(
		f"""(name) => {{ const d = {composer}; return d && (d.get_value('subject') || '').includes(name)
			&& (d.get_value('content') || '').includes(name); }}""",
		arg=invoices[1],
	)
	values = desk.page.evaluate(
		f"() => {{ const d = {composer}; return {{to: d.get_value('recipients'),"
		" attach: d.get_value('attach_document_print'), format: d.get_value('select_print_format'),"
		" language: d.get_value('print_language'), subject: d.get_value('subject'),"
		" message: d.get_value('content')}; }"
	)
	assert "compta@desk-print.example" in values["to"]
	assert values["attach"] == 1 and values["format"] == "Facture" and values["language"] == "fr"
	# the Email Template "Facture", in French
	assert values["subject"] == f"Facture {invoices[1]} - {setup.company}"
	assert "Veuillez trouver ci-joint notre facture" in values["message"]
	desk.shot("email-composer")
	assert not desk.errors, desk.errors
