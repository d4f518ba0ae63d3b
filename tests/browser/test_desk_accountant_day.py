"""A French accountant's and sales rep's day in the desk, where it used to go wrong: a partial
advance, a mark-up on the printout, a delivery's status once its order is billed, a PDF from the
print view, and the reports each role may open. The users read the desk in French; each step
leaves a screenshot in test-artifacts/browser/ (prefix "day")."""

import io
from urllib.parse import quote

import frappe
import pytest
from playwright.sync_api import TimeoutError
from pypdf import PdfReader

from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice
from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world, expect
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]


@pytest.fixture(scope="module")
def world():
	users = {"rep": ("day-rep", ["Sales User"]), "accountant": ("day-acc", ["Accounts User"])}
	with committed_world(users) as base:
		for email in base.users.values():
			frappe.db.set_value("User", email, "language", "fr")
		frappe.db.commit()
		with chromium() as browser:
			desks = {}
			for key, email in base.users.items():
				desks[key] = Desk(browser, URL, ARTIFACTS, f"day-{key}")
				desks[key].api_login(email)
			yield base, desks
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{base.tag.upper()}-%",))
	frappe.db.commit()


@pytest.fixture(autouse=True)
def no_page_errors(world):
	for desk in world[1].values():
		desk.errors.clear()
	yield
	for desk in world[1].values():
		assert not desk.errors, desk.errors


def submitted(base, doc) -> str:
	doc.insert()
	doc.submit()
	base.created.append((doc.doctype, doc.name))
	frappe.db.commit()
	return doc.name


def translated(desk: Desk, text: str) -> str:
	return desk.page.evaluate("(text) => __(text)", text)


def create(desk: Desk, label: str, doctype: str) -> None:
	"""The form's Create menu ("Créer" in French): opens the new mapped draft."""
	# the desk stores the label URI-encoded, as encodeURIComponent writes it ("Paiement%20(acompte)")
	group, item = (
		desk.page.evaluate("(text) => encodeURIComponent(__(text))", text) for text in ("Create", label)
	)
	desk.page.locator(f'.inner-group-button[data-label="{group}"] button:visible').first.click()
	desk.page.locator(
		f'.inner-group-button[data-label="{group}"] .dropdown-item[data-label="{item}"]:visible'
	).first.click()
	desk.wait_for_form(doctype)
	desk.page.wait_for_function("() => cur_frm.doc.__islocal")


def typed_amount(desk: Desk, amount: float) -> str:
	"""An amount as the user types it in the site's number format (1 234,56 in France)."""
	return desk.page.evaluate("(amount) => format_number(amount, null, 2)", amount)


def test_a_partial_advance_follows_the_paid_amount(world):
	base, desks = world
	accountant = desks["accountant"]
	order = submitted(base, transaction("Sales Order", base.setup, [(base.setup.a, 3)]))  # 360.00
	accountant.open_form("Sales Order", order)
	create(accountant, "Payment (Advance)", "Payment Entry")
	accountant.wait_doc("doc.paid_amount === 360 && doc.references.length === 1")
	accountant.set_value("paid_amount", typed_amount(accountant, 135.07))
	# the order's row follows the amount the bank received: nothing to edit by hand
	accountant.wait_doc(
		"doc.references[0].allocated_amount === 135.07 && doc.total_allocated_amount === 135.07"
		" && doc.unallocated_amount === 0"
	)
	accountant.shot("partial-advance")
	accountant.save()
	payment = accountant.doc()
	base.created.append(("Payment Entry", payment["name"]))
	assert [(r["reference_name"], r["allocated_amount"]) for r in payment["references"]] == [(order, 135.07)]


def submit(desk: Desk) -> None:
	"""The primary action "Valider", then "Oui" to Frappe's confirmation."""
	desk.settle()
	label, yes = translated(desk, "Submit"), translated(desk, "Yes")
	desk.page.locator(".page-actions .primary-action:visible", has_text=label).click()
	desk.page.wait_for_function("() => window.cur_dialog && cur_dialog.confirm_dialog && cur_dialog.display")
	desk.page.locator(".modal.show .btn-primary:visible", has_text=yes).click()
	desk.wait_saved("doc.docstatus === 1 && !doc.__unsaved")


def print_preview(desk: Desk, doctype: str, name: str):
	"""The print view of a document in its format; returns the preview's frame."""
	desk.open(f"print/{doctype}/{name}")
	return desk.page.frame_locator(".print-preview-wrapper iframe, iframe.print-format-container")


def test_a_rate_raised_above_the_list_price_prints_as_the_rate(world):
	base, desks = world
	rep, setup = desks["rep"], base.setup
	quotation = transaction("Quotation", setup, [(setup.a, 2)]).insert()
	base.created.append(("Quotation", quotation.name))
	frappe.db.commit()
	rep.open_form("Quotation", quotation.name)
	rep.wait_doc("doc.items[0].price_list_rate === 100")
	# typed into the line's rate, then out of the grid (a Tab from its last column adds a line)
	row = rep.grid_row("items", 1)
	rep.open_row_cell(row, "rate")
	rep.page.locator(f'{row} .frappe-control[data-fieldname="rate"] input').first.fill(typed_amount(rep, 143))
	rep.page.evaluate("() => document.activeElement && document.activeElement.blur()")
	# a mark-up on the list price, not a discount of -43.00
	rep.wait_doc(
		"doc.items[0].rate === 143 && doc.items[0].discount_amount === 0"
		" && doc.items[0].margin_type === 'Amount' && doc.items[0].margin_rate_or_amount === 43"
		" && doc.net_total === 286"
	)
	rep.save()
	row = frappe.db.get_value(
		"Quotation Item", {"parent": quotation.name}, ["rate", "discount_amount"], as_dict=True
	)
	assert (row.rate, row.discount_amount) == (143, 0)
	preview = print_preview(rep, "Quotation", quotation.name)
	preview.locator("body").get_by_text("286,00").first.wait_for()
	printed = preview.locator(".sf-lines").inner_text()
	assert (
		"143,00" in printed and "-43" not in printed and "43,00" not in printed.replace("143,00", "")
	), printed
	rep.shot("mark-up-printed")


def test_a_delivery_of_a_billed_order_is_completed_at_submit(world):
	base, desks = world
	rep, setup = desks["rep"], base.setup
	order = submitted(base, transaction("Sales Order", setup, [(setup.a, 1)]))
	invoice = make_sales_invoice(order)
	invoice.insert()
	invoice.submit()
	base.created.append(("Sales Invoice", invoice.name))
	frappe.db.commit()
	rep.open_form("Sales Order", order)
	create(rep, "Delivery Note", "Delivery Note")
	rep.save()
	base.created.append(("Delivery Note", rep.doc()["name"]))
	submit(rep)
	# at once, without reopening the form: the order was billed before it was delivered
	rep.wait_doc("doc.status === 'Completed' && doc.per_billed === 100")
	indicator = rep.page.locator(".page-head .indicator-pill:visible").first
	expect(indicator).to_have_text(translated(rep, "Completed"))
	rep.shot("delivery-completed-at-submit")


def test_the_print_views_pdf_has_no_wkhtmltopdf_warning_and_holds_the_invoice(world):
	base, desks = world
	accountant, setup = desks["accountant"], base.setup
	invoice = submitted(base, transaction("Sales Invoice", setup, [(setup.a, 3)]))  # 360.00
	print_preview(accountant, "Sales Invoice", invoice).locator("body").get_by_text("360,00").first.wait_for()
	accountant.page.evaluate(
		"() => { window.__opened = []; window.open = (url) => { window.__opened.push(url); return {}; }; }"
	)
	accountant.page.locator(
		".page-actions button:visible, .page-head button:visible", has_text="PDF"
	).first.click()
	accountant.page.wait_for_function("() => window.__opened.length > 0")
	accountant.settle()  # the print view's version check answered
	accountant.shot("print-view-pdf-clicked")
	assert not accountant.page.locator(".modal.show").count(), accountant.page.locator(
		".modal.show"
	).all_inner_texts()
	url = accountant.page.evaluate("() => window.__opened[0]")
	response = accountant.page.request.get(url if "://" in url else f"{URL}{url}")
	assert response.ok and response.headers["content-type"].startswith("application/pdf"), response.text()[
		:500
	]
	text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.body())).pages)
	compact = "".join(text.split())  # the extraction cuts words at glyph gaps ("FA-TCS -2026")
	assert invoice in compact and "FACTURE" in compact and "360,00" in compact, text


def test_the_accountant_opens_quotation_trends(world):
	base, desks = world
	accountant, setup = desks["accountant"], base.setup
	submitted(base, transaction("Quotation", setup, [(setup.a, 2)]))
	accountant.open(f"query-report/Quotation Trends?company={quote(setup.company)}")
	try:
		accountant.page.wait_for_function(
			"(customer) => frappe.query_report && frappe.query_report.report_name === 'Quotation Trends'"
			" && (frappe.query_report.data || []).some((row) => Object.values(row).includes(customer))",
			arg=setup.customer,
		)
	except TimeoutError as error:
		accountant.shot("timeout")
		raise AssertionError(f"no report drawn: {accountant.where()}") from error
	accountant.settle()
	shown = accountant.page.locator(".modal.show").all_inner_texts()
	assert not shown, shown
	accountant.shot("quotation-trends")
