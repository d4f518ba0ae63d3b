"""The VAT categories and their VATEX codes as data: labels, the legal mention of each, a VAT class's
or tax row's category checked against its code and reason (completed when left empty), and the
exemption mentions an invoice prints."""

from typing import Any

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import flt

from sales_flow.totals.calculation import ON_NET_TOTAL, ON_PREVIOUS_ROW_AMOUNT, ON_PREVIOUS_ROW_TOTAL
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


def is_vat_row(row) -> bool:
	return row.get("charge_type") in PERCENTAGE_TYPES


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
