"""The portal of a customer's contacts over HTTP, against the test server: /quotations, /orders,
/invoices and /statement show their own customer's documents and nothing of another customer's; the
PDF and Factur-X downloads follow the same rule; a visitor without a session is sent to log in."""

import os

import frappe
import pytest
import requests
from frappe.utils.nestedset import get_root_of

from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from tests.online_quotation import PORTAL_PASSWORD as PASSWORD
from tests.online_quotation import offered_quotation, submitted, website_user
from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup, insert_recorded

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
ROUTES = ("quotations", "orders", "invoices", "statement")


def session_for(email: str) -> requests.Session:
	http = requests.Session()
	response = http.post(f"{URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30)
	assert response.status_code == 200, response.text
	return http


@pytest.fixture(scope="module")
def world():
	with committed_cleanup() as created:
		tag = "pt" + frappe.generate_hash(length=4)
		setup = sales_setup(tag=tag)
		created += setup.created
		other = insert_recorded(
			created,
			{
				"doctype": "Customer",
				"customer_name": f"Test Autre Client {tag}",
				"customer_group": get_root_of("Customer Group"),
				"territory": get_root_of("Territory"),
			},
		)
		docs = frappe._dict(
			quotation=offered_quotation(setup, created),
			order=submitted(transaction("Sales Order", setup, [(setup.a, 1)]), created),
			invoice=submitted(transaction("Sales Invoice", setup, [(setup.a, 2)]), created),
			other_invoice=submitted(
				transaction("Sales Invoice", setup, [(setup.b, 1)], customer=other), created
			),
			other_order=submitted(transaction("Sales Order", setup, [(setup.b, 3)], customer=other), created),
		)
		docs.payment = submitted(
			get_payment_entry("Sales Invoice", docs.invoice.name, party_amount=100), created
		)
		mine = website_user(created, f"portal-{tag}@test.sales-flow.fr", setup.customer)
		theirs = website_user(created, f"portal-other-{tag}@test.sales-flow.fr", other)
		frappe.db.commit()
		yield docs, session_for(mine), session_for(theirs)


def test_a_visitor_without_a_session_is_sent_to_log_in(world):
	docs, _mine, _theirs = world
	anonymous = requests.Session()
	for route in ROUTES:
		response = anonymous.get(f"{URL}/{route}", allow_redirects=False, timeout=30)
		assert response.status_code in (301, 302), (route, response.status_code)
		assert f"/login?redirect-to=/{route}" in response.headers["Location"]
	facturx = anonymous.get(
		f"{URL}/api/method/sales_flow.portal.lists.download_facturx",
		params={"name": docs.invoice.name},
		timeout=30,
	)
	assert facturx.status_code == 403
	pdf = anonymous.get(
		f"{URL}/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Sales Invoice", "name": docs.invoice.name},
		timeout=60,
	)
	assert pdf.status_code in (403, 404) and not pdf.content.startswith(b"%PDF")


def test_a_contact_sees_their_customers_documents_only(world):
	docs, mine, theirs = world
	pages = {route: mine.get(f"{URL}/{route}", timeout=60) for route in ROUTES}
	assert all(page.status_code == 200 for page in pages.values())
	assert docs.quotation.name in pages["quotations"].text and "/devis/" in pages["quotations"].text
	assert docs.order.name in pages["orders"].text and docs.other_order.name not in pages["orders"].text
	invoices = pages["invoices"].text
	assert docs.invoice.name in invoices and docs.other_invoice.name not in invoices
	assert "Factur-X" in invoices
	# the statement: the invoice (2 x 100 + 20 % VAT = 240.00) less the payment of 100.00
	statement = pages["statement"].text
	assert docs.payment.name in statement and 'data-balance="140.0"' in statement
	assert docs.other_invoice.name not in statement

	other_pages = {route: theirs.get(f"{URL}/{route}", timeout=60).text for route in ROUTES}
	assert docs.other_invoice.name in other_pages["invoices"]
	assert not any(docs.invoice.name in text or docs.quotation.name in text for text in other_pages.values())


def test_downloads_follow_the_same_rule(world):
	docs, mine, theirs = world

	def pdf(http, name):
		return http.get(
			f"{URL}/api/method/frappe.utils.print_format.download_pdf",
			params={"doctype": "Sales Invoice", "name": name},
			timeout=120,
		)

	def facturx(http, name):
		return http.get(
			f"{URL}/api/method/sales_flow.portal.lists.download_facturx", params={"name": name}, timeout=120
		)

	own = pdf(mine, docs.invoice.name)
	assert own.status_code == 200 and own.content.startswith(b"%PDF")
	refused = pdf(mine, docs.other_invoice.name)
	assert refused.status_code in (403, 404) and not refused.content.startswith(b"%PDF")
	assert facturx(mine, docs.invoice.name).content.startswith(b"%PDF")
	for name in (docs.other_invoice.name, "SINV-NOT-THERE", docs.order.name):
		response = facturx(mine, name)
		assert response.status_code == 404 and docs.other_invoice.name not in response.text.replace(name, "")
	assert facturx(theirs, docs.invoice.name).status_code == 404


def test_the_desk_api_stays_closed_to_a_portal_user(world):
	docs, mine, _theirs = world
	for doctype, name in (("Sales Invoice", docs.invoice.name), ("Quotation", docs.quotation.name)):
		assert mine.get(f"{URL}/api/resource/{doctype}", timeout=30).status_code == 403
		assert mine.get(f"{URL}/api/resource/{doctype}/{name}", timeout=30).status_code == 403
	assert mine.get(f"{URL}/app/sales-invoice", allow_redirects=False, timeout=30).status_code != 200
