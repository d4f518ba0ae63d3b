"""Checks on the lines of a sales document: what cannot be sold, or sold that way.

A line is an item (line_type "Item", the default), a section heading or a subtotal. Headings and
subtotals only show text (and, for a subtotal, the sum the engine computes): no item, no quantity,
no price, so that they can never enter a total, a tax or a progress figure."""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.controllers.units import is_whole_number, validate_whole_number_qty
from sales_flow.settings import get_selling_settings
from sales_flow.totals.lines import ITEM, SECTION, counts_in_totals, is_item_line

# what a heading or a subtotal row may not hold: field -> label in the message
NOT_ON_LAYOUT_ROWS = {
	"item_code": "Item",
	"qty": "Quantity",
	"rate": "Rate",
	"price_list_rate": "Price List Rate",
	"discount_percentage": "Discount (%)",
	"discount_amount": "Discount Amount",
	"is_alternative": "Is Alternative",
	"subscription_plan": "Subscription Plan",
}


def validate_layout_row(row) -> None:
	"""A section heading or a subtotal: its text only. Refused rather than cleared: a quantity or a
	price typed there was meant for a line, and dropping it silently would change the quotation."""
	kind = row.get("line_type") or ITEM
	if kind == ITEM:
		return
	filled = [_(label) for field, label in NOT_ON_LAYOUT_ROWS.items() if row.get(field)]
	if filled:
		frappe.throw(
			_("Row {0}: a {1} row holds only its text, not: {2}.").format(
				row.idx, _(kind), ", ".join(filled)
			),
			title=_("Invalid Line"),
		)
	if kind == SECTION and not (row.get("item_name") or "").strip():
		frappe.throw(_("Row {0}: a Section row needs its heading in Item Name.").format(row.idx))


def keep_display_order(doc) -> None:
	"""Lines in the order the user gave them: the grid's drag and drop sets idx, and later steps
	(free items, shipping) renumber by position, so the list is put in idx order first."""
	doc.items.sort(key=lambda row: (row.idx is None, row.idx or 0))
	for n, row in enumerate(doc.items, start=1):
		row.idx = n


def validate_lines(doc) -> None:
	for row in doc.get("items") or []:
		validate_layout_row(row)
	if not any(counts_in_totals(row) for row in doc.get("items") or []):
		frappe.throw(_("Add at least one item."))
	settings = get_selling_settings()
	is_return = bool(doc.get("is_return"))
	seen: dict[str, int] = {}
	for row in doc.items:
		if not is_item_line(row):
			continue
		validate_qty(row, is_return, settings.allow_zero_qty)
		if flt(row.rate) < 0 or flt(row.price_list_rate) < 0:
			frappe.throw(
				_("Row {0}: the rate of {1} cannot be negative.").format(row.idx, frappe.bold(row.item_code))
			)
		if not 0 <= flt(row.discount_percentage) <= 100:
			frappe.throw(_("Row {0}: the discount must be between 0 and 100 %.").format(row.idx))
		if not is_whole_number(row.qty):  # the label translated only for a quantity it may refuse
			validate_whole_number_qty(row.uom, row.qty, _("Row {0}: Quantity").format(row.idx))
		# a free item row (pricing rules) may repeat its line's item: it is the gift, not a second sale
		if not settings.allow_multiple_items and row.item_code in seen and not row.get("is_free_item"):
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
