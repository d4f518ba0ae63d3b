"""The VAT category, rate, VATEX code and reason of one invoice line, and of a charge's share on
each line, from the invoice's tax rows and the lines' VAT classes (or a clear refusal)."""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.regional.france.vat_categories.categories import (
	EXEMPT,
	NET,
	STANDARD,
	ZERO_RATED,
	category_label,
	is_vat_row,
	site_language,
)
from sales_flow.regional.france.vat_categories.rates import row_coefficients, rows_taxing, vat_rate_on


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
	# one statement written out: asked at each save, the query builder took as long as the query
	rows = frappe.db.sql(
		"""select `name`, `vat_category`, `vatex_code`, `exemption_reason`
		from `tabItem Tax Template` where `name` in %(names)s""",
		{"names": names},
		as_dict=True,
	)
	return {row.name: row for row in rows}


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
	rates: dict[str, float] = {}  # the rate on the charge depends on a line's tax rates alone
	for item, line_category, line_code, line_reason in lines:
		share = amount * flt(item.net_amount) / net_total if net_total else amount / len(lines)
		rate = charge_rate_on(taxes, item, position, rates)
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


def charge_rate_on(taxes: list, item, position: int, known: dict[str, float]) -> float:
	"""The VAT rate on a line's share of the charge at `position`, worked out once per distinct
	tax rates text (`known`)."""
	key = item.get("item_tax_rate") or ""
	if isinstance(key, str) and key in known:
		return known[key]
	rate = vat_rate_on(taxes, row_coefficients(taxes, item), position)
	if isinstance(key, str):
		known[key] = rate
	return rate
