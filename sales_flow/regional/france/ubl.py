"""The UBL 2.1 invoice (or credit note) of a submitted Sales Invoice, EN 16931 (CIUS-free core).

Written from the same EN 16931 figures as the CII of Factur-X (figures/), elements in the order
of the UBL 2.1 schemas. A credit note (381) is a CreditNote document; a down-payment invoice is an
Invoice of type 386.
"""

from functools import partial

from lxml import etree

from sales_flow.regional.france import xml_writing as xml
from sales_flow.regional.france.figures.invoice import invoice_figures
from sales_flow.regional.france.figures.model import CREDIT_NOTE, Address, AllowanceCharge, Figures, Party
from sales_flow.regional.france.vat_categories.categories import NOT_SUBJECT

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NAMESPACES = {"cac": CAC, "cbc": CBC}
el = partial(xml.sub_element, NAMESPACES)


def amount(parent, tag: str, value, currency: str):
	return el(parent, tag, xml.money(value), currencyID=currency)


def add_tax_category(parent, tag: str, category: str, rate: float, code: str = "", reason: str = "") -> None:
	node = el(parent, tag)
	el(node, "cbc:ID", category)
	if category != NOT_SUBJECT:
		# not subject to VAT: no rate (BR-O-05 to BR-O-07)
		el(node, "cbc:Percent", xml.rate_text(rate))
	if code:
		el(node, "cbc:TaxExemptionReasonCode", code)
	if reason:
		el(node, "cbc:TaxExemptionReason", reason)
	el(el(node, "cac:TaxScheme"), "cbc:ID", "VAT")


# an address's elements, in the order of the UBL schema
ADDRESS_FIELDS = (
	("cbc:StreetName", "line1"),
	("cbc:AdditionalStreetName", "line2"),
	("cbc:CityName", "city"),
	("cbc:PostalZone", "postcode"),
)


def add_address(parent, tag: str, address: Address) -> None:
	node = el(parent, tag)
	xml.optional_elements(el, node, address, ADDRESS_FIELDS)
	el(el(node, "cac:Country"), "cbc:IdentificationCode", address.country)


def add_party(root, tag: str, party: Party) -> None:
	node = el(el(root, tag), "cac:Party")
	add_address(node, "cac:PostalAddress", party.address)
	if party.vat_id:
		scheme = el(node, "cac:PartyTaxScheme")
		el(scheme, "cbc:CompanyID", party.vat_id)
		el(el(scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
	legal = el(node, "cac:PartyLegalEntity")
	el(legal, "cbc:RegistrationName", party.name)
	if party.legal_id:
		# 0002: the SIRENE register (SIREN)
		el(legal, "cbc:CompanyID", party.legal_id, schemeID="0002")


def add_header(root, figures: Figures, credit_note: bool) -> None:
	el(root, "cbc:CustomizationID", xml.EN16931)
	el(root, "cbc:ProfileID", figures.billing_framework)
	el(root, "cbc:ID", figures.number)
	el(root, "cbc:IssueDate", figures.issue_date.isoformat())
	if figures.due_date and not credit_note:
		el(root, "cbc:DueDate", figures.due_date.isoformat())
	el(root, "cbc:CreditNoteTypeCode" if credit_note else "cbc:InvoiceTypeCode", figures.type_code)
	el(root, "cbc:DocumentCurrencyCode", figures.currency)
	if figures.tax_currency:
		el(root, "cbc:TaxCurrencyCode", figures.tax_currency)
	if figures.buyer_reference:
		el(root, "cbc:BuyerReference", figures.buyer_reference)
		el(el(root, "cac:OrderReference"), "cbc:ID", figures.buyer_reference)
	if figures.preceding_invoice:
		reference = el(el(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
		el(reference, "cbc:ID", figures.preceding_invoice[0])
		el(reference, "cbc:IssueDate", figures.preceding_invoice[1].isoformat())


def add_delivery(root, figures: Figures) -> None:
	if not figures.delivery_date and not figures.ship_to:
		return
	delivery = el(root, "cac:Delivery")
	if figures.delivery_date:
		el(delivery, "cbc:ActualDeliveryDate", figures.delivery_date.isoformat())
	if figures.ship_to:
		add_address(el(delivery, "cac:DeliveryLocation"), "cac:Address", figures.ship_to)


def add_allowance_charge(root, entry: AllowanceCharge, currency: str) -> None:
	node = el(root, "cac:AllowanceCharge")
	el(node, "cbc:ChargeIndicator", "true" if entry.is_charge else "false")
	if entry.reason_code:
		el(node, "cbc:AllowanceChargeReasonCode", entry.reason_code)
	el(node, "cbc:AllowanceChargeReason", entry.reason)
	amount(node, "cbc:Amount", entry.amount, currency)
	add_tax_category(node, "cac:TaxCategory", entry.category, entry.rate)


def add_tax_totals(root, figures: Figures) -> None:
	total = el(root, "cac:TaxTotal")
	amount(total, "cbc:TaxAmount", figures.vat_total, figures.currency)
	for group in figures.vat_groups:
		subtotal = el(total, "cac:TaxSubtotal")
		amount(subtotal, "cbc:TaxableAmount", group.base, figures.currency)
		amount(subtotal, "cbc:TaxAmount", group.vat, figures.currency)
		add_tax_category(subtotal, "cac:TaxCategory", group.category, group.rate, group.code, group.reason)
	if figures.tax_currency:
		# the VAT in the company's currency (BT-111): a second TaxTotal with its amount only
		amount(
			el(root, "cac:TaxTotal"), "cbc:TaxAmount", figures.vat_total_in_tax_currency, figures.tax_currency
		)


def add_monetary_total(root, figures: Figures) -> None:
	total = el(root, "cac:LegalMonetaryTotal")
	currency = figures.currency
	amount(total, "cbc:LineExtensionAmount", figures.line_total, currency)
	amount(total, "cbc:TaxExclusiveAmount", figures.tax_basis, currency)
	amount(total, "cbc:TaxInclusiveAmount", figures.grand_total, currency)
	if any(not entry.is_charge for entry in figures.allowances_charges):
		amount(total, "cbc:AllowanceTotalAmount", figures.allowance_total, currency)
	if any(entry.is_charge for entry in figures.allowances_charges):
		amount(total, "cbc:ChargeTotalAmount", figures.charge_total, currency)
	if figures.prepaid:
		amount(total, "cbc:PrepaidAmount", figures.prepaid, currency)
	if figures.rounding:
		amount(total, "cbc:PayableRoundingAmount", figures.rounding, currency)
	amount(total, "cbc:PayableAmount", figures.payable, currency)


def add_line(root, line, currency: str, credit_note: bool) -> None:
	node = el(root, "cac:CreditNoteLine" if credit_note else "cac:InvoiceLine")
	el(node, "cbc:ID", line.number)
	el(
		node,
		"cbc:CreditedQuantity" if credit_note else "cbc:InvoicedQuantity",
		xml.quantity(line.quantity),
		unitCode=line.unit,
	)
	amount(node, "cbc:LineExtensionAmount", line.total, currency)
	item = el(node, "cac:Item")
	el(item, "cbc:Name", line.name)
	if line.item_code:
		el(el(item, "cac:SellersItemIdentification"), "cbc:ID", line.item_code)
	add_tax_category(item, "cac:ClassifiedTaxCategory", line.category, line.rate)
	unit_price = el(node, "cac:Price")
	el(unit_price, "cbc:PriceAmount", xml.price(line.net_price), currencyID=currency)
	if line.gross_price is not None:
		discount = el(unit_price, "cac:AllowanceCharge")
		el(discount, "cbc:ChargeIndicator", "false")
		el(discount, "cbc:Amount", xml.price(line.price_discount), currencyID=currency)
		el(discount, "cbc:BaseAmount", xml.price(line.gross_price), currencyID=currency)


def add_payment_terms(root, figures: Figures) -> None:
	if figures.payment_terms:
		el(el(root, "cac:PaymentTerms"), "cbc:Note", figures.payment_terms)


def ubl_xml(invoice) -> bytes:
	"""The UBL 2.1 XML of a submitted Sales Invoice, as UTF-8 bytes."""
	figures = invoice_figures(invoice)
	credit_note = figures.type_code == CREDIT_NOTE
	namespace = CREDIT_NOTE_NS if credit_note else INVOICE_NS
	root = etree.Element(
		f"{{{namespace}}}{'CreditNote' if credit_note else 'Invoice'}", nsmap={None: namespace, **NAMESPACES}
	)
	add_header(root, figures, credit_note)
	add_party(root, "cac:AccountingSupplierParty", figures.seller)
	add_party(root, "cac:AccountingCustomerParty", figures.buyer)
	add_delivery(root, figures)
	add_payment_terms(root, figures)
	for entry in figures.allowances_charges:
		add_allowance_charge(root, entry, figures.currency)
	add_tax_totals(root, figures)
	add_monetary_total(root, figures)
	for line in figures.lines:
		add_line(root, line, figures.currency, credit_note)
	return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
