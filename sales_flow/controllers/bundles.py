"""Product bundles: a bundle line is exploded into its components (`packed_items`).

The packed items are rebuilt from the lines on every validate, so they always match the lines
as they stand (a partial delivery packs only what it delivers) and never keep a stale row.
A bundle may contain other bundles: the components are exploded down to the items packed.
"""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.totals.lines import counts_in_totals
from sales_flow.utils.known_items import covering

# documents that carry packed items (a quotation shows the bundle line only, as in ERPNext)
PACKING_DOCTYPES = ("Sales Order", "Delivery Note", "Sales Invoice")


def bundle_components(parents: set[str]) -> dict[str, list[dict]]:
	"""{bundle item: its component rows}, for these items and every bundle nested in them;
	one query per nesting level."""
	found: dict[str, list[dict]] = {}
	to_read = {p for p in parents if p}
	while to_read:
		# written out: asked at every validate, the query builder took about as long as the query
		rows = frappe.db.sql(
			"""select `parent`, `item_code`, `qty`, `uom`, `description` from `tabProduct Bundle Item`
			where `parenttype` = 'Product Bundle' and `parent` in %(parents)s order by `parent`, `idx`""",
			{"parents": list(to_read)},
			as_dict=True,
		)
		for parent in to_read:
			found.setdefault(parent, [])
		for row in rows:
			found[row.parent].append(row)
		to_read = {row.item_code for row in rows} - set(found)
	return {parent: rows for parent, rows in found.items() if rows}


def bundles_among(codes: set[str], known: dict | None) -> set[str]:
	"""The codes that may be bundles: those `known` (the items read in this validate by
	controllers/item_details.py, each saying whether it has components) says are, when it holds
	them all; else every code, for bundle_components to find out."""
	items = covering(known, codes, "has_components")
	if items is None:
		return codes
	return {code for code in codes if items[code].has_components}


def explode(item_code: str, qty: float, components: dict[str, list[dict]]) -> list[tuple[dict, float]]:
	"""The items packed for `qty` of this bundle, with their quantities, nested bundles opened."""
	packed: list[tuple[dict, float]] = []
	for component in components.get(item_code, []):
		component_qty = flt(component.qty) * qty
		if component.item_code in components:
			packed += explode(component.item_code, component_qty, components)
		else:
			packed.append((component, component_qty))
	return packed


def item_lines(doc) -> list:
	"""The lines that sell something: no section heading, no subtotal, no alternative not chosen."""
	return [row for row in doc.items if row.item_code and counts_in_totals(row)]


def update_packed_items(doc) -> None:
	"""Rebuild `packed_items` from the document's lines: component qty x line qty (in stock units)."""
	doc.flags.pop("bundle_components", None)
	if doc.doctype not in PACKING_DOCTYPES or not doc.meta.has_field("packed_items"):
		return
	lines = item_lines(doc)
	codes = {row.item_code for row in lines}
	components = bundle_components(bundles_among(codes, doc.get("_line_items")))
	# the weights, next in the same validate, explode the same lines' bundles (shipping.py)
	doc.flags.bundle_components = (codes, components)
	packed = [
		(row, component, qty)
		for row in lines
		if row.item_code in components
		for component, qty in explode(
			row.item_code, flt(row.qty) * (flt(row.conversion_factor) or 1), components
		)
	]
	items = packed_item_details({component.item_code for _row, component, _qty in packed})
	doc.set("packed_items", [])
	for row, component, qty in packed:
		item = items.get(component.item_code) or frappe._dict()
		doc.append(
			"packed_items",
			{
				"parent_item": row.item_code,
				"item_code": component.item_code,
				"item_name": item.item_name,
				"qty": flt(qty, 6),
				"uom": component.uom or item.stock_uom,
				"description": component.description or item.description or item.item_name,
				"parent_detail_docname": row.name,
			},
		)


def packed_item_details(codes: set[str]) -> dict[str, dict]:
	if not codes:
		return {}
	rows = frappe.get_all(
		"Item",
		filters={"name": ("in", list(codes))},
		fields=["name", "item_name", "stock_uom", "description"],
	)
	return {row.name: row for row in rows}


def validate_bundle(bundle) -> None:
	"""A Product Bundle: components with a positive quantity, never the bundle itself, directly or
	through a bundle nested in it (the explosion would never end)."""
	for row in bundle.items:
		if flt(row.qty) <= 0:
			frappe.throw(
				_("Row {0}: the quantity of {1} must be greater than 0.").format(
					row.idx, frappe.bold(row.item_code)
				)
			)
	nested = bundle_components({row.item_code for row in bundle.items} - {bundle.new_item_code})
	for row in bundle.items:
		path = path_to(bundle.new_item_code, row.item_code, nested, [row.item_code])
		if path:
			frappe.throw(
				_("Product Bundle {0} cannot contain itself: {1}.").format(
					frappe.bold(bundle.new_item_code), " → ".join([bundle.new_item_code, *path])
				),
				title=_("Bundle Containing Itself"),
			)


def path_to(target: str, start: str, components: dict[str, list[dict]], path: list[str]) -> list[str] | None:
	"""The chain of nested bundles leading from `start` back to `target`, if there is one."""
	if start == target:
		return path
	for component in components.get(start, []):
		if component.item_code in path:
			continue  # a cycle elsewhere in the data is not this bundle's
		found = path_to(target, component.item_code, components, [*path, component.item_code])
		if found:
			return found
	return None
