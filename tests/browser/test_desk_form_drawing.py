"""A long quotation in the desk (Debian's Chromium on the test site's web server): opening it, then
another one, draws the first page of the items grid once, with each line's list rate already as
editable as the server says; a refresh of the form redraws that page once. Frappe's form drew it three
times per opening (the switch of documents, the refresh, the refresh of the fields), and once more
when the list rate's editability arrived after the drawing: on a 1,000-line quotation each drawing
of the page was a third of the opening."""

import frappe
import pytest

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]

LINES = 60  # more than the grid's page of 50 rows
PAGE = 50

# counts the lines' rows the grid makes and redraws, and the list rate's editability each was made with
COUNT_ROWS = """() => {
	const grid = cur_frm.fields_dict.items.grid;
	const row = Object.getPrototypeOf(grid.grid_rows[0]);
	if (window.sf_rows) return;
	window.sf_rows = { made: 0, redrawn: 0, list_rate_read_only: [] };
	// a line's row (the grid's heading rows have no document)
	const items = (grid_row) => grid_row.doc && grid_row.parent_df && grid_row.parent_df.fieldname === "items";
	const make = row.make, refresh = row.refresh;
	row.make = function (...args) {
		if (items(this)) {
			sf_rows.made++;
			const df = this.docfields.find((d) => d.fieldname === "price_list_rate");
			sf_rows.list_rate_read_only.push(cint(df.read_only));
		}
		return make.apply(this, args);
	};
	row.refresh = function (...args) {
		if (items(this)) sf_rows.redrawn++;
		return refresh.apply(this, args);
	};
}"""
RESET = "() => { sf_rows.made = 0; sf_rows.redrawn = 0; sf_rows.list_rate_read_only = []; }"
# the first page of the form's document is drawn: its rows, in the page
PAGE_DRAWN = """([name, page]) => cur_frm && cur_frm.doc.name === name
	&& cur_frm.fields_dict.items.grid.wrapper.find(".grid-body .rows .grid-row").length === page
	&& cur_frm.fields_dict.items.grid.grid_rows.every((r) => r.doc.parent === name && r.wrapper.closest("body").length)"""


@pytest.fixture(scope="module")
def world():
	with committed_world({"rep": ("desk-drawing", ["Sales User"])}) as base:
		setup = base.setup
		names = []
		for _ in range(2):
			lines = [(setup.a, 1 + i % 3) for i in range(LINES)]
			quotation = transaction("Quotation", setup, lines).insert()
			base.created.append(("Quotation", quotation.name))
			names.append(quotation.name)
		frappe.db.commit()
		yield base, names


def open_and_count(rep: Desk, name: str) -> dict:
	rep.page.evaluate(RESET)
	# in the same page, as from a link: the form already built
	rep.page.evaluate("(name) => frappe.set_route('Form', 'Quotation', name)", name)
	rep.wait_for_form("Quotation", name)
	rep.page.wait_for_function(PAGE_DRAWN, arg=[name, PAGE])
	rep.settle()
	return rep.page.evaluate("() => sf_rows")


def test_each_opening_draws_the_page_of_lines_once(world):
	base, (first, second) = world
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "form-drawing")
		rep.api_login(base.users["rep"])
		rep.open_form("Quotation", first)
		rep.page.wait_for_function(PAGE_DRAWN, arg=[first, PAGE])
		rep.settle()
		editable = rep.page.evaluate(
			"() => frappe.xcall('sales_flow.pricing.lines.may_edit_price_list_rate')"
		)
		read_only = 0 if editable else 1
		rep.page.evaluate(COUNT_ROWS)

		# another quotation in the same form: its 50 first rows made once, none redrawn
		rows = open_and_count(rep, second)
		assert (rows["made"], rows["redrawn"]) == (PAGE, 0), rows
		assert set(rows["list_rate_read_only"]) == {read_only}, rows
		assert rep.page.evaluate("() => cur_frm.doc.items.length") == LINES
		rep.shot("second-quotation")

		# back to the first one: the same
		rows = open_and_count(rep, first)
		assert (rows["made"], rows["redrawn"]) == (PAGE, 0), rows

		# a refresh of the form (after a save, a reload) redraws the page once
		rep.page.evaluate(RESET)
		rep.page.evaluate("() => cur_frm.refresh()")
		rep.page.wait_for_function(PAGE_DRAWN, arg=[first, PAGE])
		rep.settle()
		rows = rep.page.evaluate("() => sf_rows")
		assert (rows["made"], rows["redrawn"]) == (0, PAGE), rows

		# the second page still comes on demand, and the first again
		rep.page.locator('[data-fieldname="items"] .next-page').first.click()
		rep.page.wait_for_function(
			"(n) => cur_frm.fields_dict.items.grid.wrapper.find('.grid-body .rows .grid-row').length === n",
			arg=LINES - PAGE,
		)
		assert not rep.errors, rep.errors
