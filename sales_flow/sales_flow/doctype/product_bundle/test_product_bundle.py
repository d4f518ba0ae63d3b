"""Product bundles: components packed on order, delivery and invoice, partial quantities at each
step, nested bundles, and a bundle that would contain itself refused."""

import frappe
import pytest
from frappe.utils import flt

from sales_flow.sales_flow.doctype.delivery_note.delivery_note import make_sales_invoice as dn_to_invoice
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_delivery_note, make_sales_invoice
from tests.sales_setup import SalesSetup, submitted, transaction
from tests.support import assert_rejected


@pytest.fixture
def setup():
	builder = SalesSetup()
	setup = builder.build()
	setup.kit = builder.item("TEST-KIT", 20, 250.0, setup.price_list)
	setup.big_kit = builder.item("TEST-BIG-KIT", 20, 400.0, setup.price_list)
	bundle(setup.kit, [(setup.a, 2), (setup.c, 3)])
	return setup


def bundle(parent: str, components: list[tuple[str, float]], **values):
	return frappe.get_doc(
		{
			"doctype": "Product Bundle",
			"new_item_code": parent,
			"items": [{"item_code": code, "qty": qty} for code, qty in components],
			**values,
		}
	).insert()


def packed(doc) -> list[tuple[str, str, float]]:
	return [(row.parent_item, row.item_code, flt(row.qty)) for row in doc.packed_items]


def test_a_bundle_is_packed_through_order_delivery_and_invoice_with_partial_quantities(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.kit, 4), (setup.b, 1)]))
	assert packed(order) == [(setup.kit, setup.a, 8.0), (setup.kit, setup.c, 12.0)]
	kit_line = order.items[0].name
	assert {row.parent_detail_docname for row in order.packed_items} == {kit_line}
	assert order.packed_items[0].item_name == setup.a and order.packed_items[0].uom == "Unit"
	assert order.grand_total == 1261.05  # the bundle is priced as one line: 4 x 250 + 55.50, VAT

	delivery = make_delivery_note(order.name)
	delivery.items = [row for row in delivery.items if row.item_code == setup.kit]
	delivery.items[0].qty = 1
	delivery = submitted(delivery)
	assert packed(delivery) == [(setup.kit, setup.a, 2.0), (setup.kit, setup.c, 3.0)]
	assert {row.parent_detail_docname for row in delivery.packed_items} == {delivery.items[0].name}

	invoice = submitted(dn_to_invoice(delivery.name))
	assert packed(invoice) == [(setup.kit, setup.a, 2.0), (setup.kit, setup.c, 3.0)]

	rest = make_sales_invoice(order.name)  # 3 kits and the other line remain to be billed
	assert packed(rest) == [(setup.kit, setup.a, 6.0), (setup.kit, setup.c, 9.0)]  # the draft already
	rest = submitted(rest)
	assert packed(rest) == [(setup.kit, setup.a, 6.0), (setup.kit, setup.c, 9.0)]
	assert [(row.item_code, row.qty) for row in rest.items] == [(setup.kit, 3.0), (setup.b, 1.0)]

	order.reload()  # the order keeps its own components whatever its children took
	assert packed(order) == [(setup.kit, setup.a, 8.0), (setup.kit, setup.c, 12.0)]
	assert frappe.db.get_value("Sales Order", order.name, "per_billed") == 100


def test_packed_items_are_rebuilt_from_the_lines_on_every_save(setup):
	order = transaction("Sales Order", setup, [(setup.kit, 2)]).insert()
	assert packed(order) == [(setup.kit, setup.a, 4.0), (setup.kit, setup.c, 6.0)]
	order.items[0].qty = 5
	order.append("items", {"item_code": setup.b, "qty": 1})
	order.save()
	assert packed(order) == [(setup.kit, setup.a, 10.0), (setup.kit, setup.c, 15.0)]
	order.items = [row for row in order.items if row.item_code == setup.b]
	order.save()
	assert order.packed_items == []
	assert not frappe.get_all("Packed Item", filters={"parent": order.name})  # no stale row left


def test_a_nested_bundle_is_exploded_down_to_its_items(setup):
	bundle(setup.big_kit, [(setup.kit, 2), (setup.b, 1)])
	invoice = transaction("Sales Invoice", setup, [(setup.big_kit, 3)]).insert()
	assert packed(invoice) == [
		(setup.big_kit, setup.a, 12.0),
		(setup.big_kit, setup.c, 18.0),
		(setup.big_kit, setup.b, 3.0),
	]


def test_a_quotation_shows_the_bundle_line_only(setup):
	quotation = transaction("Quotation", setup, [(setup.kit, 1)]).insert()
	assert not quotation.meta.has_field("packed_items")
	assert quotation.grand_total == 300.0


def test_a_bundle_containing_itself_is_refused_and_nothing_is_written(setup):
	assert_rejected(
		lambda: bundle(setup.big_kit, [(setup.big_kit, 1)]),
		f"Product Bundle {setup.big_kit} cannot contain itself",
	)
	assert not frappe.db.exists("Product Bundle", setup.big_kit)

	bundle(setup.big_kit, [(setup.kit, 1)])
	kit = frappe.get_doc("Product Bundle", setup.kit)
	kit.append("items", {"item_code": setup.big_kit, "qty": 1})
	error = assert_rejected(kit.save, "cannot contain itself")
	assert f"{setup.kit} → {setup.big_kit} → {setup.kit}" in str(error)
	stored = frappe.get_all("Product Bundle Item", filters={"parent": setup.kit}, pluck="item_code")
	assert sorted(stored) == sorted([setup.a, setup.c])


def test_a_component_needs_a_positive_quantity(setup):
	assert_rejected(lambda: bundle(setup.big_kit, [(setup.a, 0)]), "must be greater than 0")


def test_headings_and_subtotals_pack_nothing_and_weigh_nothing(setup):
	frappe.db.set_value("Item", setup.a, {"weight_per_unit": 1.5, "weight_uom": "Kg"})
	order = transaction("Sales Order", setup, [])
	order.append("items", {"line_type": "Section", "item_name": "Lot 1 : kits"})
	order.append("items", {"item_code": setup.kit, "qty": 2})
	order.append("items", {"item_code": setup.a, "qty": 3})
	order.append("items", {"line_type": "Subtotal", "item_name": "Sous-total lot 1"})
	order.insert()
	assert packed(order) == [(setup.kit, setup.a, 4.0), (setup.kit, setup.c, 6.0)]
	# the kit has no weight of its own: 2 kits weigh their 4 x A (C has no weight) = 6 kg, plus 3 x A
	assert [(row.weight_per_unit, row.total_weight) for row in order.items[1:3]] == [(3.0, 6.0), (1.5, 4.5)]
	assert order.total_net_weight == 10.5
	assert order.packed_items[0].parent_detail_docname == order.items[1].name
