"""VAT classes (Item Tax Template) and Sales Taxes and Charges Templates, checked when saved: a
category that agrees with the rates, and one regime for the lines at 0 %."""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.regional.france.vat_categories.categories import (
	STANDARD,
	ZERO_RATED,
	category_label,
	complete_vat_data,
	is_vat_row,
)


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
