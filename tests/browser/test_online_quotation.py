"""The customer's side in a real browser, without any login: the quotation's link opened on a laptop
and on a phone, an option ticked while the total follows (the desk's engine), a signature drawn, and
the Sales Order found in the desk with the chosen lines and the signature on its PDF; a quotation
declined with a reason, a question that reaches the sales rep, an expired link that accepts nothing."""

import io

import frappe
import pytest
from frappe.utils import add_days, nowdate
from pypdf import PdfReader

from tests.browser.desk import ARTIFACTS, LAPTOP, URL, Desk, chromium, committed_world, expect
from tests.online_quotation import offered_quotation, token_of
from tests.support import as_user

pytestmark = [pytest.mark.browser, pytest.mark.commits]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def world():
	with committed_world({"rep": ("online-rep", ["Sales User"])}) as base:
		frappe.cache.delete_keys("rl:sales_flow.portal.api.")
		rep = base.users["rep"]
		frappe.db.set_value("User", rep, "language", "en")
		quotations = {}
		with as_user(rep):
			for key in ("signed", "declined", "asked"):
				quotations[key] = offered_quotation(base.setup, base.created)
			quotations["expired"] = offered_quotation(
				base.setup,
				base.created,
				transaction_date=add_days(nowdate(), -40),
				valid_till=add_days(nowdate(), -1),
			)
		frappe.db.commit()
		with chromium() as browser:
			yield browser, base, rep, quotations
		for name in frappe.get_all(
			"Sales Order Item", filters={"prevdoc_docname": quotations["signed"].name}, pluck="parent"
		):
			base.created.append(("Sales Order", name))


def customer_page(browser, name: str, viewport: dict) -> Desk:
	"""A browser without any session: the customer's."""
	return Desk(browser, URL, ARTIFACTS, f"online-quotation-{name}", viewport=viewport)


def open_link(page: Desk, quotation) -> None:
	page.page.goto(f"{URL}/devis/{token_of(quotation.name)}", wait_until="load")
	expect(page.page.locator(".oq-quotation")).to_be_visible()


def grand_total(page: Desk) -> str:
	return page.page.locator('[data-total="grand_total"]').get_attribute("data-value")


def draw_signature(page: Desk) -> None:
	canvas = page.page.locator(".oq-signature")
	canvas.scroll_into_view_if_needed()
	box = canvas.bounding_box()
	mouse = page.page.mouse
	mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.7)
	mouse.down()
	for x, y in ((0.25, 0.2), (0.45, 0.8), (0.65, 0.3), (0.9, 0.6)):
		mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y, steps=8)
	mouse.up()


def test_a_customer_ticks_an_option_signs_and_the_order_is_in_the_desk(world):
	browser, base, rep, quotations = world
	quotation = quotations["signed"]
	customer = customer_page(browser, "desktop", LAPTOP)
	open_link(customer, quotation)
	expect(customer.page.locator(".oq-printed")).to_contain_text("Lot 1 : matériel")
	expect(customer.page.locator(".oq-printed")).to_contain_text("Sous-total lot 1")
	assert grand_total(customer) == "301.05"
	customer.shot("quotation")

	customer.page.locator(".oq-option input").check()
	expect(customer.page.locator('[data-total="grand_total"]')).to_have_attribute("data-value", "341.03")
	expect(customer.page.locator('[data-total="grand_total"]')).to_contain_text("341,03")
	customer.page.fill(".oq-accept-form [name=full_name]", "Marie Dupont")
	draw_signature(customer)
	customer.page.locator(".oq-accept-form [name=consent]").check()
	customer.shot("signed")
	customer.page.locator(".oq-accept-button").click()
	result = customer.page.locator(".oq-result.alert-success")
	expect(result).to_contain_text("SAL-ORD-")
	customer.shot("ordered")
	assert not customer.errors, customer.errors
	order_name = result.inner_text().split("SAL-ORD-")[1].split()[0]
	order_name = "SAL-ORD-" + order_name.rstrip(".")
	frappe.db.rollback()
	base.created.append(("Sales Order", order_name))

	# the sales rep finds the order in the desk: the chosen lines, signed
	desk = Desk(browser, URL, ARTIFACTS, "online-quotation-desk", viewport=LAPTOP)
	desk.api_login(rep)
	desk.open_form("Sales Order", order_name)
	doc = desk.doc()
	assert doc["docstatus"] == 1 and doc["signed_by_name"] == "Marie Dupont"
	assert [row["item_code"] for row in doc["items"] if row.get("item_code")] == [
		base.setup.a,
		base.setup.b,
		base.setup.c,
	]
	assert doc["grand_total"] == 341.03
	desk.shot("sales-order")
	pdf = desk.page.request.get(
		f"{URL}/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Sales Order", "name": order_name},
		timeout=120_000,
	)
	assert pdf.ok, pdf.text()[:500]
	reader = PdfReader(io.BytesIO(pdf.body()))
	# pypdf cuts words where the PDF places them apart: compare without spaces
	text = "".join("".join(page.extract_text() for page in reader.pages).split())
	assert "MarieDupont" in text and order_name in text
	assert any(page.images for page in reader.pages), "the signature is not on the order's PDF"
	assert not desk.errors, desk.errors


def test_on_a_phone_a_customer_declines_with_a_reason(world):
	browser, base, rep, quotations = world
	quotation = quotations["declined"]
	customer = customer_page(browser, "phone", PHONE)
	open_link(customer, quotation)
	assert grand_total(customer) == "301.05"
	customer.shot("quotation")
	customer.page.locator(".oq-decline summary").click()
	customer.page.fill(".oq-decline-form [name=reason]", "Le budget est reporté à l'an prochain")
	customer.page.locator(".oq-decline-button").click()
	expect(customer.page.locator(".oq-result.alert-success")).to_be_visible()
	customer.shot("declined")
	assert not customer.errors, customer.errors
	frappe.db.rollback()
	lost = frappe.get_doc("Quotation", quotation.name)
	assert lost.status == "Lost" and "budget est reporté" in lost.order_lost_reason
	# the link now says so
	open_link(customer, quotation)
	expect(customer.page.locator(".oq-state")).to_be_visible()
	expect(customer.page.locator(".oq-accept-form")).to_have_count(0)


def test_a_question_reaches_the_sales_rep(world):
	browser, base, rep, quotations = world
	quotation = quotations["asked"]
	customer = customer_page(browser, "question", LAPTOP)
	open_link(customer, quotation)
	customer.page.locator(".oq-question summary").click()
	customer.page.fill(".oq-question-form [name=full_name]", "Jean <b>Martin</b>")
	customer.page.fill(".oq-question-form [name=question]", "Pouvez-vous livrer avant le 15 ?")
	customer.page.locator(".oq-question-button").click()
	expect(customer.page.locator(".oq-result.alert-success")).to_be_visible()
	assert not customer.errors, customer.errors
	frappe.db.rollback()
	assert frappe.db.exists("Notification Log", {"for_user": rep, "document_name": quotation.name})

	desk = Desk(browser, URL, ARTIFACTS, "online-quotation-question", viewport=LAPTOP)
	desk.api_login(rep)
	desk.open_form("Quotation", quotation.name)
	timeline = desk.page.locator(".timeline-item", has_text="Pouvez-vous livrer avant le 15 ?")
	expect(timeline.first).to_be_visible()
	expect(desk.page.locator(".timeline-item b", has_text="Martin")).to_have_count(0)
	desk.shot("comment")
	assert not desk.errors, desk.errors


def test_an_expired_link_accepts_nothing(world):
	browser, base, rep, quotations = world
	customer = customer_page(browser, "expired", PHONE)
	open_link(customer, quotations["expired"])
	expect(customer.page.locator(".oq-state")).to_be_visible()
	expect(customer.page.locator(".oq-accept-form")).to_have_count(0)
	customer.shot("expired")
	assert not customer.errors, customer.errors


def test_the_rep_lists_the_quotations_opened_and_not_answered(world):
	browser, base, rep, quotations = world
	with as_user(rep):
		opened = offered_quotation(base.setup, base.created)
		unopened = offered_quotation(base.setup, base.created)
	frappe.db.commit()
	customer = customer_page(browser, "opened", LAPTOP)
	open_link(customer, opened)

	desk = Desk(browser, URL, ARTIFACTS, "online-quotation-list", viewport=LAPTOP)
	desk.api_login(rep)
	desk.open(f"quotation?customer={base.setup.customer}")
	rows = desk.page.locator(".list-row-container")
	expect(rows.filter(has_text=unopened.name)).to_have_count(1)
	desk.page.locator(".page-actions button:visible", has_text="Opened, Not Answered").click()
	expect(rows.filter(has_text=unopened.name)).to_have_count(0)
	expect(rows.filter(has_text=opened.name)).to_have_count(1)
	desk.shot("opened-not-answered")
	desk.open_form("Quotation", opened.name)
	doc = desk.doc()
	assert doc["view_count"] == 1 and doc["first_viewed_on"] == doc["last_viewed_on"]
	assert not desk.errors, desk.errors
