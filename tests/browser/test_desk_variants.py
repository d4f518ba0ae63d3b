"""Item variants in a real browser: a sales rep picks a template item (a T-shirt) on a quotation
line; a dialog asks for its colour and size, the chosen variant takes the line, priced from the
template's price, and the quotation saves with it."""

import frappe
import pytest

from sales_flow.variants.items import new_variant
from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world

pytestmark = [pytest.mark.browser, pytest.mark.commits]


@pytest.fixture(scope="module")
def world():
	users = {
		"rep": ("desk-variants", ["Sales User"]),
		"master": ("desk-variants-master", ["Sales Master Manager"]),
	}
	with committed_world(users) as base:
		setup, tag, created = base.setup, base.tag, base.created

		def add(values: dict) -> str:
			doc = frappe.get_doc(values).insert()
			created.append((doc.doctype, doc.name))
			return doc.name

		colour = add(
			{
				"doctype": "Item Attribute",
				"attribute_name": f"Couleur {tag}",
				"item_attribute_values": [
					{"attribute_value": "Rouge", "abbr": "RGE"},
					{"attribute_value": "Bleu", "abbr": "BLE"},
				],
			}
		)
		size = add(
			{
				"doctype": "Item Attribute",
				"attribute_name": f"Taille {tag}",
				"numeric_values": 1,
				"from_range": 36,
				"to_range": 44,
				"increment": 2,
			}
		)
		item = frappe.get_doc("Item", setup.a)
		template = add(
			{
				"doctype": "Item",
				"item_code": f"TSH-{tag}".upper(),
				"item_name": "T-shirt",
				"item_group": item.item_group,
				"stock_uom": item.stock_uom,
				"item_tax_template": item.item_tax_template,
				"has_variants": 1,
				"attributes": [{"attribute": colour}, {"attribute": size}],
			}
		)
		add(
			{
				"doctype": "Item Price",
				"item_code": template,
				"price_list": setup.price_list,
				"price_list_rate": 20,
			}
		)
		for values in ({colour: "Rouge", size: 38}, {colour: "Bleu", size: 40}):
			variant = new_variant(frappe.get_doc("Item", template), values).insert()
			created.append(("Item", variant.name))
		frappe.db.commit()
		yield base.users, setup, template, created


def test_a_rep_picks_a_template_and_chooses_its_colour_and_size(world):
	users, setup, template, created = world
	with chromium() as browser:
		rep = Desk(browser, URL, ARTIFACTS, "variants")
		rep.login(users["rep"])
		rep.new_form("Quotation")
		rep.set_link("company", setup.company)
		rep.set_link("party_name", setup.customer)
		rep.wait_doc("doc.selling_price_list === arg", setup.price_list)
		rep.set_link("taxes_and_charges", setup.ht)
		rep.wait_doc("(doc.taxes || []).length === 3")
		rep.set_row_link("items", 1, "item_code", template)
		dialog = rep.dialog()
		rep.page.locator(f'{rep.field("attribute_0", dialog)} select').select_option("Bleu")
		rep.page.locator(f'{rep.field("attribute_1", dialog)} select').select_option("40")
		rep.shot("dialog")
		rep.page.locator(f"{dialog} .btn-primary:visible", has_text="Choose").first.click()
		variant = f"{template}-BLE-40"
		rep.wait_doc("doc.items[0].item_code === arg && doc.items[0].price_list_rate === 20", variant)
		rep.wait_doc("doc.grand_total === 24")  # 20 + 20 % VAT, the template's price
		rep.save()
		created.append(("Quotation", rep.doc()["name"]))
		rep.shot("saved")
		assert not rep.errors, rep.errors

	frappe.db.rollback()  # a fresh snapshot: what the server committed
	saved = frappe.get_doc("Quotation", created[-1][1])
	assert [(r.item_code, r.item_name, r.rate) for r in saved.items] == [(variant, "T-shirt-BLE-40", 20)]
	assert saved.grand_total == 24


def test_a_master_manager_creates_variants_from_the_template(world):
	users, _setup, template, created = world
	with chromium() as browser:
		master = Desk(browser, URL, ARTIFACTS, "variants-create")
		master.login(users["master"])
		master.open_form("Item", template)
		master.settle()
		master.page.locator(".page-head button:visible", has_text="Create Variants").first.click()
		dialog = master.dialog()
		master.page.locator(f'{master.field("attribute_0", dialog)} input[data-unit="Rouge"]').check()
		for size in ("42", "44"):
			master.page.locator(f'{master.field("attribute_1", dialog)} input[data-unit="{size}"]').check()
		master.shot("dialog")
		master.page.locator(f"{dialog} .btn-primary:visible", has_text="Create").first.click()
		master.page.get_by_text("2 variants created.").wait_for()
		assert not master.errors, master.errors

	frappe.db.rollback()  # a fresh snapshot: what the server committed
	made = frappe.get_all(
		"Item", filters={"variant_of": template, "name": ("like", "%-RGE-4%")}, pluck="name"
	)
	created += [("Item", name) for name in made]
	assert sorted(made) == [f"{template}-RGE-42", f"{template}-RGE-44"]
