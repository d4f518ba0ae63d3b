"""The server's checks on the prices a document carries, whatever wrote them (form, REST, mapping):
the list price is the engine's, a rate below it only as the settings and the item's maximum discount
allow, the document discount within the settings' maximum. Every refusal names the line, the item,
the price and the limit."""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.pricing.explain import number
from sales_flow.pricing.lines import keeps_line_prices
from sales_flow.pricing.source_prices import (
	discount_percentage_of,
	discounted_total_field,
	keeps_source_price,
	source_discount_percentage,
)
from sales_flow.settings import get_selling_settings, has_settings_role
from sales_flow.totals.lines import is_item_line
from sales_flow.utils.known_items import covering


def validate_prices(doc) -> None:
	"""After the totals: no line beyond its item's max discount, nor below its list price unless the
	settings allow it (the price the pricing rules give is never "below": a manager set it); the
	document discount within the settings' maximum."""
	if doc.get("is_return") or doc.docstatus == 2:
		return
	validate_line_prices(doc)
	if not keeps_line_prices(doc):
		validate_document_discount_limit(doc)


def reference_price(row) -> float:
	"""The list price a line is compared with: the one the server resolved (a list price typed by a
	user allowed to is shown, not trusted), else the line's own."""
	return flt(row.get("_resolved_list_rate")) or flt(row.price_list_rate)


def floor_price(row, reference: float) -> float:
	"""The lowest price the line may have without a manual discount: what the rules gave when they
	started from that list price, else the list price."""
	rule = row.get("_rule_price")
	if rule and abs(flt(rule[0]) - reference) < 0.005:
		return flt(rule[1])
	return reference


def validate_line_prices(doc) -> None:
	rows = [
		r
		for r in doc.get("items") or []
		if is_item_line(r)
		and r.item_code
		and not r.get("is_free_item")
		and not keeps_source_price(r)  # checked on the document it was made from
		and reference_price(r)  # no list price: the typed rate stands, nothing to compare with
	]
	if not rows:
		return
	max_discounts = item_max_discounts({r.item_code for r in rows}, doc.get("_line_items"))
	settings = get_selling_settings()
	action = settings.get("below_list_price_action") or "Allow"
	role = settings.get("role_allowed_to_sell_below_list_price")
	may_sell_below = action == "Allow" or has_settings_role("role_allowed_to_sell_below_list_price")
	below = []
	for row in rows:
		reference = reference_price(row)
		beyond_rules = flt(row.rate) < floor_price(row, reference) - 0.005
		check_item_max_discount(row, reference, flt(max_discounts.get(row.item_code)), beyond_rules)
		if beyond_rules and not may_sell_below:
			below.append(row)
	if below:
		message = _("Selling below the list price: {0}.").format(
			", ".join(
				_("row {0} ({1} at {2} instead of {3})").format(
					r.idx, r.item_code, number(r.rate), number(floor_price(r, reference_price(r)))
				)
				for r in below
			)
		)
		if action == "Stop":
			frappe.throw(
				message + " " + _("Only the role {0} may do so.").format(_(role)) if role else message,
				title=_("Below the List Price"),
			)
		frappe.msgprint(message, title=_("Below the List Price"), indicator="orange", alert=False)


def item_max_discounts(codes: set[str], known: dict | None) -> dict[str, float]:
	"""{item: its maximum discount} of the items having one; `known`: the items read in this validate
	(controllers/item_details.py), used when it holds them all."""
	items = covering(known, codes, "max_discount")
	if items is not None:
		return {code: flt(items[code].max_discount) for code in codes if flt(items[code].max_discount) > 0}
	return dict(
		frappe.get_all(
			"Item",
			filters={"name": ("in", list(codes)), "max_discount": (">", 0)},
			fields=["name", "max_discount"],
			as_list=True,
		)
	)


def check_item_max_discount(row, reference: float, maximum: float, beyond_rules: bool) -> None:
	if not maximum or not beyond_rules:
		return
	# compared as the engine rounds it, a discount amount in cents: 15 % of 17.90 is 2.69, leaving
	# 15.21, which reads 15.03 % once divided back
	precision = row.precision("rate")
	allowed = flt(reference * maximum / 100, precision)
	given = flt(reference - flt(row.rate), precision)
	if given > allowed + 0.005:
		frappe.throw(
			_(
				"Row {0}: the discount on {1} is {2} % ({3} instead of the list price {4}), above the item's maximum of {5} %."
			).format(
				row.idx,
				frappe.bold(row.item_code),
				number(100 * given / reference, 2, True),
				number(row.rate),
				number(reference),
				number(maximum, 2, True),
			),
			title=_("Discount Too High"),
		)


def validate_document_discount_limit(doc) -> None:
	"""The document discount (a percentage, or an amount against the total it comes off) no more
	than that total, and within the Selling Settings' maximum unless the pricing rules gave it, the
	documents this one was made from had as much, or the user holds the role the settings name."""
	discount = flt(doc.get("discount_amount"))
	if discount <= 0:
		return
	total_field = discounted_total_field(doc.get("apply_discount_on"))
	total_label = _(doc.meta.get_label(total_field))
	base = flt(doc.get(total_field)) + discount  # the total before the discount
	if discount > base + 0.005 or base <= 0:
		frappe.throw(
			_("The document discount of {0} is more than the {1} of {2} it comes off.").format(
				number(discount), total_label, number(base)
			),
			title=_("Document Discount Too High"),
		)
	if given_by_rules(doc):
		return
	settings = get_selling_settings()
	maximum = flt(settings.get("max_additional_discount_percentage"))
	if not maximum:
		return
	limit = max(maximum, source_discount_percentage(doc.get("_source_headers") or []))
	if discount <= flt(base * limit / 100, doc.precision("discount_amount")) + 0.005:
		return
	if has_settings_role("role_allowed_to_exceed_max_discount"):
		return
	message = _(
		"The document discount of {0} is {1} % of the {2} of {3}, above the maximum of {4} % set in Selling Settings."
	).format(
		number(discount),
		number(discount_percentage_of(doc), 2, True),
		total_label,
		number(base),
		number(limit, 2, True),
	)
	role = settings.get("role_allowed_to_exceed_max_discount")
	if role:
		message += " " + _("Only the role {0} may give more.").format(_(role))
	frappe.throw(message, title=_("Document Discount Too High"))


def given_by_rules(doc) -> bool:
	"""The document discount is the one the pricing rules computed in this validate."""
	fields = doc.get("_rule_discount") or {}
	if flt(fields.get("additional_discount_percentage")):
		return (
			abs(
				flt(doc.get("additional_discount_percentage")) - flt(fields["additional_discount_percentage"])
			)
			< 1e-6
		)
	if flt(fields.get("discount_amount")):
		return (
			not flt(doc.get("additional_discount_percentage"))
			and abs(flt(doc.get("discount_amount")) - flt(fields["discount_amount"])) < 0.005
		)
	return False
