"""French everywhere: the French sales rep and the accountant walk the main screens of the desk in
Chromium, and no English UI string of a known list (english_ui_strings.txt), no English status and
no English month may be visible; the strings once left in English (the grid's "Add Row", the
"Customer" value of a DocType link, the timeline, the list sidebar, the print view...) read in
French. Each screen leaves a screenshot in test-artifacts/browser/ (french-*.png).

The walks check words, not page errors: a Frappe chart redrawn by the full-page screenshot's resize
while it draws fails now and then (the console errors are item 15 of the same issue, and the cycle
test watches page errors).
"""

import frappe
import pytest
import requests

from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_delivery_note, make_sales_invoice
from tests.browser.desk import ARTIFACTS, PASSWORD, URL, Desk, chromium, committed_world
from tests.browser.english_check import (
	CHART_TEXT,
	CHARTS,
	CHARTS_DRAWN,
	PAGE_MENU,
	USER_MENU,
	VISIBLE_TEXT,
	english_in,
)
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]


def test_the_check_finds_english_words_statuses_and_months():
	found = english_in("Ajouter une ligne | Add Row | Devis pour | Customer | To Bill | Dec 2025 | déc. 2025")
	assert [f.split(" in ")[0] for f in found] == ["'Add Row'", "'Customer'", "'To Bill'", "'Dec 2025'"]
	# French words that contain an English one are not English
	assert not english_in("Clientèle | Ouvert | Imprimer | Brouillon | Customers' | Opened")


class Walk:
	"""One user's walk: each screen's English, noted under the screen's name."""

	def __init__(self, desk: Desk):
		self.desk = desk
		self.english: dict[str, list[str]] = {}

	def look(self, screen: str, root: str = "body") -> str:
		self.desk.settle()
		text = self.desk.page.evaluate(VISIBLE_TEXT, [root, CHARTS])
		self.desk.shot(screen)
		if found := english_in(text):
			self.english[screen] = found
		return text

	def form(self, doctype: str, name: str, screen: str) -> str:
		self.desk.open_form(doctype, name)
		# the timeline and the connections are drawn after the form
		self.desk.page.locator(".form-footer .timeline-item").first.wait_for()
		return self.look(screen)

	def list(self, doctype: str, screen: str) -> str:
		self.desk.open(frappe.scrub(doctype).replace("_", "-"))
		self.desk.page.locator(".list-row-container:visible, .no-result:visible").first.wait_for()
		return self.look(screen)

	def filters_dialog(self, screen: str) -> str:
		self.desk.page.locator(".filter-selector .filter-button:visible").first.click()
		self.desk.page.locator(".filter-popover:visible, .popover:visible").first.wait_for()
		text = self.look(screen)
		self.desk.page.keyboard.press("Escape")
		return text

	def awesome_bar(self, typed: str, screen: str) -> str:
		box = self.desk.page.locator("#navbar-search")
		box.click()
		box.press_sequentially(typed, delay=30)
		self.desk.page.locator("#navbar-search + ul li:visible, .awesomplete ul li:visible").first.wait_for()
		text = self.look(screen)
		self.desk.page.keyboard.press("Escape")
		return text

	def menu(self, button: str, screen: str) -> str:
		"""A dropdown opened: the form's or the list's "..." menu, the user's menu."""
		self.desk.page.locator(f"{button} >> visible=true").first.click()
		self.desk.page.locator(".dropdown-menu.show >> visible=true").first.wait_for()
		text = self.look(screen)
		self.desk.page.keyboard.press("Escape")
		return text

	def print_view(self, doctype: str, name: str, screen: str) -> str:
		self.desk.open(f"print/{doctype}/{name}")
		self.desk.page.frame_locator(".print-preview-wrapper iframe, iframe.print-format-container").locator(
			".print-format"
		).first.wait_for()
		return self.look(screen)

	def report(self, name: str, screen: str) -> str:
		self.desk.open(f"query-report/{name}")
		nothing = self.desk.page.evaluate('() => __("Nothing to show")')
		rows = self.desk.page.locator(".dt-scrollable >> visible=true")
		rows.or_(self.desk.page.get_by_text(nothing)).first.wait_for()
		return self.look(screen)

	def composer(self, doctype: str, name: str, screen: str) -> str:
		self.desk.open_form(doctype, name)
		# what the form's menu "Email" does
		self.desk.page.evaluate("() => cur_frm.email_doc()")
		self.desk.page.locator(".modal.show [data-fieldname='subject'] input").first.wait_for()
		# the composer only: the form behind it was read on its own
		text = self.look(screen, ".modal.show .modal-content")
		self.desk.page.keyboard.press("Escape")
		return text


def submitted(doc, created: list):
	doc.insert()
	created.append((doc.doctype, doc.name))
	doc.submit()
	return doc


def french_user(email: str) -> None:
	frappe.db.set_value("User", email, "language", "fr")
	frappe.clear_cache(user=email)


def customer_contact_and_address(setup, created: list) -> None:
	"""What the customer's form lists under its addresses and contacts (primary e-mail and mobile)."""
	link = [{"link_doctype": "Customer", "link_name": setup.customer}]
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Claire",
			"last_name": "Dupont",
			"email_ids": [{"email_id": "claire@dupont.example", "is_primary": 1}],
			"phone_nos": [{"phone": "+33 6 12 34 56 78", "is_primary_mobile_no": 1}],
			"links": link,
		}
	).insert()
	address = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": setup.customer,
			"address_type": "Billing",
			"address_line1": "3 rue de la Paix",
			"city": "Lyon",
			"pincode": "69002",
			"country": "France",
			"links": link,
		}
	).insert()
	created += [("Contact", contact.name), ("Address", address.name)]


def change_and_submit_as(user: str, name: str) -> None:
	"""Over HTTP, as a user would from the desk (a test's own saves keep no version): the
	quotation's timeline then reads "You changed the value of" and "You submitted this document"."""
	session = requests.Session()
	session.post(f"{URL}/api/method/login", data={"usr": user, "pwd": PASSWORD}).raise_for_status()
	for change in ({"remarks": "Appel du client : livraison souhaitée en janvier"}, {"docstatus": 1}):
		session.put(f"{URL}/api/resource/Quotation/{name}", json=change).raise_for_status()


@pytest.fixture(scope="module")
def world():
	users = {"rep": ("desk-fr-rep", ["Sales User"]), "accountant": ("desk-fr-acc", ["Accounts User"])}
	with committed_world(users) as base:
		setup, created = base.setup, base.created
		for email in base.users.values():
			french_user(email)
			# their cards and charts read the company they work for
			frappe.defaults.set_user_default("company", setup.company, email)
		customer_contact_and_address(setup, created)
		frappe.set_user(base.users["rep"])
		try:
			quotation = transaction("Quotation", setup, [(setup.a, 2)]).insert()
		finally:
			frappe.set_user("Administrator")
		created.append(("Quotation", quotation.name))
		order = transaction("Sales Order", setup, [(setup.a, 2)])
		order = submitted(order, created)
		delivery = submitted(make_delivery_note(order.name), created)
		invoice = submitted(make_sales_invoice(order.name), created)
		payment = submitted(get_payment_entry("Sales Invoice", invoice.name), created)
		# an order still open, whose Create menu offers the advance payment
		open_order = submitted(transaction("Sales Order", setup, [(setup.b, 1)]), created)
		# and its invoice, unpaid: a line of the receivables report
		submitted(make_sales_invoice(open_order.name), created)
		frappe.db.commit()
		change_and_submit_as(base.users["rep"], quotation.name)
		docs = dict(
			quotation=quotation.name,
			order=order.name,
			open_order=open_order.name,
			delivery=delivery.name,
			invoice=invoice.name,
			payment=payment.name,
		)
		yield setup, base.users, docs


def report_english(walks: list[Walk]) -> str:
	return "\n".join(
		f"{walk.desk.prefix} / {screen}: {'; '.join(found)}"
		for walk in walks
		for screen, found in walk.english.items()
	)


def test_the_rep_reads_the_desk_in_french(world):
	setup, users, docs = world
	with chromium() as browser:
		walk = Walk(Desk(browser, URL, ARTIFACTS, "french-rep"))
		walk.desk.login(users["rep"])
		walk.look("workspace")
		walk.awesome_bar("devis", "awesome-bar")
		walk.menu(USER_MENU, "user-menu")
		walk.list("Customer", "customer-list")
		walk.form("Customer", setup.customer, "customer-form")
		walk.list("Quotation", "quotation-list")
		walk.filters_dialog("quotation-list-filters")
		walk.desk.new_form("Quotation")
		walk.look("quotation-new")
		walk.form("Quotation", docs["quotation"], "quotation-submitted")
		walk.menu(PAGE_MENU, "quotation-menu")
		walk.print_view("Quotation", docs["quotation"], "quotation-print")
		walk.composer("Quotation", docs["quotation"], "quotation-email")
		walk.form("Sales Order", docs["order"], "order")
		walk.form("Delivery Note", docs["delivery"], "delivery-note")
		walk.report("Quotation Trends", "report-quotation-trends")
		assert not walk.english, "English on the rep's screens:\n" + report_english([walk])


def test_the_accountant_reads_the_desk_in_french(world):
	_setup, users, docs = world
	with chromium() as browser:
		walk = Walk(Desk(browser, URL, ARTIFACTS, "french-accountant"))
		walk.desk.login(users["accountant"])
		walk.look("workspace")
		walk.list("Sales Invoice", "invoice-list")
		walk.filters_dialog("invoice-list-filters")
		walk.menu(PAGE_MENU, "invoice-list-menu")
		walk.form("Sales Invoice", docs["invoice"], "invoice")
		walk.print_view("Sales Invoice", docs["invoice"], "invoice-print")
		walk.composer("Sales Invoice", docs["invoice"], "invoice-email")
		walk.form("Payment Entry", docs["payment"], "payment-entry")
		walk.report("Accounts Receivable", "report-accounts-receivable")
		assert not walk.english, "English on the accountant's screens:\n" + report_english([walk])


def shown(desk: Desk, selector: str) -> str:
	"""The text of the first visible match (the desk keeps the pages it left, hidden)."""
	box = desk.page.locator(f"{selector} >> visible=true").first
	box.wait_for()
	return box.inner_text()


def test_what_was_left_in_english_reads_in_french(world):
	"""The strings a French rep and accountant once read in English, each where it was seen."""
	setup, users, docs = world
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "french-item12-rep")
		rep.login(users["rep"])
		sidebar = shown(rep, ".desk-sidebar")
		assert "Outils" in sidebar and "Tools" not in sidebar, sidebar
		assert (
			rep.page.locator("#navbar-search")
			.get_attribute("placeholder")
			.startswith("Rechercher ou saisir une commande")
		)
		rep.open_form("Customer", setup.customer)
		for label in ("Nouvelle adresse", "Nouveau contact", "Mobile principal", "E-mail principal"):
			rep.page.get_by_text(label).first.wait_for()
		assert "Liaisons" in shown(rep, ".form-links .section-head")
		rep.shot("customer-addresses-contacts")

		rep.new_form("Quotation")
		assert shown(rep, f"{rep.field('items')} .grid-add-row") == "Ajouter une ligne"
		rep.open_form("Quotation", docs["quotation"])
		# shown in French, stored in English
		assert shown(rep, f"{rep.field('quotation_to')} .control-value") == "Client"
		assert rep.doc()["quotation_to"] == "Customer"
		timeline = shown(rep, ".new-timeline")
		assert "Vous avez validé ce document" in timeline, timeline
		assert "Vous avez modifié la valeur de" in timeline, timeline
		assert rep.page.locator(".comment-box .ql-editor").first.get_attribute("data-placeholder") == (
			"Saisissez une réponse / un commentaire"
		)
		rep.shot("quotation-timeline")

		rep.open_form("Sales Order", docs["open_order"])
		rep.page.locator('.inner-group-button[data-label="Cr%C3%A9er"] button:visible').first.click()
		assert "Paiement (acompte)" in shown(
			rep, '.inner-group-button[data-label="Cr%C3%A9er"] .dropdown-menu'
		)
		rep.shot("order-create-menu")

		rep.open("quotation")
		rep.page.locator(".list-row-container").first.wait_for()
		sidebar = shown(rep, ".list-sidebar")
		for label in ("Filtrer par", "Modifier les filtres", "Enregistrer le filtre"):
			assert label in sidebar, sidebar
		assert "Vue liste" in shown(rep, ".page-head .custom-btn-group")
		rep.shot("quotation-list-sidebar")

		rep.open(f"print/Quotation/{docs['quotation']}")
		# drawn once the print view has asked whether the Print Designer app is installed
		rep.page.get_by_text("Essayez le nouveau concepteur d'impression").first.wait_for()
		rep.shot("print-view")

		accountant = Desk(browser, URL, ARTIFACTS, "french-item12-accountant")
		accountant.api_login(users["accountant"])
		accountant.open_form("Payment Entry", docs["payment"])
		assert shown(accountant, f"{accountant.field('party_type')} .control-value") == "Client"
		assert accountant.doc()["party_type"] == "Customer"
		accountant.shot("payment-party-type")
		assert not rep.errors and not accountant.errors, rep.errors + accountant.errors


def test_the_workspace_charts_read_in_french(world):
	_setup, users, _docs = world
	with chromium() as browser:
		desk = Desk(browser, URL, ARTIFACTS, "french-charts")
		desk.login(users["rep"])
		desk.page.locator(".dashboard-widget-box svg text").first.wait_for()
		desk.page.wait_for_function(CHARTS_DRAWN)
		desk.settle()
		english = english_in(desk.page.evaluate(CHART_TEXT, CHARTS))
		desk.shot("workspace-charts")
		assert not english, "English in the workspace's charts:\n" + "\n".join(english)


def test_a_link_search_names_its_filters_in_french(world):
	"""The tax template search of a new quotation lists its filter (templates not disabled) in
	French, never as the field's English name and raw value ("Desactivé = 0")."""
	setup, users, _docs = world
	with chromium() as browser:
		desk = Desk(browser, URL, ARTIFACTS, "french-link-filters")
		desk.api_login(users["rep"])
		desk.new_form("Quotation")
		desk.set_link("company", setup.company)
		field = desk.field("taxes_and_charges")
		results = f'{field} ul[role="listbox"]'
		box = desk.page.locator(f"{field} input").first
		box.click()
		box.press_sequentially(setup.ht[:8], delay=20)
		desk.page.locator(f"{results} [role='option']", has_text=setup.ht).first.wait_for()
		first = shown(desk, results)
		assert "Desactiv" not in first and "= 0" not in first, first
		# the template's meta, which that search loaded: the next search names the filter
		desk.page.wait_for_function(
			"(doctype) => !!locals.DocType[doctype]", arg="Sales Taxes and Charges Template"
		)
		box.press_sequentially(setup.ht[8:], delay=20)
		desk.page.locator(results, has_text="Filtres appliqués").first.wait_for()
		desk.shot("tax-template-search")
		assert "Désactivé = Non" in shown(desk, results), shown(desk, results)
		assert not desk.errors, desk.errors
