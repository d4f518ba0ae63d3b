"""Checks on the lines of a sales document: what cannot be sold, or sold that way."""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.sales_flow.doctype.selling_settings.selling_settings import get_selling_settings
from sales_flow.sales_flow.doctype.uom.uom import validate_whole_number_qty


def validate_lines(doc) -> None:
	if not doc.get("items"):
		frappe.throw(_("Add at least one item."))
	settings = get_selling_settings()
	is_return = bool(doc.get("is_return"))
	seen: dict[str, int] = {}
	for row in doc.items:
		validate_qty(row, is_return, settings.allow_zero_qty)
		if flt(row.rate) < 0 or flt(row.price_list_rate) < 0:
			frappe.throw(
				_("Row {0}: the rate of {1} cannot be negative.").format(row.idx, frappe.bold(row.item_code))
			)
		if not 0 <= flt(row.discount_percentage) <= 100:
			frappe.throw(_("Row {0}: the discount must be between 0 and 100 %.").format(row.idx))
		validate_whole_number_qty(row.uom, row.qty, _("Row {0}: Quantity").format(row.idx))
		if not settings.allow_multiple_items and row.item_code in seen:
			frappe.throw(
				_(
					"Row {0}: item {1} is already on row {2}; the settings do not allow the same item twice."
				).format(row.idx, frappe.bold(row.item_code), seen[row.item_code])
			)
		seen.setdefault(row.item_code, row.idx)
	validate_document_discount(doc)


def validate_qty(row, is_return: bool, allow_zero: bool) -> None:
	qty = flt(row.qty)
	if is_return:
		if qty >= 0:
			frappe.throw(_("Row {0}: a return takes negative quantities.").format(row.idx))
	elif qty < 0:
		frappe.throw(
			_("Row {0}: the quantity of {1} cannot be negative.").format(row.idx, frappe.bold(row.item_code))
		)
	elif qty == 0 and not allow_zero:
		frappe.throw(
			_("Row {0}: the quantity of {1} cannot be zero.").format(row.idx, frappe.bold(row.item_code))
		)


def validate_document_discount(doc) -> None:
	if not 0 <= flt(doc.additional_discount_percentage) <= 100:
		frappe.throw(_("The additional discount must be between 0 and 100 %."))
	if flt(doc.discount_amount) < 0 and not doc.get("is_return"):
		frappe.throw(_("The additional discount amount cannot be negative."))
