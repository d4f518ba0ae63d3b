"""The portal in a real browser: a customer's contact signs in on the website and reads their
invoices, orders and statement, never another customer's."""

import frappe
import pytest
from frappe.utils.nestedset import get_root_of

from tests.browser.desk import ARTIFACTS, LAPTOP, URL, Desk, chromium, committed_world, expect
from tests.online_quotation import PORTAL_PASSWORD, submitted, website_user
from tests.sales_setup import transaction
from tests.support import insert_recorded

pytestmark = [pytest.mark.browser, pytest.mark.commits]


@pytest.fixture(scope="module")
def world():
	with committed_world({}) as base:
		setup, created = base.setup, base.created
		other = insert_recorded(
			created,
			{
				"doctype": "Customer",
				"customer_name": f"Test Autre Client {base.tag}",
				"customer_group": get_root_of("Customer Group"),
				"territory": get_root_of("Territory"),
			},
		)
		docs = frappe._dict(
			invoice=submitted(transaction("Sales Invoice", setup, [(setup.a, 2)]), created),
			order=submitted(transaction("Sales Order", setup, [(setup.a, 1)]), created),
			other_invoice=submitted(
				transaction("Sales Invoice", setup, [(setup.b, 1)], customer=other), created
			),
			other_order=submitted(transaction("Sales Order", setup, [(setup.b, 1)], customer=other), created),
		)
		user = website_user(created, f"portal-browser-{base.tag}@test.sales-flow.fr", setup.customer)
		frappe.db.commit()
		with chromium() as browser:
			yield browser, docs, user


def test_a_portal_user_reads_their_own_documents_only(world):
	browser, docs, user = world
	portal = Desk(browser, URL, ARTIFACTS, "portal", viewport=LAPTOP)
	portal.api_login(user, PORTAL_PASSWORD)

	portal.page.goto(f"{URL}/invoices", wait_until="load")
	rows = portal.page.locator(".portal-documents tbody tr")
	expect(rows.filter(has_text=docs.invoice.name)).to_have_count(1)
	expect(rows.filter(has_text=docs.other_invoice.name)).to_have_count(0)
	expect(rows.filter(has_text=docs.invoice.name).locator(".portal-facturx")).to_be_visible()
	portal.shot("invoices")

	portal.page.goto(f"{URL}/orders", wait_until="load")
	expect(rows.filter(has_text=docs.order.name)).to_have_count(1)
	expect(rows.filter(has_text=docs.other_order.name)).to_have_count(0)
	portal.shot("orders")

	portal.page.goto(f"{URL}/statement", wait_until="load")
	expect(portal.page.locator(".portal-balance [data-balance]")).to_have_attribute("data-balance", "240.0")
	portal.shot("statement")
	assert not portal.errors, portal.errors
