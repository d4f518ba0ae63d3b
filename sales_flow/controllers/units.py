"""Units of measure on sales lines: whole-number units and enabled units."""

import frappe
from frappe import _
from frappe.utils import flt

# a quantity computed from a conversion (e.g. 3 x 0.1) may differ from a whole number by a rounding error
WHOLE_NUMBER_TOLERANCE = 1e-9


class UOMMustBeIntegerError(frappe.ValidationError):
	pass


def must_be_whole_number(uom: str | None) -> bool:
	return bool(uom) and bool(frappe.get_cached_value("UOM", uom, "must_be_whole_number"))


def is_whole_number(qty: float) -> bool:
	qty = flt(qty)
	return abs(qty - round(qty)) < WHOLE_NUMBER_TOLERANCE


def validate_whole_number_qty(uom: str | None, qty: float, label: str) -> None:
	"""Refuse a fractional quantity (e.g. 1.5) in a unit counted in whole numbers (e.g. Box).

	`label` says where the quantity is, already translated, e.g. _("Row {0}: Quantity").format(2)."""
	if must_be_whole_number(uom) and not is_whole_number(qty):
		frappe.throw(
			_("{0}: {1} is not a whole number, but quantities in {2} must be whole numbers.").format(
				label, frappe.bold(f"{flt(qty):.9g}"), frappe.bold(_(uom))
			),
			UOMMustBeIntegerError,
			title=_("Whole Number Required"),
		)


def validate_uom_is_enabled(uom: str | None, label: str) -> None:
	"""A disabled unit stays on existing records but is not chosen again."""
	if uom and not frappe.get_cached_value("UOM", uom, "enabled"):
		frappe.throw(_("{0}: the unit {1} is disabled.").format(label, frappe.bold(_(uom))))
