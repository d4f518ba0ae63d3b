"""An Item Attribute's values: a list, each value with the abbreviation the variants' codes use, or
a numeric range (from, to, step) whose values are their own abbreviations."""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.utils.arguments import number_from

# a value on the range's grid: compared beyond what a user types
STEP_PRECISION = 1e-6


def validate_attribute(doc) -> None:
	"""Item Attribute validate: a list of distinct values and abbreviations, or a sane range."""
	if doc.numeric_values:
		doc.item_attribute_values = []
		if flt(doc.increment) <= 0:
			frappe.throw(
				_("Attribute {0}: the increment must be greater than zero.").format(doc.attribute_name)
			)
		if flt(doc.from_range) >= flt(doc.to_range):
			frappe.throw(_("Attribute {0}: From Range must be below To Range.").format(doc.attribute_name))
		return
	if not doc.item_attribute_values:
		frappe.throw(_("Attribute {0}: add at least one value.").format(doc.attribute_name))
	for field, label in (("attribute_value", _("value")), ("abbr", _("abbreviation"))):
		seen: set[str] = set()
		for row in doc.item_attribute_values:
			row.set(field, (row.get(field) or "").strip())
			key = row.get(field).lower()
			if key in seen:
				frappe.throw(
					_("Attribute {0}, row {1}: the {2} {3} is given twice.").format(
						doc.attribute_name, row.idx, label, frappe.bold(row.get(field))
					)
				)
			seen.add(key)


def numeric_text(value: float) -> str:
	"""36.0 -> "36", 36.5 -> "36.5": a numeric value as it reads in a code and a name."""
	return f"{flt(value):g}"


def allowed_values(attribute: str, limit: int = 500) -> dict[str, str]:
	"""{value: abbreviation} of an attribute: its list, or the first `limit` values of its range
	(what a dialog offers; abbreviation() checks any value of the range)."""
	doc = frappe.get_cached_doc("Item Attribute", attribute)
	if not doc.numeric_values:
		return {row.attribute_value: row.abbr for row in doc.item_attribute_values}
	values: dict[str, str] = {}
	value = flt(doc.from_range)
	while value <= flt(doc.to_range) + STEP_PRECISION and len(values) < limit:
		values[numeric_text(value)] = numeric_text(value)
		value = flt(value + flt(doc.increment), 6)
	return values


def in_range(doc, value: float) -> bool:
	steps = (value - flt(doc.from_range)) / flt(doc.increment)
	return (
		flt(doc.from_range) - STEP_PRECISION <= value <= flt(doc.to_range) + STEP_PRECISION
		and abs(steps - round(steps)) < STEP_PRECISION
	)


def abbreviation(attribute: str, value, where: str) -> str:
	"""The abbreviation of `value`, or a refusal naming the attribute and what it allows."""
	doc = frappe.get_cached_doc("Item Attribute", attribute)
	text = str(value if value is not None else "").strip()
	if doc.numeric_values:
		number = number_from(text)
		if number is not None and in_range(doc, number):
			return numeric_text(flt(number))
		allowed = _("{0} to {1} by {2}").format(
			numeric_text(doc.from_range), numeric_text(doc.to_range), numeric_text(doc.increment)
		)
	else:
		values = allowed_values(attribute)
		if text in values:
			return values[text]
		allowed = ", ".join(list(values)[:20])
	frappe.throw(
		_("{0}: {1} is not a value of attribute {2} (allowed: {3}).").format(
			where, frappe.bold(frappe.utils.escape_html(text) or "-"), attribute, allowed
		),
		title=_("Invalid Attribute Value"),
	)
