"""Quotation lines in a real browser (Debian's Chromium on the test site's web server): a sales rep
makes a quotation from a template on the customer's form, sees its section headings in bold, adds a
subtotal whose sum the browser computes, applies a second template, and saves: the server agrees."""

from urllib.parse import quote

import frappe
import pytest

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world

pytestmark = [pytest.mark.browser, pytest.mark.commits]


@pytest.fixture(scope="module")
def world():
	with committed_world({"rep": ("desk-lines", ["Sales User"])}) as base:
		tag, setup, rep, created = base.tag, base.setup, base.users["rep"], base.created
		template = frappe.get_doc(
			{
				"doctype": "Quotation Template",
				"template_name": f"Test Modèle Desk {tag}",
				"company": setup.company,
				"validity_days": 45,
				"items": [
					{"line_type": "Section", "item_name": "Installation"},
					{"item_code": setup.a, "qty": 2, "rate": 80, "discount_percentage": 10},
					{"line_type": "Section", "item_name": "Options"},
					{"item_code": setup.b, "qty": 1, "rate": 50},
					{"item_code": setup.c, "qty": 4, "rate": 3, "is_alternative": 1},
				],
			}
		).insert()
		created.append(("Quotation Template", template.name))
		frappe.db.commit()
		yield setup, rep, template.name, created


def menu_item(desk: Desk, group: str, label: str) -> None:
	desk.page.locator(f'.inner-group-button[data-label="{quote(group)}"] button').first.click()
	desk.page.locator(
		f'.inner-group-button[data-label="{quote(group)}"] .dropdown-item[data-label="{quote(label)}"]'
	).first.click()


def test_a_quotation_from_a_template_with_sections_in_the_desk(world):
	setup, email, template, created = world
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "lines")
		rep.api_login(email)

		# one click on the customer's form, the template picked in the prompt: a new draft opens
		rep.open_form("Customer", setup.customer)
		menu_item(rep, "Create", "New Quotation from Template")
		dialog = rep.dialog()
		rep.set_link("template", template, within=dialog)
		rep.page.locator(f"{dialog} .btn-primary").first.click()
		rep.wait_for_form("Quotation")
		# 2 A at 80 less 10 % = 144; 1 B at 50; C (12.00) an alternative, out of the total
		rep.wait_doc("doc.__islocal && doc.items.length === 5 && doc.total === 194")
		heading = rep.page.locator(f'{rep.grid_row("items", 1)} [data-fieldname="item_code"] b')
		assert heading.first.inner_text() == "Installation"
		# a heading shows no quantity, price or amount
		row_text = rep.page.locator(rep.grid_row("items", 1)).first.inner_text()
		assert "€" not in row_text and "0" not in row_text, row_text
		assert "Alternative" in rep.page.locator(rep.grid_row("items", 5)).first.inner_text()
		rep.shot("from-template")

		# a subtotal under the options: the browser sums B alone (the alternative stays out)
		rep.page.locator(f'{rep.field("items")} .btn-custom', has_text="Add Subtotal").first.click()
		rep.wait_doc("doc.items.length === 6 && doc.items[5].line_type === 'Subtotal'")
		rep.wait_doc("doc.items[5].amount === 50 && doc.total === 194")
		rep.set_link("taxes_and_charges", setup.ht)
		rep.wait_doc("(doc.taxes || []).length === 3 && doc.grand_total === 194 + 28.8 + 5")

		rep.save()
		saved = rep.doc()
		created.append(("Quotation", saved["name"]))
		assert [r["line_type"] for r in saved["items"]] == [
			"Section",
			"Item",
			"Section",
			"Item",
			"Item",
			"Subtotal",
		]
		assert (saved["total"], saved["grand_total"]) == (194, 227.8)
		assert saved["items"][5]["amount"] == 50

		# the same template once more, appended after the lines: the form shows it, unsaved
		rep.page.locator(".page-actions button, .page-head button", has_text="Apply Template").first.click()
		dialog = rep.dialog()
		rep.set_link("template", template, within=dialog)
		rep.page.locator(f"{dialog} .btn-primary").first.click()
		rep.wait_doc("doc.items.length === 11 && doc.total === 388 && doc.__unsaved")
		rep.shot("template-appended")
		rep.save()
		assert rep.doc()["grand_total"] == 455.6
		assert rep.errors == [], rep.errors
