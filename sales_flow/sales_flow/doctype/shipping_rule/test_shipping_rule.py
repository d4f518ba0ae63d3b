"""Shipping rules: fixed, by net total, by net weight; the one charge row they keep in the taxes,
taxed as the template says; ranges that overlap and countries not shipped to refused."""

import frappe
import pytest
from frappe.utils import flt

from sales_flow.controllers.shipping import get_shipping_taxes
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice
from tests.sales_setup import SalesSetup, transaction
from tests.support import assert_rejected


@pytest.fixture
def setup():
	builder = SalesSetup()
	setup = builder.build()
	setup.heavy = builder.item("TEST-HEAVY", 20, 40.0, setup.price_list)
	frappe.db.set_value("Item", setup.heavy, {"weight_per_unit": 2.5, "weight_uom": "Kg"})
	return setup


def rule(label: str, based_on: str = "Fixed", amount: float = 0, ranges=(), countries=(), **values):
	return frappe.get_doc(
		{
			"doctype": "Shipping Rule",
			"label": label,
			"calculate_based_on": based_on,
			"shipping_amount": amount,
			"conditions": [{"from_value": f, "to_value": t, "shipping_amount": a} for f, t, a in ranges],
			"countries": [{"country": c} for c in countries],
			**values,
		}
	).insert()


def charge_rows(doc) -> list[tuple[str, float]]:
	return [(row.description, flt(row.tax_amount)) for row in doc.taxes if row.shipping_rule]


def test_a_fixed_charge_is_one_row_kept_updated_and_removed_with_the_rule(setup):
	rule("Test Port Forfait", amount=15)
	order = transaction("Sales Order", setup, [(setup.a, 1)], shipping_rule="Test Port Forfait").insert()
	assert charge_rows(order) == [("Test Port Forfait", 15.0)]
	assert order.taxes[-1].charge_type == "Actual" and order.taxes[-1].account_head == "Test Port Forfait"
	assert order.net_total == 100.0 and order.total_taxes_and_charges == 35.0 and order.grand_total == 135.0

	order.items[0].qty = 2
	order.save()
	order.save()
	assert charge_rows(order) == [("Test Port Forfait", 15.0)]  # still one row, never a second
	assert order.grand_total == 255.0

	order.shipping_rule = None
	order.save()
	assert charge_rows(order) == [] and len(order.taxes) == 3
	assert order.grand_total == 240.0


def test_net_total_ranges(setup):
	rule("Test Port Montant", "Net Total", ranges=[(0, 100, 10), (100, 500, 5), (500, 0, 0)])
	expected = [([(setup.c, 7)], 26.53, 10.0), ([(setup.a, 1)], 100.0, 5.0), ([(setup.a, 5)], 500.0, 0.0)]
	for lines, net_total, charge in expected:
		doc = transaction("Quotation", setup, lines, shipping_rule="Test Port Montant").insert()
		assert (doc.net_total, charge_rows(doc)) == (net_total, [("Test Port Montant", charge)])
		vat = sum(flt(row.tax_amount) for row in doc.taxes if not row.shipping_rule)
		assert doc.grand_total == flt(net_total + vat + charge, 2)


def test_net_weight_ranges_and_weights_of_the_lines(setup):
	rule("Test Port Poids", "Net Weight", ranges=[(0, 10, 8.9), (10, 0, 19.9)])
	invoice = transaction(
		"Sales Invoice", setup, [(setup.heavy, 3), (setup.a, 1)], shipping_rule="Test Port Poids"
	)
	invoice.insert()
	assert [(row.weight_per_unit, row.weight_uom, row.total_weight) for row in invoice.items] == [
		(2.5, "Kg", 7.5),
		(0.0, None, 0.0),
	]
	assert invoice.total_net_weight == 7.5
	assert charge_rows(invoice) == [("Test Port Poids", 8.9)]
	assert invoice.grand_total == 272.9  # 120 + 100 net, 24 + 20 VAT, 8.90

	invoice.items[0].qty = 4  # 10 kg: the second range starts at 10 included
	invoice.save()
	assert invoice.total_net_weight == 10.0
	assert charge_rows(invoice) == [("Test Port Poids", 19.9)]
	assert invoice.grand_total == 331.9  # 260 net, 52 VAT, 19.90


def test_the_charge_is_taxed_as_the_template_says(setup):
	"""A template holding the shipping row first, VAT rows on the running total: the charge is
	taxed at each line's rate, spread by net amount (the French rule for incidental costs)."""
	template = frappe.get_doc(
		{
			"doctype": "Sales Taxes and Charges Template",
			"title": "Test TVA avec port",
			"company": setup.company,
			"taxes": [
				{
					"charge_type": "Actual",
					"account_head": "7085 Ports",
					"description": "Port",
					"tax_amount": 0,
				},
				{
					"charge_type": "On Previous Row Total",
					"row_id": "1",
					"account_head": "TVA 20",
					"description": "TVA 20 %",
					"rate": 20,
				},
				{
					"charge_type": "On Previous Row Total",
					"row_id": "1",
					"account_head": "TVA 10",
					"description": "TVA 10 %",
					"rate": 10,
				},
			],
		}
	).insert()
	rule("Test Port Taxé", amount=21.1, account_head="7085 Ports")
	order = transaction(
		"Sales Order",
		setup,
		[(setup.a, 1), (setup.b, 2)],
		taxes_and_charges=template.name,
		shipping_rule="Test Port Taxé",
	).insert()
	assert [(row.description, row.tax_amount) for row in order.taxes] == [
		("Test Port Taxé", 21.1),  # the template's row, filled by the rule
		("TVA 20 %", 22.0),  # (100 + 10.00 of the charge) x 20 %
		("TVA 10 %", 12.21),  # (111 + 11.10 of the charge) x 10 %
	]
	assert order.net_total == 211.0 and order.grand_total == 266.31

	order.submit()
	invoice = make_sales_invoice(order.name).insert()  # the mapper carries the rule and its row
	assert invoice.shipping_rule == "Test Port Taxé" and charge_rows(invoice) == [("Test Port Taxé", 21.1)]
	assert invoice.grand_total == 266.31

	invoice.shipping_rule = None  # the VAT rows are computed on the charge row: it stays, at zero
	invoice.save()
	assert [(row.charge_type, row.tax_amount, row.shipping_rule) for row in invoice.taxes] == [
		("Actual", 0.0, None),
		("On Previous Row Total", 20.0, None),
		("On Previous Row Total", 11.1, None),
	]
	assert invoice.grand_total == 242.1


def test_overlapping_ranges_are_refused_and_nothing_is_written(setup):
	assert_rejected(
		lambda: rule("Test Port Chevauche", "Net Total", ranges=[(0, 100, 10), (200, 0, 0), (50, 150, 5)]),
		"Condition rows 1 and 3 overlap",
	)
	assert not frappe.db.exists("Shipping Rule", "Test Port Chevauche")
	assert_rejected(
		lambda: rule("Test Port Chevauche", "Net Total", ranges=[(0, 100, 10), (100, 0, 0), (300, 400, 5)]),
		"overlap",  # an open-ended range covers everything above it
	)
	assert_rejected(
		lambda: rule("Test Port Chevauche", "Net Total", ranges=[(100, 50, 10)]), "must be greater"
	)
	assert_rejected(lambda: rule("Test Port Chevauche", "Net Weight"), "at least one condition")
	assert not frappe.db.exists("Shipping Rule", "Test Port Chevauche")


def address(setup, country: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": f"Test {country}",
				"address_type": "Shipping",
				"address_line1": "1 rue du Test",
				"city": "Lille",
				"country": country,
				"links": [{"link_doctype": "Customer", "link_name": setup.customer}],
			}
		)
		.insert()
		.name
	)


def test_a_rule_limited_to_countries_refuses_a_document_shipped_elsewhere(setup):
	rule("Test Port France", amount=9.9, countries=["France"])
	belgium, france = address(setup, "Belgium"), address(setup, "France")
	order = transaction(
		"Sales Order", setup, [(setup.a, 1)], shipping_rule="Test Port France", shipping_address_name=belgium
	)
	assert_rejected(order.insert, "Shipping Rule Test Port France does not ship to Belgium (only to France)")
	assert not frappe.db.exists("Sales Order", {"shipping_address_name": belgium})
	order.shipping_address_name = france
	order.shipping_address = None
	order.insert()
	assert charge_rows(order) == [("Test Port France", 9.9)]


def test_a_disabled_rule_is_refused(setup):
	rule("Test Port Arrêté", amount=5, disabled=1)
	order = transaction("Sales Order", setup, [(setup.a, 1)], shipping_rule="Test Port Arrêté")
	assert_rejected(order.insert, "Shipping Rule Test Port Arrêté is disabled")


def test_a_credit_note_takes_no_shipping_charge(setup):
	"""Charge rows cannot be negative: the rule's row is not carried onto a credit note."""
	rule("Test Port Remboursé", amount=12)
	invoice = transaction(
		"Sales Invoice", setup, [(setup.a, 2)], shipping_rule="Test Port Remboursé"
	).insert()
	invoice.submit()
	assert charge_rows(invoice) == [("Test Port Remboursé", 12.0)] and invoice.grand_total == 252.0
	credit_note = make_sales_return(invoice.name)
	credit_note.items[0].qty = -1
	credit_note.insert()
	assert (credit_note.shipping_rule, charge_rows(credit_note)) == (None, [])
	assert credit_note.grand_total == -120.0


def test_the_form_gets_the_charge_before_saving(setup):
	rule("Test Port Formulaire", amount=7.5)
	draft = transaction("Quotation", setup, [(setup.a, 1)]).insert()
	draft.shipping_rule = "Test Port Formulaire"
	answer = get_shipping_taxes(draft.as_dict())
	assert [(row["description"], row["tax_amount"]) for row in answer["taxes"]][-1] == (
		"Test Port Formulaire",
		7.5,
	)
	assert answer["taxes"][-1]["shipping_rule"] == "Test Port Formulaire"
	assert frappe.db.get_value("Quotation", draft.name, "shipping_rule") is None  # nothing saved


def test_a_rule_of_another_company_and_a_country_listed_twice_are_refused(setup):
	other = frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": "Test Autre SARL",
			"abbr": "TAS",
			"default_currency": "EUR",
			"country": "France",
		}
	).insert()
	rule("Test Port Autre", amount=5, company=other.name)
	order = transaction("Sales Order", setup, [(setup.a, 1)], shipping_rule="Test Port Autre")
	assert_rejected(
		order.insert, f"Shipping Rule Test Port Autre belongs to company Test Autre SARL, not {setup.company}"
	)
	assert_rejected(
		lambda: rule("Test Port Double", amount=5, countries=["France", "France"]), "listed twice"
	)
