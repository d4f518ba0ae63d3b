"""Sales targets in a real browser, as a French sales manager: a new Monthly Distribution starts
with the twelve months evenly, a share moved without the others is refused in French and saved once
they add up to 100 %; the target variance report and the workspace card show this year's target."""

from urllib.parse import quote

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]

REPORT = "Sales Person Target Variance Based On Item Group"


@pytest.fixture(scope="module")
def world():
	with committed_world({"manager": ("desk-targets", ["Sales Manager"])}) as base:
		email, setup, created = base.users["manager"], base.setup, base.created
		frappe.db.set_value("User", email, "language", "fr")
		year = str(getdate(nowdate()).year)
		target = {"fiscal_year": year, "target_amount": 12000}
		person = frappe.get_doc(
			{"doctype": "Sales Person", "sales_person_name": f"Cible {base.tag}", "targets": [target]}
		).insert()
		created.append(("Sales Person", person.name))
		order = transaction(
			"Sales Order",
			setup,
			[(setup.a, 6)],  # 600 € HT
			transaction_date=f"{year}-01-10",
			delivery_date=add_days(f"{year}-01-10", 10),
			sales_team=[{"sales_person": person.name, "allocated_percentage": 100}],
		).insert()
		order.submit()
		created.append(("Sales Order", order.name))
		frappe.db.commit()
		with chromium() as browser:
			desk = Desk(browser, URL, ARTIFACTS, "sales-targets")
			desk.login(email)
			yield base, desk, person.name, year


def test_a_distribution_starts_even_and_must_add_up_to_100(world):
	base, desk, _person, _year = world
	desk.new_form("Monthly Distribution")
	desk.wait_doc("(doc.percentages || []).length === 12")
	desk.set_value("distribution_id", f"Saison {base.tag}")
	desk.set_row_value("percentages", 1, "percentage_allocation", "20")
	desk.settle()
	desk.page.keyboard.press("Control+s")
	message = desk.page.locator(".modal.show .msgprint", has_text="doivent totaliser 100 %")
	message.first.wait_for()
	desk.shot("distribution-refused")
	desk.page.locator(".modal.show .btn-modal-close:visible").first.click()
	desk.page.locator(".modal.show").first.wait_for(state="hidden")
	desk.set_row_value("percentages", 1, "percentage_allocation", "8.337")  # 8.337 + 11 x 8.333 = 100
	desk.save()
	base.created.append(("Monthly Distribution", desk.doc()["name"]))
	desk.shot("distribution-saved")
	assert not desk.errors, desk.errors


def test_the_report_and_the_workspace_card(world):
	_base, desk, person, year = world
	desk.open(f"query-report/{REPORT}?fiscal_year={year}&period=Quarterly&sales_person={quote(person)}")
	desk.page.wait_for_function(
		"(person) => frappe.query_report && (frappe.query_report.data || []).some("
		"(row) => row.sales_person === person && row.achieved === 600 && row.target === 3000)",
		arg=person,
	)
	desk.settle()
	desk.shot("target-variance-report")
	desk.open("ventes")
	label = desk.page.evaluate("(text) => __(text)", "Target Achievement This Year")
	assert label == "Réalisation des objectifs de l'année"
	desk.page.locator(".number-widget-box", has_text=label).first.wait_for()
	desk.settle()
	desk.shot("workspace")
	assert not desk.errors, desk.errors
