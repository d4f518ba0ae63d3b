"""EN 16931 VAT categories as data, with the mention French law prints for each.

A VAT class (Item Tax Template) and every tax row carry a VAT category, a VATEX code and an
exemption reason. The reason is both the mention printed on the invoice and the XML's BT-120: one
datum, never derived from a description. Left empty, the legal mention of the category is filled in
(reverse charge, intra-EU supply, export, not subject, VAT franchise of art. 293 B).

Every percentage row (on the net total or on a previous row) is VAT; an Actual row is a charge
(shipping...), taxed by the VAT rows computed on it. A line's category, set on the invoice line
when the invoice is saved:
1. a line taxed above 0 % is S (a row or a VAT class saying otherwise is refused);
2. at 0 %: the category the invoice's VAT rows give (the tax template's regime: AE, K, G, E, O),
   else the VAT class's (Z, E...); a standard-rated class left at 0 % by the rows is refused;
3. an invoice without any VAT row (older invoices) is exempt (E) with a generic reason.
A charge follows the rate of the VAT rows on it, else its own category, else its line's; an untaxed
charge on standard-rated lines is zero-rated (Z).
"""

from collections import defaultdict
from typing import Any

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import flt

from sales_flow.totals.calculation import (
	ON_NET_TOTAL,
	ON_PREVIOUS_ROW_AMOUNT,
	ON_PREVIOUS_ROW_TOTAL,
	row_index,
	tax_rate_for,
)
from sales_flow.totals.vat import priced_lines

STANDARD, ZERO_RATED, EXEMPT = "S", "Z", "E"
REVERSE_CHARGE, INTRA_EU_SUPPLY, EXPORT, NOT_SUBJECT = "AE", "K", "G", "O"
CATEGORIES = (STANDARD, ZERO_RATED, EXEMPT, REVERSE_CHARGE, INTRA_EU_SUPPLY, EXPORT, NOT_SUBJECT)
# a breakdown of these needs an exemption reason or code (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10,
# BR-O-10); S and Z may carry none (BR-S-10, BR-Z-10)
WITH_REASON = (EXEMPT, REVERSE_CHARGE, INTRA_EU_SUPPLY, EXPORT, NOT_SUBJECT)
FRANCHISE = "VATEX-FR-FRANCHISE"
# the VATEX codes of the categories other than E; every other code is an exemption
CODE_CATEGORY = {
	"VATEX-EU-AE": REVERSE_CHARGE,
	"VATEX-FR-AE": REVERSE_CHARGE,
	"VATEX-EU-IC": INTRA_EU_SUPPLY,
	"VATEX-EU-G": EXPORT,
	"VATEX-EU-O": NOT_SUBJECT,
}
DEFAULT_CODE = {
	REVERSE_CHARGE: "VATEX-EU-AE",
	INTRA_EU_SUPPLY: "VATEX-EU-IC",
	EXPORT: "VATEX-EU-G",
	NOT_SUBJECT: "VATEX-EU-O",
}
EU_COUNTRIES = frozenset(
	"AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
PERCENTAGE_TYPES = (ON_NET_TOTAL, ON_PREVIOUS_ROW_AMOUNT, ON_PREVIOUS_ROW_TOTAL)
NET = "net"  # in a row's coefficients: the line's own net amount


def category_label(category: str) -> str:
	return {
		STANDARD: _("standard rate (S)"),
		ZERO_RATED: _("zero rate (Z)"),
		EXEMPT: _("exempt (E)"),
		REVERSE_CHARGE: _("reverse charge (AE)"),
		INTRA_EU_SUPPLY: _("intra-EU supply of goods (K)"),
		EXPORT: _("export outside the EU (G)"),
		NOT_SUBJECT: _("not subject to VAT (O)"),
	}.get(category, category)


def legal_mention(category: str, code: str | None) -> str | None:
	"""The mention French law requires on an invoice of this category (CGI art. 242 nonies A)."""
	if code == FRANCHISE:
		return _("VAT not applicable, art. 293 B of the French General Tax Code")
	return {
		REVERSE_CHARGE: _("Reverse charge"),
		INTRA_EU_SUPPLY: _("VAT exemption, art. 262 ter I of the French General Tax Code"),
		EXPORT: _("VAT exemption, art. 262 I of the French General Tax Code"),
		NOT_SUBJECT: _("Not subject to VAT"),
	}.get(category)


def site_language():
	"""A mention is stored once for every invoice that prints it: in the site's language, not in the
	language of the user who happened to save it."""
	return print_language(frappe.get_system_settings("language") or "fr")


def code_category(code: str) -> str:
	return CODE_CATEGORY.get(code, EXEMPT)


def set_value(holder: Any, fieldname: str, value: Any) -> None:
	if isinstance(holder, dict):
		holder[fieldname] = value
	else:
		holder.set(fieldname, value)


def complete_vat_data(holder: Any, where: str) -> None:
	"""Check a category against its code and reason; fill in the code and the legal mention it
	implies. `where` names the holder in messages (a VAT class, a row)."""
	category = holder.get("vat_category") or STANDARD
	code = holder.get("vatex_code") or ""
	reason = (holder.get("exemption_reason") or "").strip()
	if category not in CATEGORIES:
		frappe.throw(_("{0}: {1} is not a VAT category.").format(where, frappe.bold(category)))
	if category not in WITH_REASON:
		if code or reason:
			frappe.throw(
				_(
					"{0}: a {1} takes no exemption code or reason; they belong to the categories E, AE, K, G and O."
				).format(where, category_label(category))
			)
		return
	if code and code_category(code) != category:
		frappe.throw(
			_("{0}: the exemption code {1} is for {2}, not for {3}.").format(
				where, code, category_label(code_category(code)), category_label(category)
			)
		)
	code = code or DEFAULT_CODE.get(category, "")
	if not reason:
		with site_language():
			reason = legal_mention(category, code) or ""
	if not reason:
		frappe.throw(
			_(
				"{0}: an exempt VAT category (E) needs the exemption reason printed on the invoice, e.g. the article of the tax code."
			).format(where)
		)
	set_value(holder, "vatex_code", code)
	set_value(holder, "exemption_reason", reason)


# ---------------------------------------------------------------- VAT classes and tax templates


def validate_vat_class(doc, method: str | None = None) -> None:
	"""Item Tax Template: S when a rate is above 0, another category only with every rate at 0."""
	where = _("VAT class {0}").format(frappe.bold(doc.title))
	taxed = [row for row in doc.taxes if flt(row.tax_rate)]
	if not doc.vat_category:
		doc.vat_category = STANDARD if taxed else ZERO_RATED
	if doc.vat_category == STANDARD and not taxed:
		frappe.throw(
			_(
				"{0}: the standard rate (S) needs a rate above 0 %; a class at 0 % is zero-rated (Z) or exempt (E)."
			).format(where)
		)
	if doc.vat_category != STANDARD and taxed:
		row = taxed[0]
		frappe.throw(
			_("{0}: a {1} applies no VAT, but row #{2} ({3}) has a rate of {4} %.").format(
				where, category_label(doc.vat_category), row.idx, row.tax_type, flt(row.tax_rate)
			)
		)
	complete_vat_data(doc, where)


def validate_tax_template(doc, method: str | None = None) -> None:
	"""Sales Taxes and Charges Template: the rows' categories, as an invoice will check them."""
	check_tax_rows(doc.taxes)


def is_vat_row(row) -> bool:
	return row.get("charge_type") in PERCENTAGE_TYPES


def check_tax_rows(rows: list) -> None:
	"""Each row's category against its rate, code and reason; one regime for the lines at 0 %."""
	for row in rows:
		where = _("Row #{0}").format(row.idx)
		category = row.get("vat_category")
		if category and category != STANDARD and is_vat_row(row) and flt(row.rate):
			frappe.throw(
				_("{0}: a {1} applies no VAT: the rate must be 0 %, not {2} %.").format(
					where, category_label(category), flt(row.rate)
				)
			)
		complete_vat_data(row, where)
	regime_rows = [
		row for row in rows if is_vat_row(row) and row.get("vat_category") not in (None, "", STANDARD)
	]
	for row in regime_rows[1:]:
		first = regime_rows[0]
		if (row.vat_category, row.vatex_code) != (first.vat_category, first.vatex_code):
			frappe.throw(
				_(
					"Rows #{0} and #{1} give the lines at 0 % two different VAT categories or exemption codes ({2}, {3}): one tax template holds one of them."
				).format(
					first.idx,
					row.idx,
					" ".join(filter(None, (first.vat_category, first.vatex_code))),
					" ".join(filter(None, (row.vat_category, row.vatex_code))),
				)
			)


# ---------------------------------------------------------------- rates of a line


def row_coefficients(taxes: list, item) -> list[dict]:
	"""What each tax row amounts to on one line, as {base: factor}: NET is the line's net amount,
	an integer i the share of the Actual row at position i spread on this line (the engine spreads
	an actual charge over the lines by net amount). Follows totals/calculation.py: calculate_taxes."""
	line = {"item_tax_rate": item.get("item_tax_rate")}
	coefficients: list[dict] = []
	for position, tax in enumerate(taxes):
		rate = tax_rate_for({"account_head": tax.get("account_head"), "rate": tax.get("rate")}, line) / 100
		charge_type = tax.get("charge_type")
		if charge_type == ON_NET_TOTAL:
			coefficient = {NET: rate}
		elif charge_type == ON_PREVIOUS_ROW_AMOUNT:
			coefficient = scaled(coefficients[row_index(tax)], rate)
		elif charge_type == ON_PREVIOUS_ROW_TOTAL:
			running: dict = {NET: 1.0}
			for previous in coefficients[: row_index(tax) + 1]:
				for base, factor in previous.items():
					running[base] = running.get(base, 0.0) + factor
			coefficient = scaled(running, rate)
		else:
			coefficient = {position: 1.0}
		coefficients.append(coefficient)
	return coefficients


def scaled(coefficient: dict, factor: float) -> dict:
	return {base: value * factor for base, value in coefficient.items()}


def vat_rate_on(taxes: list, coefficients: list[dict], base) -> float:
	"""The VAT rate (in %) the VAT rows put on one base of a line (its net amount or a charge)."""
	return flt(
		100 * sum(c.get(base, 0.0) for tax, c in zip(taxes, coefficients, strict=True) if is_vat_row(tax)),
		3,
	)


def rows_taxing(taxes: list, coefficients: list[dict], base) -> list:
	return [tax for tax, c in zip(taxes, coefficients, strict=True) if is_vat_row(tax) and c.get(base, 0) > 0]


# ---------------------------------------------------------------- categories of an invoice


def regime_of(taxes: list) -> tuple[str, str, str] | None:
	"""(category, code, reason) the VAT rows give the lines at 0 %, if any (check_tax_rows keeps it
	to one)."""
	for row in taxes:
		if is_vat_row(row) and row.get("vat_category") not in (None, "", STANDARD):
			return row.vat_category, row.vatex_code or "", row.exemption_reason or ""
	return None


def vat_classes(doc) -> dict[str, frappe._dict]:
	names = list({item.item_tax_template for item in doc.items if item.get("item_tax_template")})
	if not names:
		return {}
	return {
		row.name: row
		for row in frappe.get_all(
			"Item Tax Template",
			filters={"name": ("in", names)},
			fields=["name", "vat_category", "vatex_code", "exemption_reason"],
		)
	}


def line_vat_data(doc, item, classes: dict) -> tuple[str, float, str, str]:
	"""(category, rate, VATEX code, reason) of one invoice line, or a clear refusal."""
	taxes = doc.get("taxes") or []
	coefficients = row_coefficients(taxes, item)
	rate = vat_rate_on(taxes, coefficients, NET)
	vat_class = classes.get(item.get("item_tax_template")) or frappe._dict()
	where = _("Row #{0} ({1})").format(item.idx, item.item_code or item.item_name)
	if rate > 0:
		for row in rows_taxing(taxes, coefficients, NET):
			if row.get("vat_category") not in (None, "", STANDARD):
				frappe.throw(
					_("{0}: tax row #{1} is a {2} but taxes this line at {3} %.").format(
						where, row.idx, category_label(row.vat_category), rate
					)
				)
		if vat_class.vat_category not in (None, "", STANDARD):
			frappe.throw(
				_("{0}: its VAT class {1} is a {2} but the tax rows tax it at {3} %.").format(
					where, frappe.bold(vat_class.name), category_label(vat_class.vat_category), rate
				)
			)
		return STANDARD, rate, "", ""
	regime = regime_of(taxes)
	if regime:
		return regime[0], 0.0, regime[1], regime[2]
	if vat_class.vat_category not in (None, "", STANDARD):
		return vat_class.vat_category, 0.0, vat_class.vatex_code or "", vat_class.exemption_reason or ""
	if not any(is_vat_row(row) for row in taxes):
		with site_language():
			return EXEMPT, 0.0, "", _("VAT exempt")
	frappe.throw(
		_(
			"{0}: no VAT row taxes this line, and nothing says why (a VAT class or tax row with a VAT category other than S): add the VAT row of its rate, or choose the VAT class or tax template of its case (zero rate, exemption, reverse charge...)."
		).format(where)
	)


def charge_vat_data(doc, position: int, lines: list[tuple]) -> list[tuple[str, float, str, str, float]]:
	"""An Actual row (at `position` in the taxes) split by the VAT its share on each line bears:
	[(category, rate, code, reason, share)], shares unrounded. `lines` are (item, category, code,
	reason) of the priced lines."""
	taxes = doc.get("taxes") or []
	row = taxes[position]
	amount = flt(row.tax_amount)
	net_total = sum(flt(item.net_amount) for item, *_rest in lines)
	parts = []
	for item, line_category, line_code, line_reason in lines:
		share = amount * flt(item.net_amount) / net_total if net_total else amount / len(lines)
		coefficients = row_coefficients(taxes, item)
		rate = vat_rate_on(taxes, coefficients, position)
		if rate > 0:
			parts.append((STANDARD, rate, "", "", share))
		elif row.get("vat_category") == STANDARD:
			frappe.throw(
				_("Tax row #{0} ({1}) is a standard-rated charge, but no VAT row is computed on it.").format(
					row.idx, row.description or row.account_head
				)
			)
		elif row.get("vat_category"):
			parts.append((row.vat_category, 0.0, row.vatex_code or "", row.exemption_reason or "", share))
		elif line_category != STANDARD:
			parts.append((line_category, 0.0, line_code, line_reason, share))
		else:
			parts.append((ZERO_RATED, 0.0, "", "", share))
	return parts


def charge_positions(doc) -> list[int]:
	return [
		position
		for position, row in enumerate(doc.get("taxes") or [])
		if not is_vat_row(row) and flt(row.tax_amount)
	]


def vat_by_rate(doc) -> dict[float, tuple[float, float]]:
	"""{rate: (VAT, VAT in the company's currency)}, signed as stored, rates above 0 only.

	Each VAT row's amount goes to the rates of what it taxes (a line's net amount, a charge's share
	on a line), so that the rates add up to the rows to the cent; a row taxing one rate (the usual
	one row per rate) gives it exactly its amounts, the base one included."""
	taxes = doc.get("taxes") or []
	lines = [(row_coefficients(taxes, item), flt(item.net_amount)) for item in priced_lines(doc)]
	net_total = sum(net for _coefficients, net in lines)
	shares = {
		position: [
			flt(taxes[position].tax_amount) * net / net_total if net_total else 0.0 for _c, net in lines
		]
		for position in charge_positions(doc)
	}
	result: dict[float, list[float]] = defaultdict(lambda: [0.0, 0.0])
	for index, row in enumerate(taxes):
		if not is_vat_row(row):
			continue
		exact: dict[float, float] = defaultdict(float)
		for n, (coefficients, net) in enumerate(lines):
			for base, factor in coefficients[index].items():
				amount = net if base == NET else shares.get(base, [0.0] * len(lines))[n]
				exact[vat_rate_on(taxes, coefficients, base)] += factor * amount
		exact = {rate: amount for rate, amount in exact.items() if rate > 0 and amount}
		if not exact and flt(row.tax_amount):
			exact = {flt(row.rate, 3): 1.0}  # a row without lines to tax (typed by hand): its own rate
		for rate, (amount, base_amount) in split_row(row, exact).items():
			result[rate][0] += amount
			result[rate][1] += base_amount
	return {
		rate: (flt(amount, 2), flt(base_amount, 2))
		for rate, (amount, base_amount) in sorted(result.items(), reverse=True)
	}


def split_row(row, exact: dict[float, float]) -> dict[float, tuple[float, float]]:
	"""A row's amounts in proportion of what each rate bears, the largest share taking the cents."""
	total = sum(exact.values())
	if not total:
		return {}
	largest = max(exact, key=lambda rate: abs(exact[rate]))
	parts = {}
	for field in ("tax_amount", "base_tax_amount"):
		value = flt(row.get(field))
		rounded = {rate: flt(value * amount / total, 2) for rate, amount in exact.items()}
		rounded[largest] = flt(value - sum(part for rate, part in rounded.items() if rate != largest), 2)
		parts[field] = rounded
	return {rate: (parts["tax_amount"][rate], parts["base_tax_amount"][rate]) for rate in exact}


# ---------------------------------------------------------------- the invoice hook


def set_invoice_vat_categories(doc, method: str | None = None) -> None:
	"""Sales Invoice validate: the rows' data from their template, each line's category, code and
	reason stored on the line, and the combinations EN 16931 and French law refuse."""
	copy_vat_data_from_template(doc)
	check_tax_rows(doc.get("taxes") or [])
	classes = vat_classes(doc)
	counted = {id(item) for item in priced_lines(doc)}
	lines = []
	for item in doc.items:
		if id(item) not in counted:
			item.vat_category = item.vatex_code = item.exemption_reason = None
			continue
		category, _rate, code, reason = line_vat_data(doc, item, classes)
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


def copy_vat_data_from_template(doc) -> None:
	"""The rows copied from the tax template (by the engine or a mapped document) without their VAT
	category take it from the template row of the same type and account."""
	if not doc.get("taxes_and_charges") or not frappe.db.exists(
		"Sales Taxes and Charges Template", doc.taxes_and_charges
	):
		return
	template_rows = list(
		frappe.get_cached_doc("Sales Taxes and Charges Template", doc.taxes_and_charges).taxes
	)
	for row in doc.taxes:
		if row.get("vat_category") or row.get("vatex_code") or row.get("exemption_reason"):
			continue
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


# ---------------------------------------------------------------- printing


def vat_mentions(doc) -> list[str]:
	"""The exemption mentions an invoice prints: the reasons stored on its lines and on its charges
	of their own category, the very data its XML sends as BT-120 (print template, hooks.jinja)."""
	if doc.get("doctype") != "Sales Invoice":
		return []
	reasons = [item.get("exemption_reason") for item in priced_lines(doc)]
	reasons += [
		row.get("exemption_reason")
		for row in doc.get("taxes") or []
		if not is_vat_row(row) and flt(row.get("tax_amount"))
	]
	return list(dict.fromkeys(reason.strip() for reason in reasons if (reason or "").strip()))
