"""The tax rows a sales document or a tax template holds, checked before the totals engine reads them."""

from typing import Any

import frappe
from frappe import _
from frappe.utils import flt

ACTUAL = "Actual"


ON_NET_TOTAL = "On Net Total"


ON_PREVIOUS_ROW_AMOUNT = "On Previous Row Amount"


ON_PREVIOUS_ROW_TOTAL = "On Previous Row Total"


CHARGE_TYPES = (ACTUAL, ON_NET_TOTAL, ON_PREVIOUS_ROW_AMOUNT, ON_PREVIOUS_ROW_TOTAL)


PREVIOUS_ROW_TYPES = (ON_PREVIOUS_ROW_AMOUNT, ON_PREVIOUS_ROW_TOTAL)


PERCENTAGE_TYPES = (ON_NET_TOTAL, ON_PREVIOUS_ROW_AMOUNT, ON_PREVIOUS_ROW_TOTAL)


def validate_tax_rows(rows: list) -> None:
	"""Check the rows in order (row numbers are positions, from 1) and normalise them in place.

	Rows may be child documents or plain dicts: transactions call this from their own `validate`.
	"""
	for number, row in enumerate(rows, start=1):
		charge_type = validate_charge_type(row, number)
		set_description_from_account(row)
		if charge_type in PREVIOUS_ROW_TYPES:
			reference = validate_reference_row(row, number, len(rows))
			validate_included_in_print_rate_reference(row, number, rows[reference - 1], reference)
		else:
			# a hidden leftover of a previous charge type must not be mistaken for a reference
			set_value(row, "row_id", None)
		if charge_type == ACTUAL and row.get("included_in_print_rate"):
			frappe.throw(
				_("Row #{0}: a tax of type {1} cannot be included in the basic rate.").format(
					number, _(ACTUAL)
				)
			)
		validate_amounts(row, number, charge_type)


def validate_charge_type(row: Any, number: int) -> str:
	charge_type = row.get("charge_type")
	if not charge_type:
		frappe.throw(_("Row #{0}: Type is mandatory.").format(number))
	if charge_type not in CHARGE_TYPES:
		frappe.throw(_("Row #{0}: {1} is not a valid charge type.").format(number, frappe.bold(charge_type)))
	if number == 1 and charge_type in PREVIOUS_ROW_TYPES:
		frappe.throw(
			_(
				"Row #{0}: charge type {1} cannot be used on the first row, as there is no previous row."
			).format(number, _(charge_type))
		)
	return charge_type


def set_description_from_account(row: Any) -> None:
	if not (row.get("description") or "").strip() and row.get("account_head"):
		set_value(row, "description", row.get("account_head"))


def validate_reference_row(row: Any, number: int, row_count: int) -> int:
	"""The earlier row this one is computed on; stored back as a plain number ("2", not " 2")."""
	charge_type = row.get("charge_type")
	row_id = str(row.get("row_id") or "").strip()
	if not row_id:
		frappe.throw(_("Row #{0}: Reference Row # is mandatory for type {1}.").format(number, _(charge_type)))
	if not row_id.isdigit():
		frappe.throw(
			_("Row #{0}: Reference Row # {1} is not a row number.").format(number, frappe.bold(row_id))
		)
	reference = int(row_id)
	if reference < 1 or reference > row_count:
		frappe.throw(_("Row #{0}: Reference Row # {1} does not exist.").format(number, reference))
	if reference >= number:
		frappe.throw(
			_("Row #{0}: Reference Row # {1} must be an earlier row than this one.").format(number, reference)
		)
	set_value(row, "row_id", str(reference))
	return reference


def validate_included_in_print_rate_reference(
	row: Any, number: int, reference_row: Any, reference: int
) -> None:
	# a tax included in the price cannot be computed on an amount that is not itself in the price
	if row.get("included_in_print_rate") and not reference_row.get("included_in_print_rate"):
		frappe.throw(
			_(
				"Row #{0}: this tax is included in the basic rate, so the row it refers to (row #{1}) must be included in the basic rate too."
			).format(number, reference)
		)


def validate_amounts(row: Any, number: int, charge_type: str) -> None:
	rate = flt(row.get("rate"))
	if charge_type in PERCENTAGE_TYPES and not 0 <= rate <= 100:
		frappe.throw(_("Row #{0}: Rate {1} must be between 0 and 100 %.").format(number, f"{rate:g}"))
	if charge_type == ACTUAL and flt(row.get("tax_amount")) < 0:
		frappe.throw(_("Row #{0}: Amount cannot be negative for type {1}.").format(number, _(ACTUAL)))


def set_value(row: Any, fieldname: str, value: Any) -> None:
	if isinstance(row, dict):
		row[fieldname] = value
	else:
		row.set(fieldname, value)
