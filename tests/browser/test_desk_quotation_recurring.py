"""A quotation with a recurring line in a real browser: the sales rep reads its one-time and recurring
totals on the form, then the print preview: "/ month" after the support's price, and the one-time
and monthly totals with their VAT."""

import frappe
import pytest

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]


@pytest.fixture(scope="module")
def world():
	with committed_world({"rep": ("desk-recurring", ["Sales User"])}) as base:
		setup, created = base.setup, base.created
		plan = frappe.get_doc(
			{
				"doctype": "Subscription Plan",
				"plan_name": f"Test Support mensuel {base.tag}",
				"item": setup.b,
				"price_determination": "Fixed Rate",
				"cost": 55.5,
				"billing_interval": "Month",
				"billing_interval_count": 1,
			}
		).insert()
		created.append(("Subscription Plan", plan.name))
		# installation once (100 + 20 % VAT), support each month (2 x 55.50 + 10 % VAT)
		quotation = transaction(
			"Quotation", setup, [(setup.a, 1), (setup.b, 2, {"subscription_plan": plan.name})]
		).insert()
		quotation.submit()
		created.append(("Quotation", quotation.name))
		frappe.db.commit()
		yield base.users["rep"], quotation.name


def test_a_rep_reads_and_prints_a_quotation_with_a_recurring_line(world):
	email, quotation = world
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "quotation-recurring")
		rep.login(email)
		rep.open_form("Quotation", quotation)
		section = rep.page.locator(".form-dashboard .sf-recurring-totals")
		section.get_by_text("Recurring / month").wait_for()
		text = " ".join(section.inner_text().split())
		for figure in ("One-time", "120,00", "122,10", "11,10"):
			assert figure in text, text
		rep.shot("form")

		rep.open(f"print/Quotation/{quotation}")
		preview = rep.page.frame_locator(".print-preview-wrapper iframe, iframe.print-format-container")
		preview.locator(".sf-recurring-totals").get_by_text("Recurring / month").wait_for()
		printed = " ".join(preview.locator(".sf-doc").inner_text().split())
		# the preview speaks the rep's language (the PDF the customer gets is French: test_quotation_recurring)
		for figure in ("55,50 / month", "111,00 / month", "One-time", "120,00", "122,10", "242,10"):
			assert figure in printed, printed
		rep.shot("print-preview")
		assert not rep.errors, rep.errors
