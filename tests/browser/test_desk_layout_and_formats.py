"""The sales documents as the French rep and the accountant read them at 1366x768: lines by the item's
name, no naming series to pick, the printed comment in sight, delivered / billed / paid as progress bars on the order, numbers
written the French way (percentages "12,5 %", whole quantities "3"), and reports that say what they
mean (no total of ages in the receivables, the rep by name in the follow-up statistics)."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from sales_flow.sales_flow.doctype.sales_order.sales_order import make_delivery_note
from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]

ITEM_NAME = "Pain de campagne bio 500 g"


@pytest.fixture(scope="module")
def world():
	users = {"rep": ("lf-rep", ["Sales User"]), "accountant": ("lf-acc", ["Accounts User"])}
	with committed_world(users) as base:
		setup, created = base.setup, base.created
		for email in base.users.values():
			frappe.db.set_value(
				"User", email, {"language": "fr", "first_name": "Camille", "last_name": "Martin"}
			)
		frappe.db.set_value("Item", setup.a, "item_name", ITEM_NAME)
		quotation = transaction("Quotation", setup, [(setup.a, 3, {"discount_percentage": 12.5})]).insert()
		order = transaction("Sales Order", setup, [(setup.a, 4), (setup.b, 2)]).insert()
		order.submit()
		delivery = make_delivery_note(order.name)
		delivery.items = [row for row in delivery.items if row.item_code == setup.a]
		delivery.items[0].qty = 2
		delivery.insert().submit()
		invoice = transaction("Sales Invoice", setup, [(setup.b, 1)], due_date=add_days(nowdate(), -40))
		invoice.posting_date = add_days(nowdate(), -40)
		invoice.insert().submit()
		created += [(d.doctype, d.name) for d in (quotation, order, delivery, invoice)]
		frappe.db.commit()
		yield base, quotation.name, order.name


def grid_cell(desk: Desk, idx: int, fieldname: str) -> str:
	cell = desk.page.locator(
		f'{desk.grid_row("items", idx)} .static-area[data-fieldname="{fieldname}"], '
		f'{desk.grid_row("items", idx)} [data-fieldname="{fieldname}"] .static-area'
	).first
	return cell.inner_text().strip().replace("\u00a0", " ")


def test_lines_by_name_no_series_progress_and_french_numbers(world):
	base, quotation, order = world
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "lf-rep")
		rep.page.set_viewport_size({"width": 1366, "height": 768})
		rep.api_login(base.users["rep"])
		rep.open_form("Quotation", quotation)
		rep.page.locator(rep.grid_row("items", 1)).wait_for()
		rep.shot("quotation-lines")
		# the line reads by the item's name; 3 units, 12,5 % off
		assert grid_cell(rep, 1, "item_name") == ITEM_NAME
		assert grid_cell(rep, 1, "qty") == "3"
		assert grid_cell(rep, 1, "discount_percentage") == "12,5 %"
		# no naming series to pick; the comment printed for the customer in sight, not folded away
		# with the terms
		assert not rep.page.locator(rep.field("naming_series")).is_visible()
		assert rep.page.locator(rep.field("printed_comment")).is_visible()

		# the order: 2 of its 6 units delivered, nothing billed or paid yet
		rep.open_form("Sales Order", order)
		progress = rep.page.locator(".form-dashboard .progress-message")
		progress.first.wait_for()
		assert {t.strip().replace("\u00a0", " ") for t in progress.all_inner_texts()} == {
			"Livré : 33 %",
			"Facturé : 0 %",
			"Payé : 0 %",
		}
		rep.shot("order-progress")
		assert rep.errors == [], rep.errors

		accountant = Desk(browser, URL, ARTIFACTS, "lf-acc")
		accountant.page.set_viewport_size({"width": 1366, "height": 768})
		accountant.api_login(base.users["accountant"])
		accountant.open(f"query-report/Accounts Receivable?company={base.setup.company}")
		total = accountant.page.locator(".dt-row-totalRow").first
		total.wait_for()
		header = accountant.page.locator(".dt-row-header .dt-cell__content").all_inner_texts()
		column = next(i for i, label in enumerate(header) if label.strip().startswith("Âge"))
		age_total = total.locator(f".dt-cell--col-{column}").inner_text().strip()
		# the invoice 40 days late: one bar, in 31-60
		assert [height > 0 for height in accountant.chart_bars()] == [False, True, False, False]
		accountant.shot("receivables-total")
		assert age_total == "", age_total  # a sum of ages means nothing
		assert accountant.errors == [], accountant.errors
