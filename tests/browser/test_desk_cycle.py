"""The whole sales cycle in a real browser: Debian's Chromium on the test site's web server.

A sales rep (Sales User) quotes, reorders and edits lines while the totals follow, submits, orders
and delivers; the accountant (Accounts User: in this app only accounting invoices and records
payments) invoices the order and records the payment, opens the print preview; the rep reads the
workspace. Each step leaves a screenshot in test-artifacts/browser/ (SF_ARTIFACTS).
"""

import frappe
import pytest

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world

pytestmark = [pytest.mark.browser, pytest.mark.commits]


@pytest.fixture(scope="module")
def world():
	users = {"rep": ("desk-rep", ["Sales User"]), "accountant": ("desk-acc", ["Accounts User"])}
	with committed_world(users) as base:
		frappe.db.commit()
		yield base.setup, base.users, base.created


def test_the_sales_cycle_in_the_desk(world):
	setup, users, created = world
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "1-rep")
		rep.login(users["rep"])

		# a quotation of three lines: Test Tarif prices A 100.00, B 55.50, C 3.79
		rep.new_form("Quotation")
		rep.set_link("company", setup.company)
		rep.set_link("party_name", setup.customer)
		rep.wait_doc("doc.selling_price_list === arg", setup.price_list)
		rep.set_link("taxes_and_charges", setup.ht)
		rep.wait_doc("(doc.taxes || []).length === 3")
		for idx, (item, qty) in enumerate(((setup.a, "3"), (setup.b, "2"), (setup.c, "10")), start=1):
			if idx > len(rep.doc()["items"]):
				rep.add_row()
			rep.set_row_link("items", idx, "item_code", item)
			rep.wait_doc(f"doc.items[{idx - 1}].price_list_rate > 0")
			rep.set_row_value("items", idx, "qty", qty)
		# 300 + 111 + 37.90 = 448.90 net; VAT 60 + 11.10 + 2.08 (5.5 % of 37.90 = 2.0845)
		rep.wait_doc("doc.grand_total === 522.08")
		rep.shot("quotation-three-lines")

		# the last line moved to the top by its handle, then a quantity changed: totals follow at once
		rep.drag_row("items", 3, 1)
		rep.wait_doc("doc.items.map(r => r.item_code).join() === arg", f"{setup.c},{setup.a},{setup.b}")
		rep.set_row_value("items", 2, "qty", "4")
		rep.wait_doc("doc.net_total === 548.9 && doc.grand_total === 642.08")
		shown = rep.page.locator(rep.field("grand_total")).inner_text()
		assert "642,08" in shown, shown
		rep.shot("quotation-reordered-qty-changed")

		rep.save()
		quotation = rep.doc()
		created.append(("Quotation", quotation["name"]))
		assert [r["item_code"] for r in quotation["items"]] == [setup.c, setup.a, setup.b]
		assert quotation["grand_total"] == 642.08
		rep.submit()
		rep.wait_doc("doc.status === 'Open'")
		rep.shot("quotation-submitted")

		rep.create("Sales Order", "Sales Order")
		rep.set_value(
			"delivery_date", frappe.format(frappe.utils.add_days(frappe.utils.nowdate(), 7), "Date")
		)
		rep.save()
		order = rep.doc()
		created.append(("Sales Order", order["name"]))
		assert order["grand_total"] == 642.08
		rep.submit()
		rep.wait_doc("doc.status === 'To Deliver and Bill'")
		rep.shot("order-submitted")

		rep.create("Delivery Note", "Delivery Note")
		rep.save()
		created.append(("Delivery Note", rep.doc()["name"]))
		rep.submit()
		rep.shot("delivery-submitted")
		rep.open_form("Sales Order", order["name"])
		rep.wait_doc("doc.status === 'To Bill' && doc.per_delivered === 100")

		accountant = Desk(browser, URL, ARTIFACTS, "2-accountant")
		accountant.login(users["accountant"])
		accountant.open_form("Sales Order", order["name"])
		accountant.create("Sales Invoice", "Sales Invoice")
		accountant.save()
		invoice = accountant.doc()
		created.append(("Sales Invoice", invoice["name"]))
		assert invoice["grand_total"] == 642.08
		accountant.submit()
		accountant.wait_doc("doc.status === 'Unpaid' && doc.outstanding_amount === 642.08")
		accountant.shot("invoice-submitted")

		accountant.create("Payment", "Payment Entry")
		accountant.wait_doc("doc.paid_amount === 642.08")
		accountant.save()
		created.append(("Payment Entry", accountant.doc()["name"]))
		accountant.submit()
		accountant.shot("payment-submitted")
		accountant.open_form("Sales Invoice", invoice["name"])
		accountant.wait_doc("doc.status === 'Paid' && doc.outstanding_amount === 0")
		accountant.shot("invoice-paid")

		# the print preview of the invoice, in the print format the customer receives
		accountant.open(f"print/Sales Invoice/{invoice['name']}")
		preview = accountant.page.frame_locator(
			".print-preview-wrapper iframe, iframe.print-format-container"
		)
		preview.locator("body").get_by_text("642,08").first.wait_for()
		accountant.shot("invoice-print-preview")

		# the rep's landing page: every number card shows a figure
		rep.open("ventes")
		cards = rep.page.locator(".number-widget-box")
		cards.first.wait_for()
		rep.page.wait_for_function(
			"() => [...document.querySelectorAll('.number-widget-box')].every("
			"(card) => /\\d/.test(card.querySelector('.widget-content')?.innerText || ''))"
		)
		figures = dict(
			zip(
				cards.locator(".widget-title").all_inner_texts(),
				cards.locator(".widget-content").all_inner_texts(),
				strict=True,
			)
		)
		assert len(figures) >= 8, figures
		# the charts' data answered too: a full-page screenshot resizes the page, and a Frappe chart
		# redrawn on that resize while it still draws its data can fail (once: removeChild, a page error)
		rep.settle()
		rep.shot("workspace")

		assert rep.errors == [] and accountant.errors == [], rep.errors + accountant.errors
		# every page loaded whole, and realtime was live all along (socket.io behind the same server)
		assert rep.not_found == [] and accountant.not_found == [], rep.not_found + accountant.not_found
		assert rep.socketio_errors() == [] and accountant.socketio_errors() == [], (
			rep.socketio_errors() + accountant.socketio_errors()
		)
