"""What a customer receives, beyond the figures of tests/test_print_formats.py: sections and options,
the comment, the 2026 invoice mentions, the letter head, long documents, bulk print, the email with its
PDF and the print language."""

import io
import json
import re

import frappe
import pytest
from frappe.utils import add_days, nowdate
from pypdf import PdfReader

from sales_flow.printing.email import email_document, email_recipients
from sales_flow.printing.pdf import merged_pdf
from tests.printing import assets_url_fixture, reachable_site_fixture, setup_fixture  # noqa: F401
from tests.sales_setup import transaction
from tests.test_print_formats import address, printed, submitted


def pages_text(pdf: bytes) -> list[str]:
	return [
		re.sub(r"\s+", " ", page.extract_text().replace("\xa0", " ").replace("\u202f", " "))
		for page in PdfReader(io.BytesIO(pdf)).pages
	]


def test_a_quotation_prints_its_sections_subtotals_and_options(setup):
	quotation = transaction(
		"Quotation",
		setup,
		[(setup.a, 2), (setup.b, 1), (setup.c, 10)],
		printed_comment="<p>Suite à notre visite du 12 novembre.</p>",
		next_follow_up_date=add_days(nowdate(), 7),
	)
	rows = [{k: v for k, v in row.as_dict().items() if k not in ("idx", "name")} for row in quotation.items]
	quotation.set("items", [])
	quotation.append("items", {"line_type": "Section", "item_name": "Lot 1 : matériel"})
	quotation.append("items", rows[0])
	quotation.append("items", {"line_type": "Subtotal", "item_name": "Sous-total lot 1"})
	quotation.append("items", {"line_type": "Section", "item_name": "Lot 2 : fournitures"})
	quotation.append("items", rows[1])
	quotation.append("items", {**rows[2], "is_alternative": 1})
	submitted(quotation)
	# the option stays out of the totals: 2 x 100 + 55.50, VAT 40 + 5.55
	assert (quotation.net_total, quotation.grand_total) == (255.5, 301.05)

	text = printed(quotation, "Devis")
	assert "Lot 1 : matériel" in text and "Lot 2 : fournitures" in text
	assert "Sous-total lot 1 200,00" in text
	assert (
		"OPTION (NON COMPRISE DANS LE TOTAL)" in text.upper()
		and f"{setup.c} 10 Unité 3,79 5,5 % 37,90" in text
	)
	assert "Total HT 255,50 €" in text and "Total TTC 301,05 €" in text
	# the VAT breakdown leaves the option out
	assert "5,5 %" not in text.split("Taux de TVA", 1)[1]
	assert "Suite à notre visite du 12 novembre." in text
	# the next follow-up is the rep's business, not the customer's
	assert "Relance" not in text and frappe.utils.formatdate(quotation.next_follow_up_date) not in text


def test_an_invoice_carries_the_2026_mentions(setup):
	frappe.db.set_value("Customer", setup.customer, "siret", "73282932000074")
	# a service: the invoice's nature of the operation follows its lines
	frappe.db.set_value("Item", setup.a, "is_stock_item", 0)
	billing = address(setup, "Siège", "1 rue des Factures")
	shipping = address(setup, "Chantier", "4 allée du Chantier", shipping=1)
	invoice = submitted(
		transaction(
			"Sales Invoice",
			setup,
			[(setup.a, 1)],
			customer_address=billing,
			shipping_address_name=shipping,
			due_date=add_days(nowdate(), 30),
			printed_comment="<p>Intervention du 3 novembre.</p>",
		)
	)
	text = printed(invoice, "Facture")
	assert "SIREN 732829320 · SIRET 73282932000074" in text
	assert "Nature de l'opération Prestation de services" in text
	assert "ADRESSE DE LIVRAISON Test Client Dupont 4 allée du Chantier" in text
	assert "Intervention du 3 novembre." in text
	assert "indemnité forfaitaire de 40 €" in text


def test_the_letter_head_is_printed_when_asked(setup):
	frappe.get_doc(
		{
			"doctype": "Letter Head",
			"letter_head_name": "Test en-tête",
			"source": "HTML",
			"content": "<p>EN-TÊTE MAISON TEST</p>",
		}
	).insert()
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 1)]))
	with frappe.translate.print_language("fr"):
		html = frappe.get_print(
			"Quotation", quotation.name, "Devis", letterhead="Test en-tête", no_letterhead=0
		)
	assert "EN-TÊTE MAISON TEST" in html
	with frappe.translate.print_language("fr"):
		html = frappe.get_print("Quotation", quotation.name, "Devis", no_letterhead=1)
	assert "EN-TÊTE MAISON TEST" not in html and "Test Cycle SARL" in html


def test_a_long_quotation_repeats_the_table_header_on_every_page(setup):
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 1)] * 60))
	with frappe.translate.print_language("fr"):
		pdf = frappe.get_print("Quotation", quotation.name, "Devis", as_pdf=True)
	pages = pages_text(pdf)
	assert len(pages) >= 2
	header = "Description Qté Unité"
	assert all(header in page for page in pages[:-1]), [page[:200] for page in pages]
	assert "Total TTC 7 200,00 €" in pages[-1]


def test_several_invoices_print_in_one_pdf_in_the_order_given(setup):
	invoices = [submitted(transaction("Sales Invoice", setup, [(setup.a, n)])) for n in (1, 2, 3)]
	order = [invoices[2].name, invoices[0].name, invoices[1].name]
	pages = pages_text(merged_pdf("Sales Invoice", order))
	assert len(pages) == 3
	for page, name in zip(pages, order, strict=True):
		assert f"N° {name}" in page
	assert "Total TTC 360,00 €" in pages[0] and "Total TTC 120,00 €" in pages[1]

	with pytest.raises(frappe.ValidationError, match="Select the documents to print"):
		merged_pdf("Sales Invoice", [])


@pytest.fixture
def outbox():
	"""An outgoing email account (nothing is sent in tests: the queue is what is checked)."""
	return frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Test Ventes",
			"email_id": "ventes@test-cycle.example",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"no_smtp_authentication": 1,
		}
	).insert()


def queued_email(communication: str):
	queue = frappe.get_last_doc("Email Queue", filters={"communication": communication})
	recipients = [row.recipient for row in queue.recipients]
	return queue, recipients, json.loads(queue.attachments or "[]")


def test_an_emailed_quotation_sits_in_the_email_queue_with_its_pdf(setup, outbox):
	frappe.db.set_value("Customer", setup.customer, "email_id", "achats@dupont.example")
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 2)]))
	assert email_recipients("Quotation", quotation.name) == ["achats@dupont.example"]

	communication = email_document("Quotation", quotation.name)
	queue, recipients, attachments = queued_email(communication)
	assert recipients == ["achats@dupont.example"]
	# the Email Template "Devis" wrote the subject and the message from the quotation's fields
	assert (
		frappe.db.get_value("Communication", communication, "subject")
		== f"Devis {quotation.name} - Test Cycle SARL"
	)
	content = frappe.db.get_value("Communication", communication, "content")
	assert f"notre devis <b>{quotation.name}</b>" in content and "240,00" in content
	assert len(attachments) == 1, attachments
	attachment = attachments[0]
	assert attachment["print_format_attachment"] == 1 and attachment["print_format"] == "Devis"
	assert (attachment["doctype"], attachment["name"], attachment["lang"]) == (
		"Quotation",
		quotation.name,
		"fr",
	)
	# what the queue attaches when it sends: the quotation's PDF, through Frappe's attach_print
	pdf = frappe.attach_print("Quotation", quotation.name, print_format="Devis", lang="fr")
	assert pdf["fname"] == f"{quotation.name}.pdf"
	assert f"N° {quotation.name}" in pages_text(pdf["fcontent"])[0]


def test_an_invoice_email_uses_the_invoice_template(setup, outbox):
	frappe.db.set_value("Customer", setup.customer, "email_id", "compta@dupont.example")
	invoice = submitted(transaction("Sales Invoice", setup, [(setup.a, 1)], due_date=add_days(nowdate(), 30)))
	communication = email_document("Sales Invoice", invoice.name)
	queue, recipients, attachments = queued_email(communication)
	assert recipients == ["compta@dupont.example"]
	assert (
		frappe.db.get_value("Communication", communication, "subject")
		== f"Facture {invoice.name} - Test Cycle SARL"
	)
	assert attachments[0]["print_format"] == "Facture" and attachments[0]["name"] == invoice.name


def test_emailing_a_customer_without_email_address_is_refused(setup, outbox):
	frappe.db.set_value("Customer", setup.customer, "email_id", None)
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 1)]))
	queued = frappe.db.count("Email Queue")
	with pytest.raises(frappe.ValidationError, match="has no email address"):
		email_document("Quotation", quotation.name)
	with pytest.raises(frappe.ValidationError, match="has no email address"):
		email_recipients("Quotation", quotation.name)
	assert frappe.db.count("Email Queue") == queued


def test_a_print_language_without_translation_falls_back_to_french_with_a_warning(setup):
	assert frappe.db.exists("Language", "de")
	frappe.local.message_log = []
	quotation = transaction("Quotation", setup, [(setup.a, 2)], language="de").insert()
	assert quotation.language == "fr"
	warnings = [
		json.loads(m).get("message", "") if isinstance(m, str) else m.get("message", "")
		for m in frappe.local.message_log
	]
	assert any("no translation for the print language" in w and "de" in w for w in warnings), warnings
	assert quotation.in_words.startswith("Deux cent quarante euros")
	quotation.submit()
	text = printed(quotation, "Devis")
	assert "DEVIS" in text and "Total TTC 240,00 €" in text


@pytest.mark.parametrize("print_format", ["Devis", "Standard"])
def test_a_quotation_prints_nothing_internal(setup, print_format):
	"""Follow-up date and log, lost reason, margins, remarks: the rep's, never on the customer's copy,
	in our print format as in Frappe's Standard one (which prints every field not print_hide)."""
	quotation = transaction("Quotation", setup, [(setup.a, 2)], next_follow_up_date=add_days(nowdate(), 9))
	quotation.items[0].update({"margin_type": "Percentage", "margin_rate_or_amount": 12.5})
	quotation.remarks = "Client difficile, note interne"
	quotation.append(
		"follow_ups", {"follow_up_date": nowdate(), "channel": "Phone", "note": "Rappel interne du client"}
	)
	submitted(quotation)
	quotation.db_set({"order_lost_reason": "Motif interne de perte", "legacy_code": "ANCIEN-42"})
	html = frappe.get_print("Quotation", quotation.name, print_format)
	# what the page shows: no style sheet nor script (their "margin"s), no markup
	text = frappe.utils.strip_html_tags(re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)).lower()
	assert quotation.name.lower() in text
	for internal in (
		frappe.utils.formatdate(quotation.next_follow_up_date),
		"relance",
		"follow-up",
		"rappel interne du client",
		"note interne",
		"motif interne de perte",
		"ancien-42",
		"marge",
		"margin",
	):
		assert internal not in text, internal
