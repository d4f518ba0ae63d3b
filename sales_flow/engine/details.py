"""Defaults of a sales document: company, currency, price list, addresses, taxes, item details."""

import json

import frappe
from frappe import _
from frappe.contacts.doctype.address.address import get_address_display, get_default_address
from frappe.contacts.doctype.contact.contact import get_default_contact
from frappe.utils import flt

from sales_flow.engine.arguments import checked_arguments, document_argument, name_argument
from sales_flow.engine.crm import set_lead_details
from sales_flow.engine.currency import get_exchange_rate
from sales_flow.engine.lines import is_item_line
from sales_flow.engine.pricing import (
	best_price,
	best_price_row,
	get_item_price,
	get_item_prices,
	price_lists_for,
)
from sales_flow.engine.pricing_apply import (
	apply_pricing_rules,
	keeps_line_prices,
	may_edit_price_list_rate,
	preview_line_rules,
	row_rate,
)
from sales_flow.engine.source_lines import check_source_links, keeps_source_price
from sales_flow.sales_flow.doctype.company.company import get_default_company
from sales_flow.sales_flow.doctype.selling_settings.selling_settings import get_selling_settings

ITEM_FIELDS = (
	"item_name",
	"description",
	"item_group",
	"stock_uom",
	"item_tax_template",
	"disabled",
	"is_sales_item",
)


def party_of(doc) -> tuple[str | None, str | None]:
	"""(doctype, name) of whom the document is addressed to: a Customer, or a Lead for a quotation."""
	if doc.doctype == "Quotation":
		return doc.quotation_to or "Customer", doc.party_name
	return "Customer", doc.customer


def customer_of(doc) -> str | None:
	party_type, party = party_of(doc)
	return party if party_type == "Customer" else None


def draft_from_form(doc: str | dict, argument: str = "doc"):
	"""The form's unsaved document, for a helper call: the user must be allowed to write it."""
	doc = frappe.get_doc(document_argument(doc, argument))
	if doc.is_new():
		frappe.has_permission(doc.doctype, "create", throw=True)
	else:
		doc.check_permission("write")
	return doc


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
	if not doc.customer_address:
		doc.customer_address = customer.customer_primary_address or get_default_address(
			"Customer", customer.name
		)
	if doc.customer_address and not doc.address_display:
		doc.address_display = get_address_display(doc.customer_address)
	if not doc.shipping_address_name:
		doc.shipping_address_name = get_default_address("Customer", customer.name, "is_shipping_address")
	if doc.shipping_address_name and not doc.shipping_address:
		doc.shipping_address = get_address_display(doc.shipping_address_name)
	if not doc.contact_person:
		doc.contact_person = customer.customer_primary_contact or get_default_contact(
			"Customer", customer.name
		)
	if doc.contact_person and not doc.contact_email:
		doc.contact_display, doc.contact_email = frappe.db.get_value(
			"Contact", doc.contact_person, ["full_name", "email_id"]
		) or (None, None)
	if doc.meta.has_field("payment_terms_template") and not doc.payment_terms_template:
		doc.payment_terms_template = customer.payment_terms or group_default(customer, "payment_terms")


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


TAX_TEMPLATE_FIELDS = (
	"charge_type",
	"row_id",
	"account_head",
	"description",
	"included_in_print_rate",
	"rate",
	"tax_amount",
)


def item_tax_rate_json(template: str | None) -> str:
	if not template:
		return "{}"
	rows = frappe.get_cached_doc("Item Tax Template", template).taxes
	return json.dumps({row.tax_type: flt(row.tax_rate) for row in rows})


def set_item_details(doc) -> None:
	"""Fill what each line takes from its item, without overwriting what the user set, and give each
	line the list price the server resolves (set_list_price). Items, prices and source lines are read
	in one query each (per source table) for the whole document."""
	customer = customer_of(doc)
	date = doc.get("posting_date") or doc.get("transaction_date")
	# section headings and subtotals have no item: nothing to fill (engine/lines.py checks them)
	item_rows = [row for row in doc.items if is_item_line(row)]
	items = sales_items(item_rows)
	# for validate_prices: the discounts of the documents this one was made from
	doc._source_headers = check_source_links(doc)
	to_price = rows_to_price(doc, item_rows)
	price_lists = price_lists_for(doc)
	prices = (
		get_item_prices({row.item_code for row in to_price}, price_lists, customer, date)
		if to_price and price_lists
		else []
	)
	unpriced = {id(row) for row in to_price}
	trusted = keeps_line_prices(doc)
	may_edit = may_edit_price_list_rate()
	tax_rates: dict[str | None, str] = {}
	for row in item_rows:
		fill_row(row, items[row.item_code], tax_rates)
		if id(row) not in unpriced:
			continue
		found = best_price_row(prices, row.item_code, row.uom, price_lists)
		resolved = in_document_currency(doc, found.price_list_rate if found else None)
		if trusted:
			row.price_list_rate = resolved
			row._price_source = price_source(found)
		else:
			set_list_price(row, resolved, found, may_edit)
	# pricing rules last: they start from the list prices; the free item rows they add are filled here
	apply_pricing_rules(
		doc, lambda rows: [fill_row(r, sales_items(rows)[r.item_code], tax_rates) for r in rows]
	)


def rows_to_price(doc, item_rows: list) -> list:
	"""Every line gets its list price from the server, except free rows (the rules give them), lines
	keeping the price agreed on their source line, and, on documents keeping their line prices
	(pricing_apply.keeps_line_prices), lines that came with a price."""
	if keeps_line_prices(doc):
		return [
			row
			for row in item_rows
			if not flt(row.price_list_rate) and not flt(row.rate) and not row.get("is_free_item")
		]
	return [row for row in item_rows if not row.get("is_free_item") and not keeps_source_price(row)]


def set_list_price(row, resolved: float, found: dict | None, may_edit: bool) -> None:
	"""The line's list price is the resolved one, never the one a request sent, unless Selling
	Settings let this user edit it. What the line came with stays as its agreed rate (a rate typed
	over another list price, or over none, as in ERPNext's form): a discount or a mark-up on the
	resolved price, which pricing_apply.validate_prices then checks. No price resolved: no list
	price, the rate stands (ERPNext), and there is nothing to compare it with."""
	row._resolved_list_rate = resolved
	typed = flt(row.price_list_rate)
	if may_edit and typed:
		return
	row._price_source = price_source(found)
	precision = row.precision("price_list_rate")
	if flt(typed, precision) == flt(resolved, precision):
		return
	agreed = flt(row_rate(row), row.precision("rate")) if typed or flt(row.rate) else None
	row.price_list_rate = resolved
	if agreed is not None:
		keep_agreed_rate(row, agreed)


def keep_agreed_rate(row, agreed: float) -> None:
	"""Set the line's discount or margin so that the totals engine gives `agreed` from its list price."""
	list_rate = flt(row.price_list_rate)
	row.update(
		{
			"margin_type": "",
			"margin_rate_or_amount": 0,
			"discount_percentage": 0,
			"discount_amount": 0,
			"rate": agreed,
		}
	)
	if not list_rate:
		return
	if agreed > list_rate:
		row.update({"margin_type": "Amount", "margin_rate_or_amount": agreed - list_rate})
	else:
		row.discount_amount = list_rate - agreed


def fill_row(row, item, tax_rates: dict[str | None, str]) -> None:
	"""What a line takes from its item, without overwriting what the user set."""
	if row.qty is None:
		row.qty = 1  # a line sent without quantity sells one (the grid's default)
	row.item_name = row.item_name or item.item_name
	row.description = row.description or item.description or item.item_name
	row.item_group = item.item_group
	row.uom = row.uom or item.stock_uom
	row.conversion_factor = flt(row.conversion_factor) or 1
	row.stock_qty = flt(row.qty) * row.conversion_factor
	if not row.item_tax_template:
		row.item_tax_template = item.item_tax_template
	if row.item_tax_template not in tax_rates:
		tax_rates[row.item_tax_template] = item_tax_rate_json(row.item_tax_template)
	row.item_tax_rate = tax_rates[row.item_tax_template]


def price_source(found: dict | None) -> dict | None:
	"""Where a list price came from, for "why this price"."""
	if not found:
		return None
	return {
		"price_list": found.get("price_list"),
		"customer": found.get("customer") or None,
		"uom": found.get("uom") or None,
		"valid_from": str(found.valid_from) if found.get("valid_from") else None,
	}


def in_document_currency(doc, price: float | None) -> float:
	"""List prices are in the list's currency: through the company currency into the document's."""
	if price is None:
		return 0.0
	return flt(price) * flt(doc.plc_conversion_rate or 1) / flt(doc.conversion_rate or 1)


def price_in_document_currency(doc, row, customer: str | None, date) -> float:
	return in_document_currency(
		doc, get_item_price(row.item_code, price_lists_for(doc), row.uom, customer, date)
	)


def sales_items(rows) -> dict:
	"""The items of these lines, checked: each exists, is enabled and is sold."""
	codes = {row.item_code for row in rows if row.item_code}
	found = (
		{
			item.name: item
			for item in frappe.get_all(
				"Item", filters={"name": ("in", list(codes))}, fields=["name", *ITEM_FIELDS]
			)
		}
		if codes
		else {}
	)
	for row in rows:
		check_sales_item(found.get(row.item_code), row.item_code, row.idx)
	return found


def check_sales_item(item, item_code: str | None, idx: int) -> None:
	if not item_code:
		frappe.throw(_("Row {0}: Item is mandatory.").format(idx))
	if not item:
		frappe.throw(_("Row {0}: Item {1} does not exist.").format(idx, frappe.bold(item_code)))
	if item.disabled:
		frappe.throw(_("Row {0}: Item {1} is disabled.").format(idx, frappe.bold(item_code)))
	if not item.is_sales_item:
		frappe.throw(_("Row {0}: Item {1} is not a sales item.").format(idx, frappe.bold(item_code)))


def get_sales_item(item_code: str | None, idx: int):
	item = frappe.db.get_value("Item", item_code, ITEM_FIELDS, as_dict=True) if item_code else None
	check_sales_item(item, item_code, idx)
	return item


@frappe.whitelist()
@checked_arguments
def get_item_details(
	doc: str | dict, item_code: str, uom: str | None = None, qty: float | None = None
) -> dict:
	"""What the form needs when a user picks an item: one round trip per item picked, none per keystroke.
	The pricing rules of that line come too (the whole document is priced again at save)."""
	doc = draft_from_form(doc)
	if uom:
		name_argument(uom, "uom", "UOM")  # an unknown unit would just find no price
	row = frappe._dict(item_code=item_code, uom=uom, idx=0, qty=flt(qty) or 1)
	doc.items = []
	set_missing_values(doc)
	item = get_sales_item(item_code, 0)
	row.uom = uom or item.stock_uom
	customer = customer_of(doc)
	price_list_rate = price_in_document_currency(
		doc, row, customer, doc.get("posting_date") or doc.get("transaction_date")
	)
	return {
		"item_name": item.item_name,
		"description": item.description or item.item_name,
		"item_group": item.item_group,
		"uom": row.uom,
		"item_tax_template": item.item_tax_template,
		"item_tax_rate": item_tax_rate_json(item.item_tax_template),
		"price_list_rate": price_list_rate,
		**preview_line_rules(doc, row, item.item_group, price_list_rate),
	}


# what follows from the customer and the company, as the form needs it
PARTY_FIELDS = (
	"company",
	"customer_name",
	"customer_group",
	"territory",
	"customer_address",
	"address_display",
	"shipping_address_name",
	"shipping_address",
	"contact_person",
	"contact_display",
	"contact_email",
	"selling_price_list",
	"price_list_currency",
	"currency",
	"conversion_rate",
	"plc_conversion_rate",
	"taxes_and_charges",
	"payment_terms_template",
	"language",
)


@frappe.whitelist()
@checked_arguments
def get_party_details(doc: str | dict) -> dict:
	"""Defaults of a draft for its customer (addresses, price list, currency, taxes, payment terms),
	with its lines re-priced from the customer's price list: one round trip when a customer is chosen."""
	doc = draft_from_form(doc)
	for field in PARTY_FIELDS[1:]:
		if doc.meta.has_field(field) and field not in ("taxes_and_charges",):
			doc.set(field, None)
	if not doc.get("taxes_and_charges"):
		doc.taxes = []
	set_missing_values(doc)
	customer = customer_of(doc)
	date = doc.get("posting_date") or doc.get("transaction_date")
	rows = [
		r
		for r in doc.get("items") or []
		if r.item_code and is_item_line(r) and not r.get("so_detail") and not r.get("quotation_item")
	]
	items = sales_items(rows)
	for row in rows:
		# priced in the unit the line will have once saved
		row.uom = row.uom or items[row.item_code].stock_uom
	price_lists = price_lists_for(doc)
	found = get_item_prices({r.item_code for r in rows}, price_lists, customer, date) if rows else []
	prices = {
		r.name or r.idx: in_document_currency(doc, best_price(found, r.item_code, r.uom, price_lists))
		for r in rows
	}
	return {
		**{field: doc.get(field) for field in PARTY_FIELDS if doc.meta.has_field(field)},
		"taxes": [
			{field: row.get(field) for field in (*TAX_TEMPLATE_FIELDS,)} for row in doc.get("taxes") or []
		],
		"prices": prices,
	}
