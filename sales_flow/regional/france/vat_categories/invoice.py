"""The Sales Invoice hook: each line's VAT category, code and reason stored on it, and the
combinations EN 16931 and French law refuse (one code per category, what reverse charge, intra-EU
supplies, exports and 'not subject' need of the parties and of the delivery country)."""

from collections import defaultdict

import frappe
from frappe import _

from sales_flow.regional.france.vat_categories.categories import (
	EU_COUNTRIES,
	EXPORT,
	INTRA_EU_SUPPLY,
	NOT_SUBJECT,
	REVERSE_CHARGE,
	category_label,
)
from sales_flow.regional.france.vat_categories.lines import charge_vat_data, line_vat_data, vat_classes
from sales_flow.regional.france.vat_categories.rates import charge_positions
from sales_flow.regional.france.vat_categories.templates import check_tax_rows
from sales_flow.totals.vat import priced_lines


def set_invoice_vat_categories(doc, method: str | None = None) -> None:
	"""Sales Invoice validate: the rows' data from their template, each line's category, code and
	reason stored on the line, and the combinations EN 16931 and French law refuse."""
	copy_vat_data_from_template(doc)
	check_tax_rows(doc.get("taxes") or [])
	classes = vat_classes(doc)
	counted = {id(item) for item in priced_lines(doc)}
	# a line's category depends on its VAT class and tax rates alone: worked out once for each
	# distinct pair (a document's lines share a few), the first line of a pair naming it in a refusal
	by_class: dict = {}
	lines = []
	for item in doc.items:
		if id(item) not in counted:
			item.vat_category = item.vatex_code = item.exemption_reason = None
			continue
		key = vat_class_key(item)
		if key is None or key not in by_class:
			by_class[key] = line_vat_data(doc, item, classes)
		category, _rate, code, reason = by_class[key]
		item.vat_category, item.vatex_code, item.exemption_reason = category, code, reason
		lines.append((item, category, code, reason))
	categories = {line[1] for line in lines}
	codes = {(line[1], line[2]) for line in lines}
	for position in charge_positions(doc):
		for category, _rate, code, _reason, _share in charge_vat_data(doc, position, lines):
			categories.add(category)
			codes.add((category, code))
	check_one_code_per_category(codes)
	check_parties(doc, categories)


def vat_class_key(item) -> tuple[str, str] | None:
	"""What a line's VAT data depends on, or None when its tax rates are not the stored text."""
	rates = item.get("item_tax_rate") or ""
	if not isinstance(rates, str):
		return None
	return rates, item.get("item_tax_template") or ""


def copy_vat_data_from_template(doc) -> None:
	"""The rows copied from the tax template (by the engine or a mapped document) without their VAT
	category take it from the template row of the same type and account."""
	missing = [row for row in doc.get("taxes") or [] if not has_vat_data(row)]
	# asked at each save of the request (insert, then submit): the answer kept for the request
	if (
		not missing
		or not doc.get("taxes_and_charges")
		or not frappe.db.exists("Sales Taxes and Charges Template", doc.taxes_and_charges, cache=True)
	):
		return
	template_rows = list(
		frappe.get_cached_doc("Sales Taxes and Charges Template", doc.taxes_and_charges).taxes
	)
	for row in missing:
		match = next(
			(
				source
				for source in template_rows
				if (source.charge_type, source.account_head) == (row.charge_type, row.account_head)
			),
			None,
		)
		if match:
			template_rows.remove(match)
			row.vat_category = match.vat_category
			row.vatex_code = match.vatex_code
			row.exemption_reason = match.exemption_reason


def has_vat_data(row) -> bool:
	return bool(row.get("vat_category") or row.get("vatex_code") or row.get("exemption_reason"))


def check_one_code_per_category(codes: set[tuple[str, str]]) -> None:
	"""EN 16931 has one VAT breakdown per category at 0 %: one exemption code for each."""
	by_category = defaultdict(set)
	for category, code in codes:
		by_category[category].add(code or "")
	for category, found in by_category.items():
		if len(found) > 1:
			frappe.throw(
				_(
					"This invoice has lines in the {0} category with different exemption codes ({1}): an invoice holds one of them; make one invoice per exemption."
				).format(category_label(category), ", ".join(sorted(code or "-" for code in found)))
			)


def check_parties(doc, categories: set[str]) -> None:
	"""What reverse charge, intra-EU supplies, exports and 'not subject' need of the parties."""
	if NOT_SUBJECT in categories and len(categories) > 1:
		frappe.throw(
			_("An invoice not subject to VAT (O) cannot have lines in other VAT categories ({0}).").format(
				", ".join(sorted(categories - {NOT_SUBJECT}))
			)
		)
	needs_buyer_vat = categories & {REVERSE_CHARGE, INTRA_EU_SUPPLY}
	if needs_buyer_vat and not frappe.db.get_value("Customer", doc.customer, "tax_id"):
		frappe.throw(
			_(
				"An invoice in {0} needs the customer's VAT number: {1} has none (Customer > VAT Number)."
			).format(category_label(sorted(needs_buyer_vat)[0]), frappe.bold(doc.customer)),
			title=_("VAT number missing"),
		)
	needs_seller_vat = categories & {REVERSE_CHARGE, INTRA_EU_SUPPLY, EXPORT}
	if needs_seller_vat and not frappe.db.get_value("Company", doc.company, "tax_id"):
		frappe.throw(
			_(
				"An invoice in {0} needs the company's VAT number: {1} has none (Company > VAT Number)."
			).format(category_label(sorted(needs_seller_vat)[0]), frappe.bold(doc.company)),
			title=_("VAT number missing"),
		)
	if INTRA_EU_SUPPLY in categories or EXPORT in categories:
		check_delivery_country(doc, categories)


def delivery_country(doc) -> str | None:
	"""ISO code of the country delivered to: the shipping address's, else the customer address's."""
	address = doc.get("shipping_address_name") or doc.get("customer_address")
	country = frappe.db.get_value("Address", address, "country") if address else None
	code = frappe.db.get_value("Country", country, "code", cache=True) if country else None
	return code.upper() if code else None


def check_delivery_country(doc, categories: set[str]) -> None:
	country = delivery_country(doc)
	if INTRA_EU_SUPPLY in categories:
		if not country:
			frappe.throw(
				_(
					"An intra-EU supply of goods (K) needs the country it is delivered to: give the invoice a customer or shipping address."
				)
			)
		if country == "FR" or country not in EU_COUNTRIES:
			frappe.throw(
				_("An intra-EU supply of goods (K) is delivered to another EU country, not to {0}.").format(
					country
				)
			)
	if EXPORT in categories and country in EU_COUNTRIES:
		frappe.throw(
			_("An export outside the EU (G) cannot be delivered to {0}, an EU country.").format(country)
		)
