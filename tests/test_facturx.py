"""Factur-X: the invoice PDF with its EN 16931 CII XML embedded, checked against the official XSD."""

import io

import facturx
import frappe
import pytest
from frappe.utils import add_days, nowdate
from lxml import etree
from pypdf import PdfReader

from sales_flow.regional.france.facturx import download_facturx, facturx_pdf
from sales_flow.regional.france.facturx.cii import NSMAP, invoice_xml
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import (
	make_down_payment_invoice,
	make_sales_invoice,
)
from tests.printing import SIREN, assets_url_fixture, reachable_site_fixture, setup_fixture  # noqa: F401
from tests.sales_setup import transaction
from tests.test_print_formats import submitted


def values(tree, path: str) -> list[str]:
	return [node.text for node in tree.xpath(path, namespaces=NSMAP)]


def value(tree, path: str) -> str:
	found = values(tree, path)
	assert len(found) == 1, (path, found)
	return found[0]


SUMMATION = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/"


def an_invoice(setup, **values):
	return submitted(
		transaction(
			"Sales Invoice",
			setup,
			[(setup.a, 3, {"discount_percentage": 10}), (setup.b, 2), (setup.c, 7)],
			apply_discount_on="Net Total",
			additional_discount_percentage=5,
			due_date=add_days(nowdate(), 30),
			po_no="PO-FX-1",
			**values,
		)
	)


def test_the_invoice_xml_passes_the_en16931_xsd_and_carries_the_invoice_figures(setup):
	invoice = an_invoice(setup)
	xml = invoice_xml(invoice)
	assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
	tree = etree.fromstring(xml)

	assert value(tree, "//rsm:ExchangedDocument/ram:ID") == invoice.name
	assert value(tree, "//rsm:ExchangedDocument/ram:TypeCode") == "380"
	assert value(tree, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID") == "urn:cen.eu:en16931:2017"
	# the totals are the invoice's, to the cent
	assert (invoice.net_total, invoice.total_taxes_and_charges, invoice.grand_total) == (
		387.15,
		63.24,
		450.39,
	)
	# lines after their own discount; the 5 % document discount as one allowance per VAT rate
	assert value(tree, SUMMATION + "ram:LineTotalAmount") == "407.53"
	assert value(tree, SUMMATION + "ram:AllowanceTotalAmount") == "20.38"
	assert value(tree, SUMMATION + "ram:TaxBasisTotalAmount") == "387.15"
	assert value(tree, SUMMATION + "ram:TaxTotalAmount") == "63.24"
	assert value(tree, SUMMATION + "ram:GrandTotalAmount") == "450.39"
	assert value(tree, SUMMATION + "ram:DuePayableAmount") == "450.39"
	# the VAT breakdown by rate, category S
	header_tax = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/"
	assert values(tree, header_tax + "ram:RateApplicablePercent") == ["20.00", "10.00", "5.50"]
	assert values(tree, header_tax + "ram:BasisAmount") == ["256.50", "105.45", "25.20"]
	assert values(tree, header_tax + "ram:CalculatedAmount") == ["51.30", "10.55", "1.39"]
	assert set(values(tree, header_tax + "ram:CategoryCode")) == {"S"}
	allowances = "//ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeAllowanceCharge/"
	assert values(tree, allowances + "ram:ActualAmount") == ["13.50", "5.55", "1.33"]
	assert values(tree, allowances + "ram:CategoryTradeTax/ram:RateApplicablePercent") == [
		"20.00",
		"10.00",
		"5.50",
	]
	# lines: 3 x 100 less 10 %, 2 x 55.50, 7 x 3.79; the first at its list price less its discount
	line_totals = values(tree, "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")
	assert line_totals == ["270.00", "111.00", "26.53"]
	assert values(tree, "//ram:GrossPriceProductTradePrice/ram:ChargeAmount") == ["100.00"]
	assert values(tree, "//ram:NetPriceProductTradePrice/ram:ChargeAmount") == ["90.00", "55.50", "3.79"]
	assert values(tree, "//ram:BilledQuantity") == ["3", "2", "7"]
	# seller and buyer, due date
	seller = "//ram:SellerTradeParty/"
	assert value(tree, seller + "ram:Name") == "Test Cycle SARL"
	assert value(tree, seller + "ram:SpecifiedLegalOrganization/ram:ID") == SIREN
	assert value(tree, seller + "ram:SpecifiedTaxRegistration/ram:ID") == "FR96" + SIREN
	assert value(tree, seller + "ram:PostalTradeAddress/ram:CityName") == "Lyon"
	assert value(tree, "//ram:BuyerTradeParty/ram:Name") == "Test Client Dupont"
	assert value(tree, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID") == "PO-FX-1"
	assert value(tree, "//ram:DueDateDateTime/udt:DateTimeString") == invoice.due_date.replace("-", "")


def test_the_facturx_pdf_embeds_the_xml_as_pdf_a_3(setup):
	invoice = an_invoice(setup)
	pdf = facturx_pdf(invoice)
	filename, embedded = facturx.get_xml_from_pdf(pdf, check_xsd=True)
	assert filename == "factur-x.xml"
	assert etree.tostring(etree.fromstring(embedded)) == etree.tostring(
		etree.fromstring(invoice_xml(invoice))
	)
	reader = PdfReader(io.BytesIO(pdf))
	xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
	assert "<pdfaid:part>3</pdfaid:part>" in xmp and "EN 16931" in xmp
	intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
	assert (
		intent["/S"] == "/GTS_PDFA1"
		and intent["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp"
	)
	text = " ".join(page.extract_text() for page in reader.pages)
	assert invoice.name in text and "FACTURE" in text

	# the whitelisted download endpoint answers the same PDF
	download_facturx(invoice.name)
	assert frappe.local.response.filename == f"{invoice.name}-factur-x.pdf"
	assert facturx.get_xml_from_pdf(frappe.local.response.filecontent)[0] == "factur-x.xml"


def test_a_credit_note_is_type_381_with_positive_amounts_and_its_invoice(setup):
	invoice = an_invoice(setup)
	credit = make_sales_return(invoice.name)
	for row in credit.items:
		row.qty = -1
	submitted(credit)
	xml = invoice_xml(credit)
	assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
	tree = etree.fromstring(xml)
	assert value(tree, "//rsm:ExchangedDocument/ram:TypeCode") == "381"
	assert credit.grand_total < 0
	assert value(tree, SUMMATION + "ram:GrandTotalAmount") == f"{-credit.grand_total:.2f}"
	assert value(tree, SUMMATION + "ram:TaxTotalAmount") == f"{-credit.total_taxes_and_charges:.2f}"
	assert values(tree, "//ram:BilledQuantity") == ["1", "1", "1"]
	assert value(tree, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == invoice.name
	assert facturx.get_xml_from_pdf(facturx_pdf(credit))[0] == "factur-x.xml"


def test_a_zero_rate_line_is_zero_rated_and_no_vat_at_all_is_exempt(setup):
	zero = frappe.get_doc(
		{
			"doctype": "Item Tax Template",
			"title": "Test VAT zero",
			"taxes": [{"tax_type": "TVA 20", "tax_rate": 0}],
		}
	).insert()
	invoice = transaction("Sales Invoice", setup, [(setup.a, 1), (setup.b, 1)])
	invoice.items[1].item_tax_template = zero.name
	submitted(invoice)
	tree = etree.fromstring(invoice_xml(invoice))
	assert values(tree, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode") == [
		"S",
		"Z",
	]

	exempt = submitted(transaction("Sales Invoice", setup, [(setup.a, 1)], taxes_and_charges=None, taxes=[]))
	xml = invoice_xml(exempt)
	assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
	tree = etree.fromstring(xml)
	assert values(tree, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode") == [
		"E"
	]
	assert value(tree, SUMMATION + "ram:TaxTotalAmount") == "0.00"


def test_a_draft_invoice_is_refused_as_facturx(setup):
	draft = transaction("Sales Invoice", setup, [(setup.a, 1)]).insert()
	with pytest.raises(frappe.ValidationError, match="Only a submitted invoice can be issued as Factur-X"):
		facturx_pdf(draft)
	with pytest.raises(frappe.ValidationError, match="is not submitted"):
		download_facturx(draft.name)


def test_a_down_payment_invoice_is_type_386_and_deducted_on_the_final_invoice(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 10)]))
	down = submitted(make_down_payment_invoice(order.name, 30))
	tree = etree.fromstring(invoice_xml(down))
	assert value(tree, "//rsm:ExchangedDocument/ram:TypeCode") == "386"
	assert value(tree, SUMMATION + "ram:GrandTotalAmount") == "360.00"
	submitted(get_payment_entry("Sales Invoice", down.name))

	final = submitted(make_sales_invoice(order.name))
	xml = invoice_xml(final)
	assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
	tree = etree.fromstring(xml)
	assert value(tree, "//rsm:ExchangedDocument/ram:TypeCode") == "380"
	assert value(tree, SUMMATION + "ram:GrandTotalAmount") == "1200.00"
	assert value(tree, SUMMATION + "ram:TotalPrepaidAmount") == "360.00"
	assert value(tree, SUMMATION + "ram:DuePayableAmount") == "840.00"
