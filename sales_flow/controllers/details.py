"""Defaults of a sales document: company, currency, price list, addresses, taxes, item details."""

import frappe
from frappe import _
from frappe.contacts.doctype.address.address import get_address_display, get_default_address
from frappe.contacts.doctype.contact.contact import get_default_contact
from frappe.utils import flt

from sales_flow.controllers.currency import get_exchange_rate
from sales_flow.party import party_of, set_lead_details
from sales_flow.settings import get_default_company, get_selling_settings
from sales_flow.totals.fields import TAX_INPUTS


def set_missing_values(doc) -> None:
	doc.company = doc.company or get_default_company()
	if not doc.company:
		frappe.throw(_("Create a Company first: every sales document belongs to one."))
	party_type, party = party_of(doc)
	customer = frappe.get_cached_doc("Customer", party) if party_type == "Customer" and party else None
	if customer:
		set_customer_details(doc, customer)
	elif party_type == "Lead" and party:
		set_lead_details(doc)  # a quotation addressed to a lead: its name, campaign and source
	set_price_list(doc, customer)
	set_currency(doc, customer)
	set_taxes_from_template(doc)
	if not doc.language:
		doc.language = (customer.language if customer else None) or "fr"


def set_customer_details(doc, customer) -> None:
	if customer.disabled:
		frappe.throw(_("Customer {0} is disabled.").format(frappe.bold(customer.name)))
	doc.customer_name = customer.customer_name
	doc.customer_group = customer.customer_group
	doc.territory = customer.territory
	linked = LinkedRecords(customer.name)
	if not doc.customer_address:
		doc.customer_address = customer.customer_primary_address or linked.default_address()
	if doc.customer_address and not doc.address_display:
		doc.address_display = get_address_display(doc.customer_address)
	if not doc.shipping_address_name:
		doc.shipping_address_name = linked.default_address("is_shipping_address")
	if doc.shipping_address_name and not doc.shipping_address:
		doc.shipping_address = get_address_display(doc.shipping_address_name)
	if not doc.contact_person:
		doc.contact_person = customer.customer_primary_contact or linked.default_contact()
	if doc.contact_person and not doc.contact_email:
		doc.contact_display, doc.contact_email = frappe.db.get_value(
			"Contact", doc.contact_person, ["full_name", "email_id"]
		) or (None, None)
	if doc.meta.has_field("payment_terms_template") and not doc.payment_terms_template:
		doc.payment_terms_template = customer.payment_terms or group_default(customer, "payment_terms")


class LinkedRecords:
	"""A customer's default address and contact by Frappe's lookups, each asked only when the customer
	has a Dynamic Link of its kind: most customers billed by a run have none, and one query says so
	where the lookups took three."""

	def __init__(self, customer: str) -> None:
		self.customer = customer
		self._parenttypes: set[str] | None = None

	def parenttypes(self) -> set[str]:
		if self._parenttypes is None:
			self._parenttypes = set(
				frappe.db.sql(
					"""select distinct parenttype from `tabDynamic Link`
					where link_doctype = 'Customer' and link_name = %s""",
					self.customer,
					pluck=True,
				)
			)
		return self._parenttypes

	def default_address(self, sort_key: str = "is_primary_address") -> str | None:
		# Frappe's lookup joins the links of addresses (parenttype Address) only
		return (
			get_default_address("Customer", self.customer, sort_key)
			if "Address" in self.parenttypes()
			else None
		)

	def default_contact(self) -> str | None:
		return get_default_contact("Customer", self.customer) if "Contact" in self.parenttypes() else None


def group_default(customer, field: str) -> str | None:
	"""A default of the customer's group, else of its territory."""
	return frappe.get_cached_value(
		"Customer Group", customer.customer_group, field
	) or frappe.get_cached_value("Territory", customer.territory, field)


def set_price_list(doc, customer) -> None:
	if not doc.selling_price_list:
		doc.selling_price_list = (
			customer.default_price_list or group_default(customer, "default_price_list") if customer else None
		) or get_selling_settings().selling_price_list
	if doc.selling_price_list:
		enabled, currency = frappe.get_cached_value(
			"Price List", doc.selling_price_list, ["enabled", "currency"]
		)
		if not enabled:
			frappe.throw(_("Price List {0} is disabled.").format(frappe.bold(doc.selling_price_list)))
		doc.price_list_currency = currency


def company_currency(company: str) -> str:
	return frappe.get_cached_value("Company", company, "default_currency")


def set_currency(doc, customer) -> None:
	base = company_currency(doc.company)
	if not doc.currency:
		doc.currency = (customer.default_currency if customer else None) or doc.price_list_currency or base
	date = doc.get("posting_date") or doc.get("transaction_date")
	if doc.currency == base:
		doc.conversion_rate = 1
	elif not flt(doc.conversion_rate) or (doc.is_new() and flt(doc.conversion_rate) == 1):
		doc.conversion_rate = get_exchange_rate(doc.currency, base, date)
	if not doc.price_list_currency or doc.price_list_currency == doc.currency:
		doc.plc_conversion_rate = doc.conversion_rate
	elif doc.price_list_currency == base:
		doc.plc_conversion_rate = 1
	elif not flt(doc.plc_conversion_rate) or flt(doc.plc_conversion_rate) == 1:
		# a price list in a third currency: its rate to the company currency is needed
		doc.plc_conversion_rate = get_exchange_rate(doc.price_list_currency, base, date)


def set_taxes_from_template(doc) -> None:
	if not doc.taxes_and_charges and not doc.get("taxes"):
		doc.taxes_and_charges = frappe.db.get_value(
			"Sales Taxes and Charges Template", {"company": doc.company, "is_default": 1, "disabled": 0}
		)
	if doc.taxes_and_charges and not doc.get("taxes"):
		template = frappe.get_cached_doc("Sales Taxes and Charges Template", doc.taxes_and_charges)
		if template.company != doc.company:
			frappe.throw(
				_("Tax template {0} belongs to company {1}, not {2}.").format(
					frappe.bold(template.name), template.company, doc.company
				)
			)
		for row in template.taxes:
			doc.append("taxes", {f: row.get(f) for f in TAX_TEMPLATE_FIELDS})


# what a document's tax row takes from its template's row: what the totals engine computes with
# (fields.json, read by the desk too), its wording, and its EN 16931 VAT category, exemption code
# and reason (an e-invoice states them)
TAX_TEMPLATE_FIELDS = (*TAX_INPUTS, "description", "vat_category", "vatex_code", "exemption_reason")
