"""Items from the previous program's export, with their price and VAT class.

An item is found again by its code (the item code itself), its price as the item's price in the
migration's price list for its unit, valid today: running the same file again changes nothing, and a
changed row updates what it made.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate
from frappe.utils.nestedset import get_root_of

from sales_flow.migration.context import Context
from sales_flow.migration.rows import (
	Outcome,
	Row,
	apply_changes,
	note_repeated_codes,
	same,
	unchanged_message,
)

# ---------------------------------------------------------------- items: checks


def check_items(rows: list[Row], context: Context) -> None:
	note_repeated_codes(rows, _("Item code {0} is already on line {1}."))
	for row in rows:
		if row.get("uom") and not context.uom(row.get("uom")):
			row.problems.append(_("Unit {0} is not known.").format(row.get("uom")))
		if row.get("price") is not None:
			if row.get("price") < 0:
				row.problems.append(_("The price cannot be negative."))
			if not context.price_list:
				row.problems.append(_("A price needs the migration's Price List."))
		if row.get("vat_rate") is not None:
			row.values["vat_rate"] = vat_percent(row.get("vat_rate"))
			if not context.vat_classes.get(row.get("vat_rate")):
				row.problems.append(
					_(
						"VAT rate {0} %: no VAT class (Item Tax Template) at this rate; choose one in the VAT Rates table."
					).format(frappe.format(row.get("vat_rate"), "Float"))
				)
		group = row.get("item_group")
		if group and not context.group_available("Item Group", group):
			row.problems.append(
				_("Item group {0} does not exist, and your roles may not create it.").format(group)
			)


def vat_percent(value: float) -> float:
	"""20, "20 %" or Excel's 0,2 for a cell shown as 20 %: the rate in percent, to the hundredth."""
	rate = flt(value)
	if 0 < rate < 1:
		rate *= 100
	return round(rate, 2)


def vat_rates_of(rows: list[Row]) -> list[float]:
	rates = set()
	for row in rows:
		if row.get("vat_rate") is not None:
			rates.add(vat_percent(row.get("vat_rate")))
	return sorted(rates)


# ---------------------------------------------------------------- items: writes


def import_item(row: Row, context: Context) -> Outcome:
	code = row.get("item_code")
	values = {
		"item_name": row.get("item_name"),
		"description": row.get("description"),
		"item_tax_template": context.vat_classes.get(row.get("vat_rate"))
		if row.get("vat_rate") is not None
		else None,
	}
	if row.get("item_group"):
		values["item_group"] = context.group("Item Group", row.get("item_group"))
	if row.get("uom"):
		values["stock_uom"] = context.uom(row.get("uom"))
	if frappe.db.exists("Item", code):
		item = frappe.get_doc("Item", code)
		changed = apply_changes(item, values)
		if changed:
			item.save()
		result = "Updated" if changed else "Skipped"
	else:
		values.setdefault("item_group", get_root_of("Item Group"))
		values.setdefault("stock_uom", context.uom("u"))
		item = frappe.get_doc({"doctype": "Item", "item_code": code, **values}).insert()
		result = "Created"
	if row.get("price") is not None and sync_price(item, row.get("price"), context) and result == "Skipped":
		result = "Updated"
	return Outcome(result, "Item", item.name, unchanged_message(result))


def sync_price(item, rate: float, context: Context) -> bool:
	"""The item's price in the migration's price list for its unit, today; whether it changed."""
	today = getdate(nowdate())
	prices = frappe.get_all(
		"Item Price",
		filters={
			"item_code": item.name,
			"price_list": context.price_list,
			"uom": item.stock_uom,
			"customer": ("is", "not set"),
		},
		fields=["name", "price_list_rate", "valid_from", "valid_upto"],
	)
	current = next(
		(
			p
			for p in prices
			if (not p.valid_from or getdate(p.valid_from) <= today)
			and (not p.valid_upto or getdate(p.valid_upto) >= today)
		),
		None,
	)
	if current and same(current.price_list_rate, rate):
		return False
	if current:
		price = frappe.get_doc("Item Price", current.name)
		price.price_list_rate = rate
		price.save()
	else:
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": item.name,
				"price_list": context.price_list,
				"uom": item.stock_uom,
				"price_list_rate": rate,
			}
		).insert()
	return True
