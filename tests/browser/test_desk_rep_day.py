"""A French sales rep's day in the desk, on a laptop's screen (Debian's Chromium on the test site's
web server): the rep e-mails a quotation from its form (the composer filled from the Email Template,
the PDF attached, the e-mail queued); the customer's "+" beside Quotation opens a quotation for that
customer; the printed quotation shows nothing internal; validity and next follow-up fill as soon as
the quotation's date is set. Each step leaves a screenshot in test-artifacts/browser/."""

import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from tests.browser.desk import ARTIFACTS, LAPTOP, URL, Desk, chromium, committed_world
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]

CUSTOMER_EMAIL = "achats@rep-day.example"
# the outgoing account's signature, which a sales rep may not read from Email Account
SIGNATURE = "Service commercial, 01 23 45 67 89"
# the composer: cur_dialog may still name a message closed before it
COMPOSER = "frappe.ui.open_dialogs.find((d) => d.fields_dict && d.fields_dict.subject)"


@pytest.fixture(scope="module")
def world():
	with committed_world({"rep": ("rep-day", ["Sales User"])}) as base:
		setup, created = base.setup, base.created
		frappe.db.set_value("User", base.users["rep"], "language", "fr")
		# the rep's company, as a new document's default (cleared with the user)
		frappe.defaults.set_user_default("company", setup.company, user=base.users["rep"])
		frappe.db.set_value("Customer", setup.customer, "email_id", CUSTOMER_EMAIL)
		quotation = transaction("Quotation", setup, [(setup.a, 2)]).insert()
		quotation.submit()
		created.append(("Quotation", quotation.name))
		lead = frappe.get_doc(
			{"doctype": "Lead", "first_name": "Marie", "last_name": f"Prospect {base.tag}"}
		).insert()
		opportunity = frappe.get_doc(
			{"doctype": "Opportunity", "opportunity_from": "Customer", "party_name": setup.customer}
		).insert()
		template = frappe.get_doc(
			{
				"doctype": "Quotation Template",
				"template_name": f"Modèle {base.tag}",
				"validity_days": 45,
				"items": [{"item_code": setup.a, "qty": 1}],
			}
		).insert()
		# the outbox: nothing leaves the machine, the Email Queue is what is checked
		outbox = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": f"Ventes {base.tag}",
				"email_id": f"ventes-{base.tag}@rep-day.example",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
				"add_signature": 1,
				"signature": SIGNATURE,
			}
		).insert()
		created += [("Email Account", outbox.name), ("Lead", lead.name), ("Opportunity", opportunity.name)]
		created.append(("Quotation Template", template.name))
		setup.lead, setup.opportunity, setup.template = lead.name, opportunity.name, template.name
		frappe.db.commit()
		with chromium() as browser:
			rep = Desk(browser, URL, ARTIFACTS, "rep-day", viewport=LAPTOP)
			rep.api_login(base.users["rep"])
			yield rep, setup, quotation, created


@pytest.fixture(autouse=True)
def fresh_errors(world):
	rep = world[0]
	rep.errors.clear()
	rep.console.clear()


def composer_values(rep: Desk) -> dict:
	return rep.page.evaluate(
		f"""() => {{ const d = {COMPOSER}; return {{to: d.get_value('recipients'),
		attach: d.get_value('attach_document_print'), format: d.get_value('select_print_format'),
		language: d.get_value('print_language'), subject: d.get_value('subject'),
		content: d.get_value('content')}}; }}"""
	)


def test_the_rep_emails_a_quotation_from_its_form(world):
	rep, setup, quotation, created = world
	rep.open_form("Quotation", quotation.name)
	rep.settle()
	rep.page.locator(".page-actions button:has-text('Envoyer par email')").first.click()
	# the body is the Email Template "Devis", in French, once the composer has filled it
	try:
		rep.page.wait_for_function(
			f"(text) => {{ const d = {COMPOSER}; return d && (d.get_value('content') || '').includes(text); }}",
			arg="Veuillez trouver ci-joint notre devis",
		)
	except Exception as error:
		rep.shot("email-composer-empty")
		raise AssertionError(f"the composer's body never filled: {rep.console} {rep.where()}") from error
	values = composer_values(rep)
	assert CUSTOMER_EMAIL in values["to"]
	assert values["subject"] == f"Devis {quotation.name} - {setup.company}"
	assert quotation.name in values["content"] and "valable jusqu'au" in values["content"]
	assert SIGNATURE in values["content"]
	assert values["attach"] == 1 and values["format"] == "Devis" and values["language"] == "fr"
	rep.shot("email-composer")

	rep.page.locator(".modal.show .modal-footer .btn-primary:visible", has_text="Envoyer").first.click()
	# sent: the composer closes and the e-mail shows on the quotation's timeline
	rep.page.wait_for_function(f"() => !{COMPOSER}")
	rep.page.locator(".timeline-content", has_text=f"Devis {quotation.name}").first.wait_for()
	rep.shot("email-sent")
	frappe.db.commit()  # a fresh snapshot: what the web server committed
	communication = frappe.get_last_doc(
		"Communication", filters={"reference_doctype": "Quotation", "reference_name": quotation.name}
	)
	created.append(("Communication", communication.name))
	assert communication.sender and communication.recipients == CUSTOMER_EMAIL
	assert (
		"Veuillez trouver ci-joint notre devis" in communication.content
		and SIGNATURE in communication.content
	)
	queue = frappe.get_last_doc("Email Queue", filters={"communication": communication.name})
	created.append(("Email Queue", queue.name))
	assert [r.recipient for r in queue.recipients] == [CUSTOMER_EMAIL]
	(attachment,) = json.loads(queue.attachments)
	assert (attachment["print_format"], attachment["lang"], attachment["name"]) == (
		"Devis",
		"fr",
		quotation.name,
	)
	# no "Not permitted" on Email Account, no error at all
	assert not [line for line in rep.console if "403" in line or "FORBIDDEN" in line.upper()], rep.console
	assert not rep.errors, rep.errors


def new_from_dashboard(rep: Desk, doctype: str, name: str, target: str) -> dict:
	"""The "+" beside `target` in the form's connections: the new document it opens."""
	rep.open_form(doctype, name)
	rep.settle()
	plus = rep.page.locator(f'.form-dashboard .document-link[data-doctype="{target}"] .btn-new')
	plus.first.wait_for(state="visible")
	plus.first.click()
	rep.page.wait_for_function(
		"(target) => window.cur_frm && cur_frm.doctype === target && cur_frm.doc.__islocal", arg=target
	)
	rep.settle()
	return rep.doc()


def test_plus_beside_quotation_opens_a_quotation_for_that_customer(world):
	rep, setup, _quotation, _created = world
	doc = new_from_dashboard(rep, "Customer", setup.customer, "Quotation")
	assert (doc["quotation_to"], doc["party_name"]) == ("Customer", setup.customer)
	# the customer's defaults came in, as when the rep picks the customer
	rep.wait_doc("doc.customer_name && doc.selling_price_list === arg", setup.price_list)
	rep.shot("customer-plus-quotation")

	# the other "+" of the customer fill it too (Link fields to Customer)
	doc = new_from_dashboard(rep, "Customer", setup.customer, "Sales Order")
	assert doc["customer"] == setup.customer

	# a lead's and an opportunity's "+" make the quotation from them, as their Create menu does
	doc = new_from_dashboard(rep, "Lead", setup.lead, "Quotation")
	assert (doc["quotation_to"], doc["party_name"]) == ("Lead", setup.lead)
	doc = new_from_dashboard(rep, "Lead", setup.lead, "Opportunity")
	assert (doc["opportunity_from"], doc["party_name"]) == ("Lead", setup.lead)
	rep.shot("lead-plus-opportunity")
	doc = new_from_dashboard(rep, "Opportunity", setup.opportunity, "Quotation")
	assert (doc["quotation_to"], doc["party_name"], doc["opportunity"]) == (
		"Customer",
		setup.customer,
		setup.opportunity,
	)
	rep.shot("opportunity-plus-quotation")
	assert not rep.errors, rep.errors


def pick_date(rep: Desk, fieldname: str, day: str) -> None:
	"""Pick a date (YYYY-MM-DD) in the field's datepicker, as the rep clicks it: the month shown
	moved to the day's, then the day clicked. (Typed key by key, each partial date is parsed and
	written back under the keys; pasted at once, the datepicker writes its selection back.)"""
	year, month, date = (int(part) for part in day.split("-"))
	rep.page.locator(f"{rep.field(fieldname)} input").first.click()
	picker = ".datepicker.active"
	rep.page.locator(picker).first.wait_for(state="visible")
	shown = f"{picker} .datepicker--cell-day:not(.-other-month-)"
	for _ in range(24):
		cell = rep.page.locator(shown).first
		at = (int(cell.get_attribute("data-year")), int(cell.get_attribute("data-month")) + 1)
		if at == (year, month):
			break
		rep.page.locator(f'{picker} [data-action="{"next" if at < (year, month) else "prev"}"]').first.click()
		rep.page.wait_for_function(
			"(arg) => { const c = document.querySelector(arg[0]); return c && c.dataset.month + c.dataset.year !== arg[1]; }",
			arg=[shown, f"{at[1] - 1}{at[0]}"],
		)
	rep.page.locator(f'{shown}[data-date="{date}"]').first.click()
	rep.wait_doc("doc[arg[0]] === arg[1]", [fieldname, day])


def test_validity_and_follow_up_fill_as_the_date_is_typed(world):
	rep, setup, _quotation, _created = world
	today = nowdate()
	# Selling Settings of the test site: valid 30 days, followed up after 7
	rep.new_form("Quotation")
	rep.wait_doc(
		"doc.valid_till === arg[0] && doc.next_follow_up_date === arg[1]",
		[add_days(today, 30), add_days(today, 7)],
	)
	rep.set_link("party_name", setup.customer)
	# the quotation dated three days later: both dates follow
	later = add_days(today, 3)
	pick_date(rep, "transaction_date", later)
	rep.wait_doc(
		"doc.valid_till === arg[0] && doc.next_follow_up_date === arg[1]",
		[add_days(later, 30), add_days(later, 7)],
	)
	rep.shot("quotation-dates-filled")
	# a follow-up date the rep chose stays; the validity still follows the quotation's date
	typed = add_days(later, 2)
	pick_date(rep, "next_follow_up_date", typed)
	# back to today with the datepicker's "Today" button
	rep.page.locator(f"{rep.field('transaction_date')} input").first.click()
	rep.page.locator(".datepicker.active [data-action='today']").first.click()
	rep.wait_doc(
		"doc.valid_till === arg[0] && doc.next_follow_up_date === arg[1]", [add_days(today, 30), typed]
	)

	# from a template: its 45 days of validity, and the follow-up
	rep.new_form("Quotation")
	rep.wait_doc("doc.next_follow_up_date === arg", add_days(today, 7))
	rep.set_link("party_name", setup.customer)
	rep.page.locator(".page-head button:visible", has_text="Appliquer un modèle").first.click()
	dialog = rep.dialog()
	# instead of the empty line a new quotation opens with
	rep.page.locator(f"{rep.field('mode', dialog)} select").select_option("replace")
	rep.set_link("template", setup.template, within=dialog)
	rep.page.locator(f"{dialog} .modal-title").first.click()  # the link's dropdown closed
	rep.page.locator(f"{dialog} .btn-primary:visible").first.click()
	rep.wait_doc(
		"doc.quotation_template === arg[0] && doc.valid_till === arg[1] && doc.next_follow_up_date === arg[2]",
		[setup.template, add_days(today, 45), add_days(today, 7)],
	)
	rep.shot("quotation-from-template-dates")
	assert not rep.errors, rep.errors


def test_the_printed_quotation_keeps_the_follow_up_date_to_the_rep(world):
	rep, _setup, quotation, _created = world
	follow_up = frappe.utils.formatdate(quotation.next_follow_up_date)
	assert follow_up  # the quotation has one: the settings' delay
	rep.open(f"print/Quotation/{quotation.name}")
	preview = rep.page.frame_locator(".print-preview-wrapper iframe, iframe.print-format-container")
	body = preview.locator("body")
	# the customer's copy, in the print format the customer receives: its validity, not the follow-up
	body.get_by_text("Valable jusqu'au").first.wait_for()
	text = body.inner_text()
	assert quotation.name in text and frappe.utils.formatdate(quotation.valid_till) in text
	assert "Relance" not in text and follow_up not in text, text
	rep.shot("quotation-print-preview")
	assert not rep.errors, rep.errors
