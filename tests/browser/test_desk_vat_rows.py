"""The taxes grid of a sales document as the French rep reads it: only the VAT rates its lines use
(the template's other rates stay in the document at 0 for the engine, out of sight), and no
"Total" column repeating the running total on each row; amounts written "240,00 €"."""

import frappe
import pytest

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]


@pytest.fixture(scope="module")
def world():
	with committed_world({"rep": ("vat-rep", ["Sales User"])}) as base:
		setup = base.setup
		frappe.db.set_value("User", base.users["rep"], "language", "fr")
		only_20 = transaction("Quotation", setup, [(setup.a, 2)]).insert()
		only_20.submit()
		mixed = transaction("Quotation", setup, [(setup.a, 1), (setup.b, 3)]).insert()
		base.created += [("Quotation", only_20.name), ("Quotation", mixed.name)]
		frappe.db.commit()
		# the template holds the three French rates, each quotation uses some of them
		assert len(only_20.taxes) == 3 and len(mixed.taxes) == 3
		yield base, only_20.name, mixed.name


def visible_tax_rows(desk: Desk) -> list[str]:
	rows = desk.page.locator('[data-fieldname="taxes"] .grid-body .grid-row:visible')
	return [text.replace("\u00a0", " ") for text in rows.all_inner_texts()]


def test_the_taxes_grid_shows_only_the_vat_rates_the_lines_use(world):
	base, only_20, mixed = world
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "vat-rows", viewport={"width": 1366, "height": 768})
		rep.api_login(base.users["rep"])

		rep.open_form("Quotation", only_20)
		rep.page.locator('[data-fieldname="taxes"] .grid-body .grid-row').first.wait_for(state="attached")
		rep.page.wait_for_function(
			"""() => cur_frm && cur_frm.fields_dict.taxes.grid.grid_rows.length === 3
			&& document.querySelectorAll('[data-fieldname="taxes"] .grid-body .grid-row.hidden').length === 2"""
		)
		rows = visible_tax_rows(rep)
		assert len(rows) == 1 and "20" in rows[0], rows
		heading = rep.page.locator('[data-fieldname="taxes"] .grid-heading-row').inner_text()
		assert "Total" not in heading, heading
		# amounts in euros written the French way, as on paper
		total = (
			rep.page.locator(rep.field("grand_total"))
			.inner_text()
			.replace("\u00a0", " ")
			.replace("\u202f", " ")
		)
		assert "240,00 €" in total, total
		rep.shot("one-rate")

		# a draft with 20 % and 10 % lines: two rows; its 10 % line removed, the 10 % row goes too
		rep.open_form("Quotation", mixed)
		rep.page.wait_for_function(
			"""(name) => cur_frm && cur_frm.doc.name === name
			&& document.querySelectorAll('[data-fieldname="taxes"] .grid-body .grid-row.hidden').length === 1""",
			arg=mixed,
		)
		assert len(visible_tax_rows(rep)) == 2
		rep.page.evaluate("() => cur_frm.fields_dict.items.grid.grid_rows[1].remove()")
		rep.page.wait_for_function(
			"""() => document.querySelectorAll('[data-fieldname="taxes"] .grid-body .grid-row.hidden').length === 2"""
		)
		assert len(visible_tax_rows(rep)) == 1
		rep.shot("line-removed")
		assert rep.errors == [], rep.errors
