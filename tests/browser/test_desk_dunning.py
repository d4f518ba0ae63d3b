"""Dunning and the statement of account in the desk, as the French accountant: the dunning list
proposes the customer's dunning for its two late invoices, the accountant submits it and sends it
by e-mail (the composer filled from the Email Template "Relance", the letter's PDF attached, the
e-mail queued), then downloads the customer's statement of account as a PDF; the report of late
invoices by level and the workspace card. Screenshots in test-artifacts/browser/ (prefix "dunning")."""

import json

import frappe
import pytest
from frappe.utils import add_days, nowdate

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world, slug
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]

CUSTOMER_EMAIL = "compta@relances.example"
# the composer: cur_dialog may still name a message closed before it
COMPOSER = "frappe.ui.open_dialogs.find((d) => d.fields_dict && d.fields_dict.subject)"


@pytest.fixture(scope="module")
def world():
	with committed_world({"accountant": ("dunning-acc", ["Accounts User"])}) as base:
		email, setup, created = base.users["accountant"], base.setup, base.created
		frappe.db.set_value("User", email, "language", "fr")
		frappe.db.set_value("Customer", setup.customer, "email_id", CUSTOMER_EMAIL)
		for qty, posted, due in ((2, 40, 30), (1, 25, 15)):
			invoice = transaction(
				"Sales Invoice",
				setup,
				[(setup.a, qty)],
				posting_date=add_days(nowdate(), -posted),
				due_date=add_days(nowdate(), -due),
			)
			invoice.set_posting_time = 1
			invoice.insert()
			invoice.submit()
			created.append(("Sales Invoice", invoice.name))
		outbox = frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": f"Compta {base.tag}",
				"email_id": f"compta-{base.tag}@relances.example",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		).insert()
		created.append(("Email Account", outbox.name))
		frappe.db.commit()
		before = set(frappe.get_all("Dunning", pluck="name"))
		try:
			with chromium() as browser:
				desk = Desk(browser, URL, ARTIFACTS, "dunning")
				desk.api_login(email)
				yield base, desk
		finally:
			# the proposals made for any other customer of the site during the run
			frappe.db.rollback()
			created += [("Dunning", n) for n in set(frappe.get_all("Dunning", pluck="name")) - before]
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{base.tag.upper()}-%",))
	frappe.db.commit()


def translated(desk: Desk, text: str) -> str:
	return desk.page.evaluate("(text) => __(text)", text)


def opened_url(desk: Desk, click) -> str:
	"""The address a click opens with window.open (a download): recorded instead of opened."""
	desk.page.evaluate(
		"() => { window.__opened = []; window.open = (url) => { window.__opened.push(url); }; }"
	)
	click()
	desk.page.wait_for_function("() => window.__opened.length > 0")
	return desk.page.evaluate("() => window.__opened[0]")


def test_the_accountant_sees_the_proposals_and_emails_one(world):
	base, desk = world
	desk.open(slug("Dunning"))
	desk.page.wait_for_function("() => window.cur_list && cur_list.doctype === 'Dunning'")
	assert translated(desk, "Propose Dunnings") == "Proposer les relances"
	desk.settle()
	with desk.page.expect_response(lambda r: "propose_dunnings_now" in r.url) as proposed:
		desk.page.locator(".page-actions button:visible", has_text="Proposer les relances").first.click()
	assert proposed.value.ok, proposed.value.text()
	row = desk.page.locator(".list-row-container", has_text=base.setup.customer).first
	try:
		row.wait_for()
	except Exception as error:
		desk.shot("no-proposal")
		answer = proposed.value.text()
		raise AssertionError(f"no proposal listed: {answer} {desk.console} {desk.where()}") from error
	desk.settle()
	desk.shot("proposals")

	frappe.db.commit()  # a fresh snapshot: what the web server committed
	name = frappe.db.get_value("Dunning", {"customer": base.setup.customer, "docstatus": 0})
	desk.open_form("Dunning", name)
	desk.settle()
	assert desk.doc()["grand_total"] > 80  # two invoices late: 2 x 40 € at least
	desk.shot("dunning-draft")
	desk.page.locator(".page-actions .primary-action:visible", has_text=translated(desk, "Submit")).click()
	desk.page.wait_for_function("() => window.cur_dialog && cur_dialog.confirm_dialog && cur_dialog.display")
	desk.page.locator(".modal.show .btn-primary:visible", has_text=translated(desk, "Yes")).click()
	desk.wait_saved("doc.docstatus === 1 && !doc.__unsaved")
	desk.settle()

	desk.page.locator(".page-actions button:visible", has_text="Envoyer par email").first.click()
	try:
		desk.page.wait_for_function(
			f"(name) => {{ const d = {COMPOSER}; return d && (d.get_value('subject') || '').includes(name); }}",
			arg=name,
		)
	except Exception as error:
		desk.shot("no-composer")
		raise AssertionError(f"no composer: {desk.console} {desk.errors} {desk.where()}") from error
	values = desk.page.evaluate(
		f"""() => {{ const d = {COMPOSER}; return {{to: d.get_value('recipients'),
		format: d.get_value('select_print_format'), subject: d.get_value('subject'),
		attach: d.get_value('attach_document_print')}}; }}"""
	)
	assert CUSTOMER_EMAIL in values["to"] and values["subject"] == f"Relance 1 {name} - {base.setup.company}"
	assert values["attach"] == 1 and values["format"] == "Relance"
	desk.shot("email-composer")
	desk.page.locator(".modal.show .modal-footer .btn-primary:visible", has_text="Envoyer").first.click()
	desk.page.wait_for_function(f"() => !{COMPOSER}")
	desk.page.locator(".timeline-content", has_text=f"Relance 1 {name}").first.wait_for()
	desk.shot("email-sent")

	frappe.db.commit()  # a fresh snapshot: what the web server committed
	communication = frappe.get_last_doc(
		"Communication", filters={"reference_doctype": "Dunning", "reference_name": name}
	)
	queue = frappe.get_last_doc("Email Queue", filters={"communication": communication.name})
	base.created += [("Communication", communication.name), ("Email Queue", queue.name)]
	assert [r.recipient for r in queue.recipients] == [CUSTOMER_EMAIL]
	(attachment,) = json.loads(queue.attachments)
	assert (attachment["print_format"], attachment["name"], attachment["lang"]) == ("Relance", name, "fr")
	assert not desk.errors, desk.errors


def test_the_accountant_opens_the_statement_pdf(world):
	base, desk = world
	desk.open_form("Customer", base.setup.customer)
	desk.settle()
	desk.page.locator(".page-actions button:visible", has_text="Relevé de compte").first.click()
	dialog = desk.dialog()
	desk.shot("statement-dialog")
	url = opened_url(
		desk,
		desk.page.locator(
			f"{dialog} .btn-primary:visible", has_text=translated(desk, "Download PDF")
		).first.click,
	)
	assert "sales_flow.receivables.statement.download_statement" in url
	pdf = desk.page.request.get(url if url.startswith("http") else f"{URL.rstrip('/')}{url}")
	assert pdf.ok and pdf.body().startswith(b"%PDF")
	assert not desk.errors, desk.errors


def test_the_report_and_the_workspace_card(world):
	base, desk = world
	desk.open(f"query-report/Late Invoices by Dunning Level?company={base.setup.company}")
	desk.page.locator(".dt-row", has_text=base.setup.customer).first.wait_for()
	desk.settle()
	assert any(desk.chart_bars())  # the amounts late, by level
	desk.shot("late-invoices-report")
	desk.open("ventes")
	desk.page.locator(".number-widget-box", has_text=translated(desk, "Dunnings to Send")).first.wait_for()
	desk.settle()
	desk.shot("workspace")
	assert not desk.errors, desk.errors
