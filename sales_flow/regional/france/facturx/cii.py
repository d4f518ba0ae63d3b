"""The EN 16931 Cross Industry Invoice (UN/CEFACT CII D16B) of a submitted Sales Invoice.

Profile EN 16931 of Factur-X 1.0, written from the invoice's EN 16931 figures
(sales_flow/regional/france/figures/, shared with the UBL): VAT categories from the data, the
document discount as allowances and shipping and other charges as document-level charges, so that
CEN's business rules hold (tests/test_einvoicing.py runs them).
"""

from functools import partial

from lxml import etree

from sales_flow.regional.france import xml_writing as xml
from sales_flow.regional.france.figures.invoice import invoice_figures
from sales_flow.regional.france.figures.model import Address, Figures, Party
from sales_flow.regional.france.vat_categories.categories import NOT_SUBJECT

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "qdt": QDT, "udt": UDT}
el = partial(xml.sub_element, NSMAP)


def date_102(parent, tag: str, value, qualified: bool = False) -> None:
	holder = el(parent, tag)
	el(
		holder,
		"qdt:DateTimeString" if qualified else "udt:DateTimeString",
		value.strftime("%Y%m%d"),
		format="102",
	)


def add_tax(parent, category: str, rate: float) -> None:
	"""TypeCode, CategoryCode and rate of a line or an allowance or charge (no rate when not
	subject to VAT: BR-O-05 to BR-O-07)."""
	el(parent, "ram:TypeCode", "VAT")
	el(parent, "ram:CategoryCode", category)
	if category != NOT_SUBJECT:
		el(parent, "ram:RateApplicablePercent", xml.rate_text(rate))


# the elements of a PostalTradeAddress, in the order of the CII schema
ADDRESS_FIELDS = (
	("ram:PostcodeCode", "postcode"),
	("ram:LineOne", "line1"),
	("ram:LineTwo", "line2"),
	("ram:CityName", "city"),
)


def add_address(parent, address: Address) -> None:
	node = el(parent, "ram:PostalTradeAddress")
	xml.optional_elements(el, node, address, ADDRESS_FIELDS)
	el(node, "ram:CountryID", address.country)


def add_party(agreement, tag: str, party: Party) -> None:
	node = el(agreement, tag)
	el(node, "ram:Name", party.name)
	if party.legal_id:
		# 0002: the SIRENE register (SIREN)
		el(el(node, "ram:SpecifiedLegalOrganization"), "ram:ID", party.legal_id, schemeID="0002")
	add_address(node, party.address)
	if party.vat_id:
		el(el(node, "ram:SpecifiedTaxRegistration"), "ram:ID", party.vat_id, schemeID="VA")


def add_line(transaction, line) -> None:
	node = el(transaction, "ram:IncludedSupplyChainTradeLineItem")
	el(el(node, "ram:AssociatedDocumentLineDocument"), "ram:LineID", line.number)
	product = el(node, "ram:SpecifiedTradeProduct")
	if line.item_code:
		el(product, "ram:SellerAssignedID", line.item_code)
	el(product, "ram:Name", line.name)
	agreement = el(node, "ram:SpecifiedLineTradeAgreement")
	if line.gross_price is not None:
		gross = el(agreement, "ram:GrossPriceProductTradePrice")
		el(gross, "ram:ChargeAmount", xml.price(line.gross_price))
		discount = el(gross, "ram:AppliedTradeAllowanceCharge")
		el(el(discount, "ram:ChargeIndicator"), "udt:Indicator", "false")
		el(discount, "ram:ActualAmount", xml.price(line.price_discount))
	el(el(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", xml.price(line.net_price))
	el(
		el(node, "ram:SpecifiedLineTradeDelivery"),
		"ram:BilledQuantity",
		xml.quantity(line.quantity),
		unitCode=line.unit,
	)
	settlement = el(node, "ram:SpecifiedLineTradeSettlement")
	add_tax(el(settlement, "ram:ApplicableTradeTax"), line.category, line.rate)
	el(
		el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation"),
		"ram:LineTotalAmount",
		xml.money(line.total),
	)


def add_delivery(transaction, figures: Figures) -> None:
	delivery = el(transaction, "ram:ApplicableHeaderTradeDelivery")
	if figures.ship_to:
		add_address(el(delivery, "ram:ShipToTradeParty"), figures.ship_to)
	if figures.delivery_date:
		event = el(delivery, "ram:ActualDeliverySupplyChainEvent")
		date_102(event, "ram:OccurrenceDateTime", figures.delivery_date)


def add_vat_breakdown(settlement, figures: Figures) -> None:
	for group in figures.vat_groups:
		tax = el(settlement, "ram:ApplicableTradeTax")
		el(tax, "ram:CalculatedAmount", xml.money(group.vat))
		el(tax, "ram:TypeCode", "VAT")
		if group.reason:
			el(tax, "ram:ExemptionReason", group.reason)
		el(tax, "ram:BasisAmount", xml.money(group.base))
		el(tax, "ram:CategoryCode", group.category)
		if group.code:
			el(tax, "ram:ExemptionReasonCode", group.code)
		if group.category != NOT_SUBJECT:
			el(tax, "ram:RateApplicablePercent", xml.rate_text(group.rate))


def add_allowances_and_charges(settlement, figures: Figures) -> None:
	for entry in figures.allowances_charges:
		node = el(settlement, "ram:SpecifiedTradeAllowanceCharge")
		el(el(node, "ram:ChargeIndicator"), "udt:Indicator", "true" if entry.is_charge else "false")
		el(node, "ram:ActualAmount", xml.money(entry.amount))
		if entry.reason_code:
			el(node, "ram:ReasonCode", entry.reason_code)
		el(node, "ram:Reason", entry.reason)
		add_tax(el(node, "ram:CategoryTradeTax"), entry.category, entry.rate)


def add_payment_terms(settlement, figures: Figures) -> None:
	if not figures.due_date and not figures.payment_terms:
		return
	terms = el(settlement, "ram:SpecifiedTradePaymentTerms")
	if figures.payment_terms:
		el(terms, "ram:Description", figures.payment_terms)
	if figures.due_date:
		date_102(terms, "ram:DueDateDateTime", figures.due_date)


def add_totals(settlement, figures: Figures) -> None:
	summation = el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	el(summation, "ram:LineTotalAmount", xml.money(figures.line_total))
	if any(entry.is_charge for entry in figures.allowances_charges):
		el(summation, "ram:ChargeTotalAmount", xml.money(figures.charge_total))
	if any(not entry.is_charge for entry in figures.allowances_charges):
		el(summation, "ram:AllowanceTotalAmount", xml.money(figures.allowance_total))
	el(summation, "ram:TaxBasisTotalAmount", xml.money(figures.tax_basis))
	el(summation, "ram:TaxTotalAmount", xml.money(figures.vat_total), currencyID=figures.currency)
	if figures.tax_currency:
		el(
			summation,
			"ram:TaxTotalAmount",
			xml.money(figures.vat_total_in_tax_currency),
			currencyID=figures.tax_currency,
		)
	if figures.rounding:
		el(summation, "ram:RoundingAmount", xml.money(figures.rounding))
	el(summation, "ram:GrandTotalAmount", xml.money(figures.grand_total))
	if figures.prepaid:
		el(summation, "ram:TotalPrepaidAmount", xml.money(figures.prepaid))
	el(summation, "ram:DuePayableAmount", xml.money(figures.payable))


def add_settlement(transaction, figures: Figures) -> None:
	settlement = el(transaction, "ram:ApplicableHeaderTradeSettlement")
	if figures.tax_currency:
		el(settlement, "ram:TaxCurrencyCode", figures.tax_currency)
	el(settlement, "ram:InvoiceCurrencyCode", figures.currency)
	add_vat_breakdown(settlement, figures)
	add_allowances_and_charges(settlement, figures)
	add_payment_terms(settlement, figures)
	add_totals(settlement, figures)
	if figures.preceding_invoice:
		reference = el(settlement, "ram:InvoiceReferencedDocument")
		el(reference, "ram:IssuerAssignedID", figures.preceding_invoice[0])
		date_102(reference, "ram:FormattedIssueDateTime", figures.preceding_invoice[1], qualified=True)


def invoice_xml(invoice) -> bytes:
	"""The CII XML of a submitted Sales Invoice, as UTF-8 bytes."""
	figures = invoice_figures(invoice)
	root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
	context = el(root, "rsm:ExchangedDocumentContext")
	el(
		el(context, "ram:BusinessProcessSpecifiedDocumentContextParameter"),
		"ram:ID",
		figures.billing_framework,
	)
	el(el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", xml.EN16931)

	document = el(root, "rsm:ExchangedDocument")
	el(document, "ram:ID", figures.number)
	el(document, "ram:TypeCode", figures.type_code)
	date_102(document, "ram:IssueDateTime", figures.issue_date)

	transaction = el(root, "rsm:SupplyChainTradeTransaction")
	for line in figures.lines:
		add_line(transaction, line)

	agreement = el(transaction, "ram:ApplicableHeaderTradeAgreement")
	if figures.buyer_reference:
		el(agreement, "ram:BuyerReference", figures.buyer_reference)
	add_party(agreement, "ram:SellerTradeParty", figures.seller)
	add_party(agreement, "ram:BuyerTradeParty", figures.buyer)
	if figures.buyer_reference:
		el(el(agreement, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", figures.buyer_reference)

	add_delivery(transaction, figures)
	add_settlement(transaction, figures)
	return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
