"""The parties of an invoice's figures (seller and buyer with their addresses, SIREN and VAT
numbers), its VAT in the company's currency, its references (corrected invoice, due date, payment
terms) and, for intra-EU supplies and exports, where and when the goods went."""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from sales_flow.regional.france.figures.model import Address, Figures, Party
from sales_flow.regional.france.vat_categories.categories import NOT_SUBJECT, is_vat_row
from sales_flow.regional.france.vat_categories.invoice import delivery_country


def country_code(country: str | None) -> str:
	code = frappe.db.get_value("Country", country, "code", cache=True) if country else None
	return (code or "fr").upper()


def seller(invoice, categories: set[str]) -> Party:
	company = frappe.get_doc("Company", invoice.company)
	return Party(
		name=company.company_name,
		address=Address(
			company.address_line1,
			company.address_line2,
			company.pincode,
			company.city,
			country_code(company.country),
		),
		legal_id=company.siren or (company.siret or "")[:9] or None,
		# not subject to VAT: no VAT number on the invoice (BR-O-02)
		vat_id=None if NOT_SUBJECT in categories else company.tax_id or None,
	)


def buyer(invoice, categories: set[str]) -> Party:
	customer = frappe.db.get_value(
		"Customer", invoice.customer, ["customer_name", "tax_id", "siret"], as_dict=True
	)
	return Party(
		name=invoice.customer_name or customer.customer_name,
		address=address_of(invoice.customer_address),
		legal_id=(customer.siret or "")[:9] or None,
		vat_id=None if NOT_SUBJECT in categories else customer.tax_id or None,
	)


def address_of(name: str | None) -> Address:
	if not name:
		return Address()
	address = frappe.db.get_value(
		"Address", name, ["address_line1", "address_line2", "pincode", "city", "country"], as_dict=True
	)
	if not address:
		return Address()
	return Address(
		address.address_line1,
		address.address_line2,
		address.pincode,
		address.city,
		country_code(address.country),
	)


def set_currency(figures: Figures, invoice, sign: int) -> None:
	"""An invoice in another currency states its VAT in the company's too (BT-6, BT-111): French
	VAT is due in euros."""
	company_currency = frappe.get_cached_value("Company", invoice.company, "default_currency")
	if company_currency and company_currency != invoice.currency:
		figures.tax_currency = company_currency
		figures.vat_total_in_tax_currency = flt(
			sign * sum(flt(row.base_tax_amount) for row in invoice.get("taxes") or [] if is_vat_row(row)), 2
		)


def set_references(figures: Figures, invoice) -> None:
	if invoice.is_return and invoice.return_against:
		original_date = frappe.db.get_value("Sales Invoice", invoice.return_against, "posting_date")
		figures.preceding_invoice = (invoice.return_against, getdate(original_date))
	if not invoice.is_return:
		figures.due_date = getdate(invoice.due_date) if invoice.due_date else None
		figures.payment_terms = invoice.payment_terms_template or None
		if figures.payable > 0 and not figures.due_date and not figures.payment_terms:
			# an amount due needs a due date or payment terms (BR-CO-25)
			figures.payment_terms = _("Payment on receipt")


def set_delivery(figures: Figures, invoice) -> None:
	"""Intra-EU supplies and exports state where and when the goods went (BR-IC-11, BR-IC-12): the
	last delivery note's date, else the invoice's, and the shipping (else customer) address."""
	notes = list({item.delivery_note for item in invoice.items if item.get("delivery_note")})
	dates = (
		frappe.get_all("Delivery Note", filters={"name": ("in", notes)}, pluck="posting_date")
		if notes
		else []
	)
	figures.delivery_date = max(map(getdate, dates)) if dates else figures.issue_date
	figures.ship_to = address_of(invoice.get("shipping_address_name") or invoice.customer_address)
	figures.ship_to.country = delivery_country(invoice) or figures.ship_to.country
