"""The standard print formats, printed to PDF through Frappe's own path and read back as text.

Each document is printed the way the desk prints it: in the document's language (French here, while
the test user speaks English), with wkhtmltopdf. Amounts are read in the site's French number format.
"""

import io
import re

import frappe
from frappe.translate import print_language
from frappe.utils import add_days, formatdate, nowdate
from pypdf import PdfReader

from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import (
	make_delivery_note,
	make_down_payment_invoice,
	make_sales_invoice,
)
from tests.printing import SIREN, assets_url_fixture, reachable_site_fixture, setup_fixture  # noqa: F401
from tests.sales_setup import submitted, transaction

PRINT_FORMATS = {
	"Quotation": "Devis",
	"Sales Order": "Commande client",
	"Sales Invoice": "Facture",
	"Delivery Note": "Bon de livraison",
	"Payment Entry": "Reçu de paiement",
}


def printed(doc, print_format: str | None = None) -> str:
	"""The PDF's text, printed in the document's language, whitespace collapsed to single spaces."""
	doc.reload()
	with print_language(doc.get("language") or "fr"):
		pdf = frappe.get_print(doc.doctype, doc.name, print_format, as_pdf=True)
	assert pdf.startswith(b"%PDF")
	text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
	return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


def date(value) -> str:
	return formatdate(value)


def company_block_is_printed(text: str) -> None:
	assert "Test Cycle SARL" in text
	assert "3 place Bellecour 69002 Lyon" in text
	assert "SARL au capital de 8 000 €" in text
	assert f"SIREN {SIREN}" in text
	assert f"SIRET {SIREN}00013" in text
	assert "RCS Lyon B 552 100 554" in text
	assert f"N° TVA intracommunautaire FR96{SIREN}" in text


# --- the records ---------------------------------------------------------------------------------


def test_the_print_formats_are_standard_jinja_and_each_doctypes_default():
	for doctype, name in PRINT_FORMATS.items():
		print_format = frappe.get_doc("Print Format", name)
		assert (print_format.doc_type, print_format.module, print_format.standard) == (
			doctype,
			"Sales Flow",
			"Yes",
		)
		assert (print_format.print_format_type, print_format.custom_format) == ("Jinja", 1)
		assert not print_format.disabled
		# all of them render the shared template: nothing is copied per format
		assert "sales_flow/templates/print/sales_document.html" in print_format.html
		assert frappe.get_meta(doctype).default_print_format == name


# --- quotation -----------------------------------------------------------------------------------


def test_a_quotation_prints_its_lines_the_vat_by_rate_and_the_totals(setup):
	quotation = submitted(
		transaction(
			"Quotation",
			setup,
			[(setup.a, 3, {"discount_percentage": 10}), (setup.b, 2), (setup.c, 7)],
			apply_discount_on="Net Total",
			additional_discount_percentage=5,
		)
	)
	assert quotation.language == "fr" and frappe.local.lang == "en"
	# no format named: the DocType's default print format
	text = printed(quotation)

	company_block_is_printed(text)
	assert "DEVIS" in text
	assert f"N° {quotation.name}" in text
	assert f"Date {date(quotation.transaction_date)}" in text
	assert f"Valable jusqu'au {date(quotation.valid_till)}" in text
	assert "CLIENT Test Client Dupont" in text
	# lines: quantity, unit, unit price before the line discount, discount, VAT rate, amount
	assert f"{setup.a} 3 Unité 100,00 10 % 20 % 270,00" in text
	assert f"{setup.b} 2 Unité 55,50 10 % 111,00" in text
	assert f"{setup.c} 7 Unité 3,79 5,5 % 26,53" in text
	# VAT by rate: the taxable base of each rate after the document discount, and its VAT
	assert "Taux de TVA Base HT Montant TVA" in text
	assert "20 % 256,50 € 51,30 €" in text
	assert "10 % 105,45 € 10,55 €" in text
	assert "5,5 % 25,20 € 1,39 €" in text
	# totals
	assert "Total HT avant remise 407,53 €" in text
	assert "Remise (5 %) -20,38 €" in text
	assert "Total HT 387,15 €" in text
	assert "Total TVA 63,24 €" in text
	assert "Total TTC 450,39 €" in text
	assert "En toutes lettres : " in text and "quatre cent cinquante" in text.lower()
	assert "Bon pour accord" in text
	# an invoice's payment mentions are not a quotation's
	assert "escompte" not in text


def test_the_print_follows_the_document_language(setup):
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 2)], language="en"))
	text = printed(quotation, "Devis")
	assert "QUOTATION" in text and "DEVIS" not in text
	assert f"Valid Till {date(quotation.valid_till)}" in text
	assert "Grand Total 240,00 €" in text
	assert "VAT No. FR96" in text


def test_one_tax_row_holding_several_rates_is_split_by_rate(setup):
	"""A single VAT account whose rate each item's VAT class sets: still one line per rate."""
	single = {}
	for rate in (10, 5.5):
		title = f"Test single account VAT {rate}"
		frappe.get_doc(
			{"doctype": "Item Tax Template", "title": title, "taxes": [{"tax_type": "TVA", "tax_rate": rate}]}
		).insert()
		single[rate] = title
	classes = {setup.a: None, setup.b: single[10], setup.c: single[5.5]}
	order = transaction(
		"Sales Order",
		setup,
		[(setup.a, 3), (setup.b, 2), (setup.c, 7)],
		taxes_and_charges=None,
		taxes=[{"charge_type": "On Net Total", "account_head": "TVA", "description": "TVA", "rate": 20}],
	)
	for row in order.items:
		row.item_tax_template = classes[row.item_code]
	submitted(order)
	assert len(order.taxes) == 1 and order.total_taxes_and_charges == 72.56

	text = printed(order, "Commande client")
	assert "CONFIRMATION DE COMMANDE" in text
	assert f"Date de livraison {date(order.delivery_date)}" in text
	assert "20 % 300,00 € 60,00 €" in text
	assert "10 % 111,00 € 11,10 €" in text
	# the row's rounding cent goes to its last rate, so that the breakdown adds up to the row
	assert "5,5 % 26,53 € 1,46 €" in text
	assert "Total TVA 72,56 €" in text
	assert "Total TTC 510,09 €" in text


# --- invoices ------------------------------------------------------------------------------------


def test_an_invoice_carries_the_french_legal_mentions(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 2), (setup.c, 10)], po_no="PO-77"))
	invoice = make_sales_invoice(order.name)
	invoice.due_date = add_days(nowdate(), 30)
	submitted(invoice)
	text = printed(invoice, "Facture")

	company_block_is_printed(text)
	assert "FACTURE" in text and "AVOIR" not in text and "ACOMPTE" not in text
	assert f"N° {invoice.name}" in text
	assert f"Échéance {date(invoice.due_date)}" in text
	assert "Votre référence PO-77" in text
	assert f"Commande N° {order.name}" in text
	assert "20 % 200,00 € 40,00 €" in text
	assert "5,5 % 37,90 € 2,08 €" in text
	assert "Total TTC 279,98 €" in text
	# Code de commerce L441-9 and L441-10: due date, penalty rate, 40 € indemnity, no discount
	assert f"Date d'échéance du paiement : {date(invoice.due_date)}." in text
	assert "pénalités au taux annuel de 12,5 % sont exigibles" in text
	assert "indemnité forfaitaire de 40 € pour frais de recouvrement" in text
	assert "Pas d'escompte pour paiement anticipé." in text
	assert "Coordonnées bancaires : IBAN FR76 3000 6000 0112 3456 7890 189" in text


def test_a_credit_note_prints_as_an_avoir_on_its_invoice(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 5)]))
	invoice = submitted(make_sales_invoice(order.name))
	credit = make_sales_return(invoice.name)
	credit.items[0].qty = -2
	submitted(credit)
	text = printed(credit)

	assert "AVOIR" in text and "FACTURE" not in text
	assert f"Avoir sur facture N° {invoice.name} du {date(invoice.posting_date)}" in text
	assert f"N° {credit.name}" in text
	assert "20 % -200,00 € -40,00 €" in text
	assert "Total TTC -240,00 €" in text
	# nothing to pay on a credit note: no payment terms
	assert "Échéance" not in text and "escompte" not in text


def test_a_down_payment_invoice_then_its_deduction_on_the_final_invoice(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 10), (setup.c, 10)]))
	down = submitted(make_down_payment_invoice(order.name, 30))
	text = printed(down)
	assert "FACTURE D'ACOMPTE" in text
	assert f"Acompte sur la commande N° {order.name}" in text
	assert "20 % 300,00 € 60,00 €" in text
	assert "5,5 % 11,37 € 0,63 €" in text
	assert "Total TTC 372,00 €" in text
	submitted(get_payment_entry("Sales Invoice", down.name))

	final = submitted(make_sales_invoice(order.name))
	text = printed(final)
	assert "FACTURE" in text and "FACTURE D'ACOMPTE" not in text
	assert "Total TTC 1 239,98 €" in text
	assert f"Facture d'acompte {down.name} -372,00 €" in text
	assert "Net à payer 867,98 €" in text


# --- delivery and payment ------------------------------------------------------------------------


def address(setup, title: str, line: str, shipping: int = 0) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": title,
				"address_type": "Shipping" if shipping else "Billing",
				"address_line1": line,
				"pincode": "38000",
				"city": "Grenoble",
				"country": "France",
				"is_shipping_address": shipping,
				"links": [{"link_doctype": "Customer", "link_name": setup.customer}],
			}
		)
		.insert()
		.name
	)


def test_a_delivery_note_prints_quantities_and_the_delivery_address(setup):
	billing = address(setup, "Siège", "1 rue des Factures")
	shipping = address(setup, "Entrepôt", "9 chemin des Quais", shipping=1)
	order = submitted(
		transaction(
			"Sales Order",
			setup,
			[(setup.a, 4), (setup.b, 2)],
			customer_address=billing,
			shipping_address_name=shipping,
		)
	)
	delivery = submitted(make_delivery_note(order.name))
	text = printed(delivery, "Bon de livraison")

	assert "BON DE LIVRAISON" in text
	assert f"N° {delivery.name}" in text
	assert f"Commande N° {order.name}" in text
	assert "ADRESSE DE LIVRAISON Test Client Dupont 9 chemin des Quais 38000 Grenoble" in text
	assert "CLIENT Test Client Dupont 1 rue des Factures 38000 Grenoble" in text
	assert f"{setup.a} 4 Unité" in text and f"{setup.b} 2 Unité" in text
	assert "Quantité totale 6" in text
	assert "Reçu en bon état" in text
	# a delivery note shows no prices
	assert "P.U. HT" not in text and "Total TTC" not in text and "€" not in text.split("Description", 1)[1]

	# the same address for billing and delivery is printed once
	same = submitted(
		transaction(
			"Sales Order", setup, [(setup.a, 1)], customer_address=billing, shipping_address_name=billing
		)
	)
	assert "ADRESSE DE LIVRAISON" not in printed(same)


def test_a_payment_receipt_shows_the_payment_and_the_invoices_it_settles(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 1)]))
	first = submitted(make_sales_invoice(order.name))
	payment = get_payment_entry("Sales Invoice", first.name)
	payment.update(
		{"mode_of_payment": "Bank Transfer", "reference_no": "VIR-2026-0042", "reference_date": nowdate()}
	)
	submitted(payment)
	text = printed(payment)

	company_block_is_printed(text)
	assert "REÇU DE PAIEMENT" in text
	assert f"N° {payment.name}" in text
	assert "REÇU DE Test Client Dupont" in text
	assert "Montant reçu 120,00 €" in text
	assert "Mode de paiement Virement bancaire" in text
	assert f"Référence du paiement VIR-2026-0042 du {date(nowdate())}" in text
	assert f"Facture {first.name} {date(first.due_date)} 120,00 € 120,00 €" in text
	assert "Total réglé 120,00 €" in text
