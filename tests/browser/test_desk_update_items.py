"""Update Items in a real browser: a sales rep opens a submitted order, raises a quantity and adds a
line in the dialog; the form reloads with the server's totals, and the server holds the change."""

import frappe
import pytest

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]
TABLE = '.modal.show .frappe-control[data-fieldname="trans_items"]'


@pytest.fixture(scope="module")
def world():
	with committed_world({"rep": ("desk-update-items", ["Sales User"])}) as base:
		order = transaction("Sales Order", base.setup, [(base.setup.a, 2), (base.setup.b, 1)]).insert()
		order.submit()
		base.created.append(("Sales Order", order.name))
		frappe.db.commit()
		yield base.users["rep"], base.setup, order.name


def dialog_row(idx: int) -> str:
	return f'{TABLE} .grid-body .grid-row[data-idx="{idx}"]'


def type_in_cell(desk: Desk, idx: int, fieldname: str, value: str) -> None:
	row = dialog_row(idx)
	desk.open_row_cell(row, fieldname)
	box = desk.page.locator(f'{row} .frappe-control[data-fieldname="{fieldname}"] input').first
	box.fill(value)
	box.press("Tab")
	desk.page.wait_for_function(
		"(arg) => String(cur_dialog.fields_dict.trans_items.df.data[arg[0]][arg[1]]) === arg[2]",
		arg=[idx - 1, fieldname, value],
	)


def test_a_rep_raises_a_quantity_and_adds_a_line_in_the_dialog(world):
	email, setup, order = world
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "update-items")
		rep.login(email)
		rep.open_form("Sales Order", order)
		rep.settle()
		rep.page.locator(".page-head button:visible", has_text="Update Items").first.click()
		rep.dialog()
		type_in_cell(rep, 1, "qty", "5")
		rep.page.locator(f"{TABLE} .grid-add-row").first.click()
		rep.open_row_cell(dialog_row(3), "item_code")
		rep.set_link("item_code", setup.c, within=dialog_row(3))
		type_in_cell(rep, 3, "qty", "10")
		rep.shot("dialog")
		rep.page.locator(".modal.show .btn-primary:visible", has_text="Update").first.click()
		# 500 + 100 VAT, 55.50 + 5.55, 37.90 + 2.08
		rep.wait_saved("doc.items.length === 3 && doc.grand_total === 701.03")
		rep.shot("updated")
		assert not rep.errors, rep.errors

	frappe.db.rollback()  # a fresh snapshot: what the server committed
	saved = frappe.get_doc("Sales Order", order)
	assert [(row.item_code, row.qty) for row in saved.items] == [(setup.a, 5), (setup.b, 1), (setup.c, 10)]
	assert (saved.grand_total, saved.status) == (701.03, "To Deliver and Bill")
