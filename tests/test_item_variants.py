"""Item variants: a T-shirt template with a listed attribute (colour) and a numeric one (size, a range
with a step), variants made for chosen combinations and named from the abbreviations, their fields
kept in step with the template, priced on their own or from the template, sold; the template never."""

import frappe
import pytest

from sales_flow.controllers.form_api import get_item_details
from sales_flow.sales_flow.report.sales_analytics.sales_analytics import execute as sales_analytics
from sales_flow.variants.items import (
	create_variant,
	enqueue_multiple_variant_creation,
	get_variant,
	variant_choices,
)
from tests.sales_setup import sales_setup, transaction
from tests.support import assert_rejected


@pytest.fixture
def setup():
	return sales_setup()


def attribute(name: str, values: list[tuple[str, str]] | None = None, **numeric) -> str:
	doc = {"doctype": "Item Attribute", "attribute_name": name}
	if values:
		doc["item_attribute_values"] = [{"attribute_value": v, "abbr": a} for v, a in values]
	else:
		doc.update(numeric_values=1, **numeric)
	return frappe.get_doc(doc).insert().name


@pytest.fixture
def tshirt(setup):
	"""TSH: colours (Rouge RGE, Bleu BLE) x sizes 36 to 44 by 2, 20 € in the price list."""
	tag = frappe.generate_hash(length=5)
	colour = attribute(f"Couleur {tag}", [("Rouge", "RGE"), ("Bleu", "BLE")])
	size = attribute(f"Taille {tag}", from_range=36, to_range=44, increment=2)
	code = f"TSH-{tag}".upper()
	template = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": code,
			"item_name": "T-shirt",
			"item_group": frappe.db.get_value("Item", setup.a, "item_group"),
			"stock_uom": "Unit",
			"item_tax_template": frappe.db.get_value("Item", setup.a, "item_tax_template"),
			"description": "T-shirt coton bio",
			"has_variants": 1,
			"attributes": [{"attribute": colour}, {"attribute": size}],
		}
	).insert()
	frappe.get_doc(
		{"doctype": "Item Price", "item_code": code, "price_list": setup.price_list, "price_list_rate": 20}
	).insert()
	return template, colour, size


def test_variants_made_from_a_template_with_two_attributes_priced_and_sold(setup, tshirt):
	template, colour, size = tshirt
	made = enqueue_multiple_variant_creation(template.name, {colour: ["Rouge", "Bleu"], size: [38, "40"]})
	assert made == 4
	variants = frappe.get_all("Item", filters={"variant_of": template.name}, pluck="name", order_by="name")
	assert variants == sorted(f"{template.name}-{c}-{s}" for c in ("RGE", "BLE") for s in ("38", "40"))
	red_38 = frappe.get_doc("Item", f"{template.name}-RGE-38")
	assert (red_38.item_name, red_38.description, red_38.item_tax_template) == (
		"T-shirt-RGE-38",
		"T-shirt coton bio",
		template.item_tax_template,
	)
	assert [(r.attribute, r.attribute_value) for r in red_38.attributes] == [(colour, "Rouge"), (size, "38")]
	assert enqueue_multiple_variant_creation(template.name, {colour: ["Rouge"], size: [38]}) == 0
	assert get_variant(template.name, {colour: "Bleu", size: "40.0"}) == f"{template.name}-BLE-40"
	assert get_variant(template.name, {colour: "Bleu", size: 42}) is None

	# a price of its own beats the template's, which the others take
	frappe.get_doc(
		{
			"doctype": "Item Price",
			"item_code": f"{template.name}-BLE-40",
			"price_list": setup.price_list,
			"price_list_rate": 25,
		}
	).insert()
	order = transaction(
		"Sales Order", setup, [(f"{template.name}-RGE-38", 3), (f"{template.name}-BLE-40", 2)]
	).insert()
	assert [(r.price_list_rate, r.rate, r.amount) for r in order.items] == [(20, 20, 60), (25, 25, 50)]
	assert (order.net_total, order.grand_total) == (110, 132)  # VAT 20 %
	order.submit()
	assert frappe.db.get_value("Sales Order", order.name, "status") == "To Deliver and Bill"
	# the report groups the variants under their template
	filters = {"company": setup.company, "doc_type": "Sales Order", "tree_type": "Item Template"}
	rows = sales_analytics(
		{**filters, "from_date": order.transaction_date, "to_date": order.transaction_date}
	)[1]
	assert [(r.entity, r.entity_name, r.total) for r in rows if r.entity == template.name] == [
		(template.name, "T-shirt", 110)
	]

	assert_rejected(lambda: transaction("Quotation", setup, [(template.name, 1)]).insert(), "is a template")
	# the form, given the template, has the rep choose: its attributes and their values
	draft = transaction("Quotation", setup, [(setup.a, 1)]).as_dict()
	assert get_item_details(draft, template.name) == {"has_variants": 1}
	assert variant_choices(template.name) == [
		{"attribute": colour, "values": ["Rouge", "Bleu"]},
		{"attribute": size, "values": ["36", "38", "40", "42", "44"]},
	]


def test_a_variant_follows_its_template(setup, tshirt):
	template, colour, size = tshirt
	frappe.get_doc(create_variant(template.name, {colour: "Bleu", size: 44})).insert()
	template.reload()
	template.description = "T-shirt coton bio, col rond"
	template.max_discount = 15
	template.save()
	variant = frappe.get_doc("Item", f"{template.name}-BLE-44")
	assert (variant.description, variant.max_discount) == ("T-shirt coton bio, col rond", 15)


def test_bad_attributes_and_variants_are_refused(setup, tshirt):
	template, colour, size = tshirt
	assert_rejected(
		lambda: create_variant(template.name, {colour: "Vert", size: 38}), "not a value of attribute"
	)
	assert_rejected(lambda: create_variant(template.name, {colour: "Rouge", size: 39}), "36 to 44 by 2")
	assert_rejected(lambda: create_variant(template.name, {colour: "Rouge", size: 46}), "not a value")
	assert_rejected(lambda: create_variant(template.name, {colour: "Rouge"}), "one value of each attribute")
	assert_rejected(lambda: create_variant(setup.a, {colour: "Rouge"}), "is not a template")
	frappe.get_doc(create_variant(template.name, {colour: "Rouge", size: 36})).insert()
	twin = frappe.get_doc(create_variant(template.name, {colour: "Rouge", size: 36}))
	twin.item_code = twin.item_name = f"{template.name}-AUTRE"
	assert_rejected(lambda: twin.insert(), "already has these values")
	template.reload()
	template.has_variants = 0
	assert_rejected(lambda: template.save(), "stays a template")
	assert_rejected(
		lambda: attribute(f"Coloris {frappe.generate_hash(length=5)}", [("Rouge", "R"), ("Rose", "R")]),
		"given twice",
	)
	assert_rejected(
		lambda: attribute(
			f"Pointure {frappe.generate_hash(length=5)}", from_range=46, to_range=36, increment=1
		),
		"below To Range",
	)
