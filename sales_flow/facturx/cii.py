"""The EN 16931 Cross Industry Invoice (UN/CEFACT CII D16B) of a submitted Sales Invoice.

Profile EN 16931 of Factur-X 1.0. Amounts are the invoice's own (its currency); a credit note is
type 381 with positive quantities and amounts, as the standard wants (our credit notes store them
negative). Lines carry their net amount after the document discount (the engine spreads it over the
lines), so the line total is the taxable total and no header allowance is needed.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate
from lxml import etree

from sales_flow.engine.vat import line_vat_rate, priced_lines, vat_by_rate

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "qdt": QDT, "udt": UDT}
EN16931 = "urn:cen.eu:en16931:2017"
INVOICE, CREDIT_NOTE, PREPAYMENT_INVOICE = "380", "381", "386"
# UN/ECE rec. 20 unit codes of our units of measure; anything else is "one" (C62)
UNIT_CODES = {
	"hour": "HUR",
	"heure": "HUR",
	"day": "DAY",
	"jour": "DAY",
	"kg": "KGM",
	"m": "MTR",
	"litre": "LTR",
}


def el(parent, tag: str, text=None, **attrs):
	prefix, name = tag.split(":")
	node = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}", **attrs)
	if text is not None:
		node.text = str(text)
	return node


def money(value) -> str:
	return f"{flt(value, 2):.2f}"


def quantity(value) -> str:
	return f"{flt(value, 4):.4f}".rstrip("0").rstrip(".")


def rate_text(value) -> str:
	return f"{flt(value, 2):.2f}"


def date_102(parent, tag: str, value, qualified: bool = False) -> None:
	holder = el(parent, tag)
	el(
		holder,
		"qdt:DateTimeString" if qualified else "udt:DateTimeString",
		getdate(value).strftime("%Y%m%d"),
		format="102",
	)


def type_code(invoice) -> str:
	if invoice.is_return:
		return CREDIT_NOTE
	return PREPAYMENT_INVOICE if invoice.is_down_payment_invoice else INVOICE


def vat_category(rate: float, invoice) -> str:
	"""S standard (any positive rate); Z zero-rated when the invoice has VAT rows; E exempt when
	no VAT applies at all (e.g. franchise en base de TVA)."""
	if flt(rate):
		return "S"
	return "Z" if any(tax.charge_type == "On Net Total" for tax in invoice.taxes) else "E"


def country_code(country: str | None) -> str:
	return (frappe.db.get_value("Country", country, "code", cache=True) or "fr").upper() if country else "FR"


def unit_code(uom: str | None) -> str:
	return UNIT_CODES.get((uom or "").strip().lower(), "C62")


def add_address(party, line1, line2, pincode, city, country) -> None:
	address = el(party, "ram:PostalTradeAddress")
	if pincode:
		el(address, "ram:PostcodeCode", pincode)
	if line1:
		el(address, "ram:LineOne", line1)
	if line2:
		el(address, "ram:LineTwo", line2)
	if city:
		el(address, "ram:CityName", city)
	el(address, "ram:CountryID", country_code(country))


def add_seller(agreement, company) -> None:
	party = el(agreement, "ram:SellerTradeParty")
	el(party, "ram:Name", company.company_name)
	if company.siren or company.siret:
		legal = el(party, "ram:SpecifiedLegalOrganization")
		# 0002: the SIRENE register (SIREN)
		el(legal, "ram:ID", company.siren or company.siret[:9], schemeID="0002")
	add_address(
		party, company.address_line1, company.address_line2, company.pincode, company.city, company.country
	)
	if company.tax_id:
		el(el(party, "ram:SpecifiedTaxRegistration"), "ram:ID", company.tax_id, schemeID="VA")


def add_buyer(agreement, invoice) -> None:
	customer = frappe.db.get_value(
		"Customer", invoice.customer, ["customer_name", "tax_id", "siret"], as_dict=True
	)
	party = el(agreement, "ram:BuyerTradeParty")
	el(party, "ram:Name", invoice.customer_name or customer.customer_name)
	if customer.siret:
		el(el(party, "ram:SpecifiedLegalOrganization"), "ram:ID", customer.siret[:9], schemeID="0002")
	address = (
		frappe.db.get_value(
			"Address",
			invoice.customer_address,
			["address_line1", "address_line2", "pincode", "city", "country"],
			as_dict=True,
		)
		if invoice.customer_address
		else None
	)
	if address:
		add_address(
			party,
			address.address_line1,
			address.address_line2,
			address.pincode,
			address.city,
			address.country,
		)
	else:
		el(el(party, "ram:PostalTradeAddress"), "ram:CountryID", "FR")
	if customer.tax_id:
		el(el(party, "ram:SpecifiedTaxRegistration"), "ram:ID", customer.tax_id, schemeID="VA")


def add_line(transaction, invoice, item, index: int, sign: int) -> None:
	line = el(transaction, "ram:IncludedSupplyChainTradeLineItem")
	el(el(line, "ram:AssociatedDocumentLineDocument"), "ram:LineID", index)
	product = el(line, "ram:SpecifiedTradeProduct")
	if item.item_code:
		el(product, "ram:SellerAssignedID", item.item_code)
	el(product, "ram:Name", item.item_name or item.item_code)
	agreement = el(line, "ram:SpecifiedLineTradeAgreement")
	qty = sign * flt(item.qty)
	net_amount = sign * flt(item.net_amount)
	el(
		el(agreement, "ram:NetPriceProductTradePrice"),
		"ram:ChargeAmount",
		money(net_amount / qty if qty else 0),
	)
	el(
		el(line, "ram:SpecifiedLineTradeDelivery"),
		"ram:BilledQuantity",
		quantity(qty),
		unitCode=unit_code(item.uom),
	)
	settlement = el(line, "ram:SpecifiedLineTradeSettlement")
	rate = line_vat_rate(invoice, item)
	tax = el(settlement, "ram:ApplicableTradeTax")
	el(tax, "ram:TypeCode", "VAT")
	el(tax, "ram:CategoryCode", vat_category(rate, invoice))
	el(tax, "ram:RateApplicablePercent", rate_text(rate))
	summation = el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
	el(summation, "ram:LineTotalAmount", money(net_amount))


def add_vat_breakdown(settlement, invoice, sign: int) -> float:
	total = 0.0
	for rate, amounts in vat_by_rate(invoice).items():
		tax = el(settlement, "ram:ApplicableTradeTax")
		el(tax, "ram:CalculatedAmount", money(sign * amounts["vat"]))
		el(tax, "ram:TypeCode", "VAT")
		category = vat_category(rate, invoice)
		if category == "E":
			el(tax, "ram:ExemptionReason", _("VAT exempt"))
		el(tax, "ram:BasisAmount", money(sign * amounts["base"]))
		el(tax, "ram:CategoryCode", category)
		el(tax, "ram:RateApplicablePercent", rate_text(rate))
		total += sign * amounts["vat"]
	return flt(total, 2)


def add_payment_terms(settlement, invoice) -> None:
	if invoice.is_return or not invoice.due_date:
		return
	terms = el(settlement, "ram:SpecifiedTradePaymentTerms")
	if invoice.payment_terms_template:
		el(terms, "ram:Description", invoice.payment_terms_template)
	date_102(terms, "ram:DueDateDateTime", invoice.due_date)


def add_totals(settlement, invoice, sign: int, line_total: float, vat_total: float) -> None:
	summation = el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	el(summation, "ram:LineTotalAmount", money(line_total))
	el(summation, "ram:TaxBasisTotalAmount", money(line_total))
	el(summation, "ram:TaxTotalAmount", money(vat_total), currencyID=invoice.currency)
	grand_total = flt(line_total + vat_total + sign * sum_other_taxes(invoice), 2)
	to_pay = sign * flt(invoice.rounded_total or invoice.grand_total)
	if flt(to_pay - grand_total, 2):
		el(summation, "ram:RoundingAmount", money(to_pay - grand_total))
	el(summation, "ram:GrandTotalAmount", money(grand_total))
	prepaid = 0 if invoice.is_return else flt(invoice.total_advance)
	if prepaid:
		el(summation, "ram:TotalPrepaidAmount", money(prepaid))
	el(summation, "ram:DuePayableAmount", money(to_pay - prepaid))


def sum_other_taxes(invoice) -> float:
	"""Charges that are not VAT (rows not on the net total) count in the grand total."""
	return flt(sum(flt(tax.tax_amount) for tax in invoice.taxes if tax.charge_type != "On Net Total"), 2)


def invoice_xml(invoice) -> bytes:
	"""The CII XML of a submitted Sales Invoice, as UTF-8 bytes."""
	company = frappe.get_doc("Company", invoice.company)
	sign = -1 if invoice.is_return else 1
	root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
	context = el(root, "rsm:ExchangedDocumentContext")
	el(el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", EN16931)

	document = el(root, "rsm:ExchangedDocument")
	el(document, "ram:ID", invoice.name)
	el(document, "ram:TypeCode", type_code(invoice))
	date_102(document, "ram:IssueDateTime", invoice.posting_date)

	transaction = el(root, "rsm:SupplyChainTradeTransaction")
	lines = priced_lines(invoice)
	for index, item in enumerate(lines, start=1):
		add_line(transaction, invoice, item, index, sign)

	agreement = el(transaction, "ram:ApplicableHeaderTradeAgreement")
	if invoice.po_no:
		el(agreement, "ram:BuyerReference", invoice.po_no)
	add_seller(agreement, company)
	add_buyer(agreement, invoice)
	if invoice.po_no:
		el(el(agreement, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", invoice.po_no)

	el(transaction, "ram:ApplicableHeaderTradeDelivery")

	settlement = el(transaction, "ram:ApplicableHeaderTradeSettlement")
	el(settlement, "ram:InvoiceCurrencyCode", invoice.currency)
	vat_total = add_vat_breakdown(settlement, invoice, sign)
	add_payment_terms(settlement, invoice)
	line_total = flt(sum(sign * flt(item.net_amount) for item in lines), 2)
	add_totals(settlement, invoice, sign, line_total, vat_total)
	if invoice.is_return and invoice.return_against:
		reference = el(settlement, "ram:InvoiceReferencedDocument")
		el(reference, "ram:IssuerAssignedID", invoice.return_against)
		original_date = frappe.db.get_value("Sales Invoice", invoice.return_against, "posting_date")
		date_102(reference, "ram:FormattedIssueDateTime", original_date, qualified=True)
	return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
