"""The quotation desk in a real browser (Debian's Chromium on the test site's web server): a sales rep
records a follow-up through its dialog, revises the quotation (the revision opens, is submitted, and
shows the chain), and sets another quotation as lost with a reason and a competitor picked in the
dialog's multi-select fields. The server holds what the rep did."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]


@pytest.fixture(scope="module")
def world():
	with committed_world({"rep": ("desk-quotes", ["Sales User"])}) as base:
		tag, setup, rep, created = base.tag, base.setup, base.users["rep"], base.created
		reason = frappe.get_doc(
			{"doctype": "Quotation Lost Reason", "order_lost_reason": f"Prix {tag}"}
		).insert()
		rival = frappe.get_doc({"doctype": "Competitor", "competitor_name": f"Rival {tag}"}).insert()
		created += [("Quotation Lost Reason", reason.name), ("Competitor", rival.name)]
		quotations = []
		for _n in range(2):
			doc = transaction("Quotation", setup, [(setup.a, 2)]).insert()
			doc.submit()
			created.append(("Quotation", doc.name))
			quotations.append(doc.name)
		frappe.db.commit()
		yield rep, quotations, reason.name, rival.name, created


def click_button(desk: Desk, label: str) -> None:
	desk.settle()
	desk.page.locator(".page-head button:visible", has_text=label).first.click()


def test_follow_up_revise_and_lose_quotations_in_the_desk(world):
	email, (followed, lost), reason, rival, created = world
	next_date = add_days(nowdate(), 6)
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "quotes")
		rep.login(email)

		# a follow-up through the dialog: channel, outcome, note, next date
		rep.open_form("Quotation", followed)
		click_button(rep, "Record Follow-up")
		dialog = rep.dialog()
		rep.page.locator(f'{rep.field("channel", dialog)} select').select_option("Email")
		rep.page.locator(f'{rep.field("outcome", dialog)} select').select_option("Interested")
		rep.page.locator(f'{rep.field("note", dialog)} textarea').fill(
			"Devis reçu, rappel la semaine prochaine"
		)
		# the date typed as the user reads it (the site's date format), then the datepicker left
		typed = rep.page.evaluate("(day) => frappe.datetime.str_to_user(day)", next_date)
		rep.page.locator(f'{rep.field("next_follow_up_date", dialog)} input').first.fill(typed)
		rep.page.locator(f"{dialog} .modal-title").first.click()
		rep.page.locator(f"{dialog} .btn-primary").first.click()
		rep.wait_doc("(doc.follow_ups || []).length === 1 && doc.next_follow_up_date === arg", next_date)
		rep.shot("follow-up")
		frappe.db.rollback()  # a fresh snapshot: what the server committed
		row = frappe.db.get_value(
			"Quotation Follow Up",
			{"parent": followed},
			["channel", "outcome", "note", "user", "next_follow_up_date"],
			as_dict=True,
		)
		assert (row.channel, row.outcome, row.user, str(row.next_follow_up_date)) == (
			"Email",
			"Interested",
			email,
			next_date,
		)

		# Revise: the new draft opens under the base number, is submitted, shows the chain
		click_button(rep, "Revise")
		revision = f"{followed}-R1"
		rep.wait_for_form("Quotation", revision)
		created.append(("Quotation", revision))
		rep.submit()
		rep.open_form("Quotation", revision)
		history = rep.page.locator(rep.field("revision_history")).first
		history.wait_for()
		assert followed in history.inner_text() and revision in history.inner_text()
		rep.shot("revision")
		frappe.db.rollback()  # a fresh snapshot: what the server committed
		assert frappe.db.get_value("Quotation", followed, "status") == "Superseded"

		# Set as Lost: a reason and a competitor picked in the dialog's multi-select fields
		rep.open_form("Quotation", lost)
		click_button(rep, "Set as Lost")
		dialog = rep.dialog()
		rep.set_link("lost_reasons", reason, within=dialog)
		rep.set_link("competitors", rival, within=dialog)
		rep.page.locator(f'{rep.field("detailed_reason", dialog)} textarea').fill("Moins cher ailleurs")
		rep.page.locator(f"{dialog} .btn-primary").first.click()
		rep.wait_doc("doc.status === 'Lost'")
		rep.shot("lost")
		assert rep.errors == [], rep.errors

	frappe.db.rollback()
	assert frappe.get_all("Quotation Lost Reason Detail", filters={"parent": lost}, pluck="lost_reason") == [
		reason
	]
	assert frappe.get_all("Competitor Detail", filters={"parent": lost}, pluck="competitor") == [rival]
	assert frappe.db.get_value("Quotation", lost, "order_lost_reason") == "Moins cher ailleurs"
