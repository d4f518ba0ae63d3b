"""Shipping rules and weights: the shipping charge row of a sales document.

A document's `shipping_rule` keeps exactly one "Actual" row in its taxes and charges, tagged with
the rule (Sales Taxes and Charges.shipping_rule) so that it is found again, updated, and removed
when the rule is cleared. A tax template may hold the row in advance (an "Actual" row on the rule's
account, e.g. followed by VAT "On Previous Row Total"): the rule then fills that row, so the
template says how the charge is taxed. Otherwise the row is added at the end, untaxed.

Rule amounts are in the company currency, like ERPNext's; a range applies from its From Value
(included) up to its To Value (excluded, 0 = no upper limit), so 0-100 and 100-200 do not overlap.
"""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.controllers.bundles import bundle_components, bundles_among, explode, item_lines
from sales_flow.controllers.details import TAX_TEMPLATE_FIELDS
from sales_flow.totals.taxes import validate_tax_rows
from sales_flow.utils.arguments import checked_arguments, draft_from_form
from sales_flow.utils.known_items import covering

FIXED, NET_TOTAL, NET_WEIGHT = "Fixed", "Net Total", "Net Weight"


# ---------------------------------------------------------------- weights


def set_weights(doc) -> None:
	"""Each line's weight (per unit from its item unless set) and the document's total net weight."""
	if not doc.meta.has_field("total_net_weight"):
		return
	lines = item_lines(doc)
	codes = {row.item_code for row in lines}
	# read by update_packed_items just before, in the same validate: used once, never kept stale
	read, components = doc.flags.pop("bundle_components", None) or (None, None)
	weights = unit_weights(codes, doc.get("_line_items"), components if read == codes else None)
	total = 0.0
	for row in lines:
		if not flt(row.get("weight_per_unit")):
			row.weight_per_unit, row.weight_uom = weights.get(row.item_code, (0.0, None))
		stock_qty = flt(row.qty) * (flt(row.conversion_factor) or 1)
		row.total_weight = flt(flt(row.weight_per_unit) * stock_qty, 3)
		total += row.total_weight
	doc.total_net_weight = flt(total, 3)


def unit_weights(
	codes: set[str], known: dict | None = None, components: dict | None = None
) -> dict[str, tuple[float, str | None]]:
	"""{item: (weight per unit, its UOM)}; a bundle without a weight of its own weighs what its
	components weigh (read in one query per nesting level unless `components`, these codes' bundles
	already read in this validate, are given; then one for all the weights, unless `known`, the
	items already read in this validate, holds them all)."""
	codes = {code for code in codes if code}
	if not codes:
		return {}
	if components is None:
		components = bundle_components(bundles_among(codes, known))
	leaves = {
		component.item_code for bundle in components for component, _qty in explode(bundle, 1, components)
	}
	wanted = codes | leaves
	items = covering(known, wanted, "weight_per_unit")
	if items is None:
		items = {
			item.name: item
			for item in frappe.get_all(
				"Item",
				filters={"name": ("in", list(wanted))},
				fields=["name", "weight_per_unit", "weight_uom"],
			)
		}
	weights = {}
	for code in codes:
		item = items.get(code) or frappe._dict()
		if flt(item.weight_per_unit) or code not in components:
			weights[code] = (flt(item.weight_per_unit), item.weight_uom)
			continue
		packed = [(items.get(c.item_code) or frappe._dict(), qty) for c, qty in explode(code, 1, components)]
		uom = next((leaf.weight_uom for leaf, _qty in packed if leaf.weight_uom), None)
		weights[code] = (flt(sum(flt(leaf.weight_per_unit) * qty for leaf, qty in packed), 6), uom)
	return weights


# ---------------------------------------------------------------- the rule itself


def range_end(to_value: float) -> float:
	return flt(to_value) or float("inf")


def validate_shipping_rule(rule) -> None:
	"""Amounts not negative, ranges well formed and not overlapping, countries listed once."""
	if rule.calculate_based_on == FIXED:
		if flt(rule.shipping_amount) < 0:
			frappe.throw(_("The shipping amount cannot be negative."))
	elif not rule.conditions:
		frappe.throw(
			_("A shipping rule based on {0} needs at least one condition (a range and its amount).").format(
				_(rule.calculate_based_on)
			)
		)
	for row in rule.conditions:
		if flt(row.from_value) < 0 or flt(row.to_value) < 0 or flt(row.shipping_amount) < 0:
			frappe.throw(_("Condition row {0}: values and amounts cannot be negative.").format(row.idx))
		if flt(row.to_value) and flt(row.to_value) <= flt(row.from_value):
			frappe.throw(
				_(
					"Condition row {0}: the To Value must be greater than the From Value (or 0 for no limit)."
				).format(row.idx)
			)
	rows = sorted(rule.conditions, key=lambda r: flt(r.from_value))
	for previous, row in zip(rows, rows[1:], strict=False):
		if flt(row.from_value) < range_end(previous.to_value):
			frappe.throw(
				_("Condition rows {0} and {1} overlap: each value must fall in one range only.").format(
					min(previous.idx, row.idx), max(previous.idx, row.idx)
				),
				title=_("Overlapping Ranges"),
			)
	countries = [row.country for row in rule.countries]
	for country in countries:
		if countries.count(country) > 1:
			frappe.throw(_("Country {0} is listed twice.").format(frappe.bold(country)))


def rule_amount(rule, value: float) -> float:
	"""The rule's amount (company currency) for a net total or weight; 0 when no range holds it."""
	if rule.calculate_based_on == FIXED:
		return flt(rule.shipping_amount)
	for row in rule.conditions:
		if flt(row.from_value) <= value < range_end(row.to_value):
			return flt(row.shipping_amount)
	return 0.0


# ---------------------------------------------------------------- on a document


def apply_shipping_rule(doc) -> bool:
	"""Set, update or remove the shipping charge row; True when the taxes need computing again.
	Needs the document's totals (net total) and weights computed first."""
	if not doc.meta.has_field("shipping_rule"):
		return False
	tagged = [row for row in doc.get("taxes") or [] if row.get("shipping_rule")]
	if doc.get("is_return"):
		# charge rows cannot be negative: a credit note gives no shipping back by itself
		doc.shipping_rule = None
	if not doc.shipping_rule:
		for row in tagged:
			remove_charge_row(doc, row)
		return bool(tagged)
	rule = frappe.get_doc("Shipping Rule", doc.shipping_rule)
	check_rule_applies(doc, rule)
	value = flt(doc.base_net_total) if rule.calculate_based_on == NET_TOTAL else flt(doc.total_net_weight)
	amount = flt(
		rule_amount(rule, value) / (flt(doc.conversion_rate) or 1),
		doc.precision("grand_total") or 2,
	)
	row = tagged[0] if tagged else template_row_for(doc, rule) or doc.append("taxes", {})
	for extra in tagged[1:]:
		remove_charge_row(doc, extra)
	row.update(
		{
			"charge_type": "Actual",
			"account_head": rule.account_head or rule.label,
			"description": rule.label,
			"tax_amount": amount,
			"rate": 0,
			"shipping_rule": rule.name,
		}
	)
	return True


def check_rule_applies(doc, rule) -> None:
	if rule.disabled:
		frappe.throw(_("Shipping Rule {0} is disabled.").format(frappe.bold(rule.name)))
	if rule.company and rule.company != doc.company:
		frappe.throw(
			_("Shipping Rule {0} belongs to company {1}, not {2}.").format(
				frappe.bold(rule.name), rule.company, doc.company
			)
		)
	countries = [row.country for row in rule.countries]
	if not countries:
		return
	address = doc.get("shipping_address_name") or doc.get("customer_address")
	country = frappe.db.get_value("Address", address, "country") if address else None
	if not country:
		frappe.throw(
			_("Shipping Rule {0} only ships to {1}: set a shipping address.").format(
				frappe.bold(rule.name), ", ".join(_(c) for c in countries)
			)
		)
	if country not in countries:
		frappe.throw(
			_("Shipping Rule {0} does not ship to {1} (only to {2}).").format(
				frappe.bold(rule.name), _(country), ", ".join(_(c) for c in countries)
			),
			title=_("Shipping Not Available"),
		)


def template_row_for(doc, rule):
	"""An "Actual" row the tax template put on the rule's account, waiting for the charge."""
	if not rule.account_head:
		return None
	return next(
		(
			row
			for row in doc.get("taxes") or []
			if row.charge_type == "Actual" and row.account_head == rule.account_head and not row.shipping_rule
		),
		None,
	)


def remove_charge_row(doc, row) -> None:
	"""Remove the row and renumber the references of the rows below it; a row other rows are
	computed on stays, at zero, so that their basis does not shift."""
	taxes = doc.get("taxes")
	position = taxes.index(row) + 1
	if any(int(flt(other.get("row_id"))) == position for other in taxes):
		row.update({"tax_amount": 0, "shipping_rule": None})
		return
	taxes.remove(row)
	for n, other in enumerate(taxes, start=1):
		other.idx = n
		if int(flt(other.get("row_id"))) > position:
			other.row_id = str(int(flt(other.row_id)) - 1)


# what the form gets back of each tax row: a template's fields and the rule a charge comes from
TAX_ROW_FIELDS = (*TAX_TEMPLATE_FIELDS, "shipping_rule")


@frappe.whitelist()
@checked_arguments
def get_shipping_taxes(doc: str | dict) -> dict:
	"""The form's taxes with the shipping charge of its rule as a save would set it (one round trip
	when the rule, the address or the lines change); the form recomputes its totals from them."""

	doc = draft_from_form(doc)
	set_weights(doc)
	validate_tax_rows(doc.get("taxes") or [])
	doc.calculate_totals()
	apply_shipping_rule(doc)
	return {
		"total_net_weight": doc.get("total_net_weight"),
		"taxes": [{field: row.get(field) for field in TAX_ROW_FIELDS} for row in doc.get("taxes") or []],
	}
