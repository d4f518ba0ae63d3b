"""Quotation lines (issue #4, items 6 and 7): sections, subtotals, alternatives, display order through
mapping, and quotation templates applied in append and replace modes, on a real site."""

import os

import frappe
import pytest
import requests
from frappe.utils import add_days, flt, nowdate
from frappe.utils.password import update_password

from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_invoice as quotation_to_invoice
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from sales_flow.sales_flow.doctype.quotation_template.quotation_template import (
	apply_quotation_template,
	make_quotation_from_template,
)
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import (
	make_delivery_note,
	make_down_payment_invoice,
	make_sales_invoice,
)
from tests.sales_setup import sales_setup, transaction
from tests.support import assert_rejected, committed_cleanup, make_user


@pytest.fixture
def setup():
	return sales_setup()


def section(title: str) -> tuple:
	return (None, None, {"line_type": "Section", "item_name": title})


def subtotal(label: str = "Sous-total") -> tuple:
	return (None, None, {"line_type": "Subtotal", "item_name": label})


def layout(doc) -> list[tuple]:
	"""What the document shows, in order: (kind, item or heading, qty, amount)."""
	return [
		(row.line_type, row.item_code or row.item_name, flt(row.qty), flt(row.amount))
		for row in sorted(doc.items, key=lambda r: r.idx)
	]


def sectioned_quotation(setup, **values):
	"""Matériel: 3 A at 100 less 10 % = 270; Consommables: 2 B at 55.5 = 111, and 7 C at 3.79 as an
	alternative (26.53, out of the totals)."""
	return transaction(
		"Quotation",
		setup,
		[
			section("Matériel"),
			(setup.a, 3, {"discount_percentage": 10}),
			subtotal(),
			section("Consommables"),
			(setup.b, 2),
			(setup.c, 7, {"is_alternative": 1}),
			subtotal(),
		],
		**values,
	)


# --- totals ------------------------------------------------------------------------------------


def test_sections_subtotals_and_alternatives_stay_out_of_the_totals_and_taxes(setup):
	quotation = sectioned_quotation(setup).insert()
	quotation.reload()
	assert layout(quotation) == [
		("Section", "Matériel", 0, 0),
		("Item", setup.a, 3, 270),
		("Subtotal", "Sous-total", 0, 270),
		("Section", "Consommables", 0, 0),
		("Item", setup.b, 2, 111),
		("Item", setup.c, 7, 26.53),
		("Subtotal", "Sous-total", 0, 111),
	]
	assert quotation.total_qty == 5
	assert (quotation.total, quotation.net_total) == (381, 381)
	# 20 % of 270 and 10 % of 111; the alternative's 5.5 % is not charged
	assert [t.tax_amount for t in quotation.taxes] == [54, 11.1, 0]
	assert quotation.grand_total == 446.1
	assert sum(flt(row.net_amount) for row in quotation.items if not row.is_alternative) == 381
	assert [flt(row.net_amount) for row in quotation.items if row.line_type != "Item"] == [0, 0, 0, 0]


def test_a_document_discount_is_not_spread_onto_headings_or_alternatives(setup):
	quotation = sectioned_quotation(setup, apply_discount_on="Net Total", additional_discount_percentage=10)
	quotation.insert()
	assert quotation.discount_amount == 38.1
	assert quotation.net_total == 342.9
	alternative = next(row for row in quotation.items if row.is_alternative)
	assert (alternative.amount, alternative.net_amount) == (26.53, 26.53)
	assert quotation.grand_total == round(342.9 + 48.6 + 9.99, 2)


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"bad_row, message",
	[
		({"line_type": "Subtotal", "qty": 2}, "a Subtotal row holds only its text, not: Quantity"),
		({"line_type": "Subtotal", "rate": 5}, "not: Rate"),
		({"line_type": "Section", "item_name": "Options", "item_code": "{a}"}, "not: Item"),
		({"line_type": "Section"}, "needs its heading"),
		({"line_type": "Section", "item_name": "X", "is_alternative": 1}, "not: Is Alternative"),
	],
)
def test_a_heading_or_subtotal_row_with_an_item_quantity_or_price_is_refused_and_nothing_written(
	setup, bad_row, message
):
	bad_row = {k: v.format(a=setup.a) if isinstance(v, str) else v for k, v in bad_row.items()}
	before = frappe.db.count("Quotation")
	quotation = transaction("Quotation", setup, [(setup.a, 1), (None, None, bad_row)])
	assert_rejected(quotation.insert, message)
	assert frappe.db.count("Quotation") == before


def test_an_item_row_still_needs_its_item_and_a_quotation_of_options_only_is_refused(setup):
	assert_rejected(transaction("Quotation", setup, [section("A"), (None, 1)]).insert, "Item is mandatory")
	only_options = transaction("Quotation", setup, [section("A"), (setup.a, 1, {"is_alternative": 1})])
	assert_rejected(only_options.insert, "Add at least one item")


def test_a_line_sent_without_quantity_still_sells_one(setup):
	quotation = transaction("Quotation", setup, [(setup.a, None), section("Fin")]).insert()
	assert [flt(row.qty) for row in quotation.items] == [1, 0]


# --- order and mapping -------------------------------------------------------------------------


def test_reordered_lines_keep_their_order_through_save_order_and_invoice(setup):
	quotation = sectioned_quotation(setup).insert()
	# the grid's drag and drop renumbers idx: move the Consommables block first
	rows = sorted(quotation.items, key=lambda r: r.idx)
	for n, row in enumerate(rows[3:] + rows[:3], start=1):
		row.idx = n
	quotation.save()
	quotation.reload()
	expected = [
		("Section", "Consommables"),
		("Item", setup.b),
		("Item", setup.c),
		("Subtotal", "Sous-total"),
		("Section", "Matériel"),
		("Item", setup.a),
		("Subtotal", "Sous-total"),
	]
	assert [(kind, what) for kind, what, *_ in layout(quotation)] == expected
	quotation.submit()

	order = make_sales_order(quotation.name)
	# the unchosen alternative is not ordered; everything else in the quotation's order
	assert layout(order) == [
		("Section", "Consommables", 0, 0),
		("Item", setup.b, 2, 111),
		("Subtotal", "Sous-total", 0, 111),
		("Section", "Matériel", 0, 0),
		("Item", setup.a, 3, 270),
		("Subtotal", "Sous-total", 0, 270),
	]
	order.delivery_date = add_days(nowdate(), 5)
	order.insert()
	order.submit()
	assert order.grand_total == 446.1
	assert [row.quotation_item for row in order.items if row.line_type != "Item"] == [None] * 4
	quotation.reload()
	assert (quotation.per_ordered, quotation.status) == (100, "Ordered")

	invoice = make_sales_invoice(order.name)
	assert [(kind, what) for kind, what, *_ in layout(invoice)] == [
		e for e in expected if e != ("Item", setup.c)
	]
	invoice.insert()
	invoice.submit()
	assert invoice.grand_total == 446.1
	order.reload()
	assert order.per_billed == 100
	delivery = make_delivery_note(order.name)
	assert [row.line_type for row in delivery.items] == ["Section", "Item", "Subtotal"] * 2


def test_a_partial_order_drops_the_sections_whose_lines_are_all_taken(setup):
	quotation = sectioned_quotation(setup).insert()
	quotation.submit()
	first = make_sales_order(quotation.name)
	first.items = [row for row in first.items if row.idx <= 3]  # the customer orders the Matériel only
	first.delivery_date = add_days(nowdate(), 5)
	first.insert()
	first.submit()
	assert first.grand_total == 324
	quotation.reload()
	assert (round(quotation.per_ordered, 2), quotation.status) == (60, "Partially Ordered")

	rest = make_sales_order(quotation.name)
	assert layout(rest) == [
		("Section", "Consommables", 0, 0),
		("Item", setup.b, 2, 111),
		("Subtotal", "Sous-total", 0, 111),
	]
	assert [row.idx for row in rest.items] == [1, 2, 3]


def test_an_alternative_the_customer_chose_is_ordered_in_its_place(setup):
	quotation = sectioned_quotation(setup).insert()
	quotation.submit()
	alternative = next(row for row in quotation.items if row.is_alternative)
	order = make_sales_order(quotation.name, chosen_alternatives=frappe.as_json([alternative.name]))
	assert [what for _kind, what, *_ in layout(order)] == [
		"Matériel",
		setup.a,
		"Sous-total",
		"Consommables",
		setup.b,
		setup.c,
		"Sous-total",
	]
	order.delivery_date = add_days(nowdate(), 5)
	order.insert()
	# now an ordinary line: in the subtotal, the total and the VAT (5.5 % of 26.53 = 1.46)
	assert [flt(row.amount) for row in order.items if row.line_type == "Subtotal"] == [270, 137.53]
	assert order.total == 407.53
	assert order.grand_total == 446.1 + 26.53 + 1.46
	order.submit()
	quotation.reload()
	assert quotation.per_ordered == 100


def test_a_quotation_with_sections_invoiced_directly(setup):
	quotation = sectioned_quotation(setup).insert()
	quotation.submit()
	invoice = quotation_to_invoice(quotation.name)
	assert [row.line_type for row in invoice.items] == [
		"Section",
		"Item",
		"Subtotal",
		"Section",
		"Item",
		"Subtotal",
	]
	invoice.insert()
	assert invoice.grand_total == 446.1


def test_a_down_payment_and_a_credit_note_of_a_sectioned_order_take_only_its_item_lines(setup):
	order = transaction(
		"Sales Order",
		setup,
		[
			section("Matériel"),
			(setup.a, 3, {"discount_percentage": 10}),
			subtotal(),
			(setup.b, 2),
			subtotal(),
		],
	).insert()
	assert [flt(row.amount) for row in order.items] == [0, 270, 270, 111, 111]
	order.submit()
	down_payment = make_down_payment_invoice(order.name, 30)
	assert [row.item_code for row in down_payment.items] == [setup.a, setup.b]
	assert down_payment.total == 114.3  # 30 % of 270 and of 111, the subtotals not billed again
	invoice = make_sales_invoice(order.name).insert()
	invoice.submit()
	assert invoice.grand_total == 446.1
	credit_note = make_sales_return(invoice.name)
	assert [row.item_code for row in credit_note.items] == [setup.a, setup.b]
	credit_note.insert()
	assert credit_note.grand_total == -446.1


# --- templates ---------------------------------------------------------------------------------


def make_template(setup, pricing: str = "Fixed prices", **values):
	"""Installation: 2 A at 80 less 10 % (fixed: 144); Options: 1 B at 50 and C as an alternative."""
	return frappe.get_doc(
		{
			"doctype": "Quotation Template",
			"template_name": f"Test Modèle {frappe.generate_hash(length=8)}",
			"pricing": pricing,
			"validity_days": 45,
			"terms": "<p>Paiement à 30 jours.</p>",
			"items": [
				{"line_type": "Section", "item_name": "Installation"},
				{"item_code": setup.a, "qty": 2, "rate": 80, "discount_percentage": 10},
				{"line_type": "Subtotal", "item_name": "Sous-total installation"},
				{"line_type": "Section", "item_name": "Options"},
				{"item_code": setup.b, "qty": 1, "rate": 50},
				{"item_code": setup.c, "qty": 4, "rate": 3, "is_alternative": 1},
			],
			**values,
		}
	).insert()


def test_a_template_appended_to_a_draft_keeps_its_lines_and_fixed_prices(setup):
	template = make_template(setup)
	quotation = transaction("Quotation", setup, [(setup.c, 10)]).insert()
	result = apply_quotation_template(quotation.name, template.name, "append")
	quotation.reload()
	assert result["name"] == quotation.name
	assert layout(quotation) == [
		("Item", setup.c, 10, 37.9),
		("Section", "Installation", 0, 0),
		("Item", setup.a, 2, 144),
		("Subtotal", "Sous-total installation", 0, 144),
		("Section", "Options", 0, 0),
		("Item", setup.b, 1, 50),
		("Item", setup.c, 4, 12),
	]
	assert [row.is_alternative for row in quotation.items] == [0, 0, 0, 0, 0, 0, 1]
	assert quotation.total == 37.9 + 144 + 50
	assert quotation.quotation_template == template.name
	assert quotation.valid_till == add_days(quotation.transaction_date, 45)
	assert "30 jours" in quotation.terms


def test_a_template_replacing_the_lines_reprices_them_from_the_price_list(setup):
	template = make_template(setup, pricing="Price list prices")
	quotation = transaction("Quotation", setup, [(setup.c, 10)]).insert()
	apply_quotation_template(quotation.name, template.name, "replace")
	quotation.reload()
	# list prices: A 100 less the template's 10 % = 90; B 55.5; C 3.79
	assert layout(quotation) == [
		("Section", "Installation", 0, 0),
		("Item", setup.a, 2, 180),
		("Subtotal", "Sous-total installation", 0, 180),
		("Section", "Options", 0, 0),
		("Item", setup.b, 1, 55.5),
		("Item", setup.c, 4, 15.16),
	]
	assert quotation.total == 235.5
	assert quotation.grand_total == 235.5 + 36 + 5.55


def test_applying_a_template_in_the_form_returns_the_draft_unsaved(setup):
	template = make_template(setup)
	quotation = transaction("Quotation", setup, [(setup.c, 10)]).insert()
	modified = frappe.db.get_value("Quotation", quotation.name, "modified")
	result = apply_quotation_template(frappe.as_json(quotation.as_dict()), template.name, "replace")
	assert [row["line_type"] for row in result["items"]] == [
		"Section",
		"Item",
		"Subtotal",
		"Section",
		"Item",
		"Item",
	]
	assert result["total"] == 194
	assert frappe.db.get_value("Quotation", quotation.name, "modified") == modified
	assert frappe.db.count("Quotation Item", {"parent": quotation.name}) == 1


def test_a_template_is_refused_on_a_submitted_quotation_and_changes_nothing(setup):
	template = make_template(setup)
	quotation = transaction("Quotation", setup, [(setup.c, 10)]).insert()
	quotation.submit()
	for form in (quotation.name, frappe.as_json(quotation.as_dict())):
		assert_rejected(
			lambda form=form: apply_quotation_template(form, template.name, "append"),
			"applies only to a draft quotation",
		)
	assert frappe.db.count("Quotation Item", {"parent": quotation.name}) == 1
	assert_rejected(
		lambda: apply_quotation_template(
			transaction("Quotation", setup, [(setup.c, 1)]).insert().name, template.name, "merge"
		),
		"append or replace",
	)


def test_a_disabled_template_or_another_company_s_is_refused(setup):
	template = make_template(setup, disabled=1)
	quotation = transaction("Quotation", setup, [(setup.c, 10)]).insert()
	assert_rejected(lambda: apply_quotation_template(quotation.name, template.name), "is disabled")


def test_a_new_quotation_from_a_template_in_one_click_from_the_customer(setup):
	template = make_template(setup)
	draft = make_quotation_from_template(setup.customer, template.name)
	assert draft["party_name"] == setup.customer and draft["quotation_to"] == "Customer"
	assert draft["__islocal"] and not frappe.db.exists("Quotation", {"quotation_template": template.name})
	assert draft["valid_till"] == add_days(nowdate(), 45)
	assert draft["total"] == 194
	quotation = frappe.get_doc(draft).insert()
	# the test company has no default tax template: no VAT on this draft
	assert quotation.grand_total == 194
	assert [row.line_type for row in quotation.items][:3] == ["Section", "Item", "Subtotal"]


# --- over REST, as a sales rep -----------------------------------------------------------------


@pytest.mark.commits
def test_a_sales_rep_builds_a_sectioned_quotation_from_a_template_over_rest():
	url = os.environ["SF_TEST_URL"]
	with committed_cleanup() as cleanup:
		tag = frappe.generate_hash(length=6)
		setup = sales_setup(tag=tag)
		cleanup += setup.created
		email = make_user(["Sales User"], email=f"lines-{tag}@test.sales-flow.fr")
		update_password(email, "Lines-Passw0rd!")
		cleanup.append(("User", email))
		template = make_template(setup, company=setup.company)
		cleanup.append(("Quotation Template", template.name))
		frappe.db.commit()
		http = requests.Session()
		assert http.post(f"{url}/api/method/login", data={"usr": email, "pwd": "Lines-Passw0rd!"}).ok

		body = {
			"quotation_to": "Customer",
			"party_name": setup.customer,
			"company": setup.company,
			"taxes_and_charges": setup.ht,
			"items": [{"line_type": "Section", "item_name": "Divers"}, {"item_code": setup.c, "qty": 10}],
		}
		bad = {**body, "items": [*body["items"], {"line_type": "Subtotal", "qty": 2}]}
		refused = http.post(f"{url}/api/resource/Quotation", json=bad)
		assert refused.status_code == 417 and "holds only its text" in refused.text
		assert not frappe.db.exists("Quotation", {"party_name": setup.customer})

		created = http.post(f"{url}/api/resource/Quotation", json=body)
		assert created.ok, created.text
		draft = created.json()["data"]
		cleanup.append(("Quotation", draft["name"]))
		assert [(r["line_type"], r["qty"]) for r in draft["items"]] == [("Section", 0), ("Item", 10)]

		applied = http.post(
			f"{url}/api/method/sales_flow.sales_flow.doctype.quotation_template.quotation_template.apply_quotation_template",
			json={"quotation": draft, "template": template.name, "mode": "append"},
		)
		assert applied.ok, applied.text
		form = applied.json()["message"]
		assert [r["item_name"] for r in form["items"]][:4] == ["Divers", setup.c, "Installation", setup.a]
		assert form["total"] == 37.9 + 144 + 50
		saved = http.put(f"{url}/api/resource/Quotation/{draft['name']}", json=form)
		assert saved.ok, saved.text
		assert saved.json()["data"]["grand_total"] == round(37.9 * 1.055 + 144 * 1.2 + 50 * 1.1, 2)
