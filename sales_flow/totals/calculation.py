"""Totals of a sales document: lines, document discount, taxes, currency, rounding.

Pure arithmetic on plain dicts (no database), so that the very same cases run here and in the
browser (sales_flow/public/js/engine/totals.js is the line-for-line twin; both are checked against
sales_flow/totals/vectors/*.json). The server runs this at validate and is the authority.

Field names are ERPNext's (price_list_rate, discount_percentage, net_amount, base_grand_total...).

Rules, in order:
1. line rate = price list rate (+ margin) - line discount; amount = rate x qty.
2. net amount: the amount, less the taxes it includes when rows are "included in print rate" (TTC).
3. taxes row by row: on net total, on the previous row's amount or total, or an actual amount;
   an item's VAT class (item_tax_rate) overrides a row's rate for that item.
4. TTC lines: the cent lost between the lines and the taxes goes to the last included tax row,
   so that what the customer sees on the lines is what it pays.
5. the document discount (on net total or on grand total) is spread over the lines' net amounts,
   and the taxes are computed again; a grand-total discount lowers the grand total by exactly itself.
6. grand total, then rounded to the currency's smallest fraction with an explicit adjustment.
7. every amount converted to the company currency (base_*); the cent lost in conversion goes to
   the last tax row so that base parts still add up to the base grand total.

Only item lines count (line_type "Item", not an alternative): section headings carry no figure,
a subtotal row shows in `amount` (and base_amount) the sum of the counted lines since the previous
section or subtotal, and an alternative (optional) line shows its own rate and amount; none of
them enters a total, a tax, a discount or a rounding.
"""

import json
import math
from functools import lru_cache
from typing import Any

ACTUAL = "Actual"
ON_NET_TOTAL = "On Net Total"
ON_PREVIOUS_ROW_AMOUNT = "On Previous Row Amount"
ON_PREVIOUS_ROW_TOTAL = "On Previous Row Total"
ITEM, SECTION, SUBTOTAL = "Item", "Section", "Subtotal"

Doc = dict[str, Any]


def round_half_up(value: float, precision: int = 2) -> float:
	"""Commercial rounding (half away from zero). The epsilon absorbs binary noise such as
	1.005 * 100 = 100.49999999999999; JavaScript's twin does exactly the same operations."""
	factor = 10**precision
	scaled = abs(value) * factor
	rounded = math.floor(scaled + 0.5 + 1e-9) / factor
	return -rounded if value < 0 else rounded


def round_to_fraction(value: float, fraction: float, precision: int) -> float:
	"""Cash rounding, e.g. to 0.05 CHF; a fraction of 0 or of one cent changes nothing."""
	if not fraction or fraction <= 10**-precision:
		return round_half_up(value, precision)
	return round_half_up(round_half_up(value / fraction, 0) * fraction, precision)


def flt(value: Any) -> float:
	try:
		return float(value or 0)
	except (TypeError, ValueError):
		return 0.0


def item_tax_rates(item: Doc) -> dict[str, float]:
	rates = item.get("item_tax_rate") or {}
	if isinstance(rates, str):
		return dict(parsed_tax_rates(rates))
	return {account: flt(rate) for account, rate in rates.items()}


@lru_cache(maxsize=256)
def parsed_tax_rates(text: str) -> dict[str, float]:
	"""A line's item_tax_rate JSON, read once: it is asked for every line and every tax row, and
	a document's lines share a few VAT classes. Callers get a copy (item_tax_rates)."""
	rates = json.loads(text) if text.strip() else {}
	return {account: flt(rate) for account, rate in rates.items()}


def tax_rate_for(tax: Doc, item: Doc) -> float:
	rates = item.get("item_tax_rate") or {}
	# read only here: the cached parse itself, no copy
	rates = parsed_tax_rates(rates) if isinstance(rates, str) else item_tax_rates(item)
	return rates[tax["account_head"]] if tax.get("account_head") in rates else flt(tax.get("rate"))


def row_index(tax: Doc) -> int:
	return int(flt(tax.get("row_id"))) - 1


def line_type_of(item: Doc) -> str:
	return item.get("line_type") or ITEM


def counts_in_totals(item: Doc) -> bool:
	return line_type_of(item) == ITEM and not item.get("is_alternative")


def calculate(doc: Doc) -> Doc:
	"""Fill in every computed field of `doc` (modified in place, also returned)."""
	precision = int(doc.get("precision", 2))
	rows = doc.get("items") or []
	items = [item for item in rows if counts_in_totals(item)]
	taxes = doc.get("taxes") or []
	for item in items:
		calculate_line(item, precision)
	for item in items:
		item["net_amount"] = net_amount_of(item, taxes, precision)
		item["net_rate"] = (
			round_half_up(item["net_amount"] / flt(item.get("qty")), precision)
			if flt(item.get("qty"))
			else 0.0
		)
	doc["total"] = round_half_up(sum(flt(i["amount"]) for i in items), precision)
	doc["net_total"] = round_half_up(sum(i["net_amount"] for i in items), precision)
	doc["total_qty"] = sum(flt(i.get("qty")) for i in items)

	calculate_taxes(doc, items, taxes, precision)
	settle_included_tax_cents(doc, items, taxes, precision)
	apply_document_discount(doc, items, taxes, precision)
	set_grand_total(doc, taxes, precision)
	set_rounded_total(doc, precision)
	set_base_amounts(doc, items, taxes, precision)
	calculate_uncounted_rows(doc, rows, taxes, precision)
	return doc


def calculate_uncounted_rows(doc: Doc, rows: list[Doc], taxes: list[Doc], precision: int) -> None:
	"""Alternatives show their own figures; sections none; subtotals the counted lines above them."""
	rate = flt(doc.get("conversion_rate")) or 1.0
	running = 0.0
	for row in rows:
		kind = line_type_of(row)
		if kind == ITEM and not row.get("is_alternative"):
			running += flt(row["amount"])
			continue
		if kind == ITEM:
			calculate_line(row, precision)
			row["net_amount"] = net_amount_of(row, taxes, precision)
			qty = flt(row.get("qty"))
			row["net_rate"] = round_half_up(row["net_amount"] / qty, precision) if qty else 0.0
		else:
			for field in ("rate_with_margin", "discount_amount", "rate", "net_rate", "net_amount"):
				row[field] = 0.0
			row["amount"] = round_half_up(running, precision) if kind == SUBTOTAL else 0.0
			running = 0.0
		plc = flt(doc.get("plc_conversion_rate")) or rate
		row["base_price_list_rate"] = round_half_up(flt(row.get("price_list_rate")) * plc, precision)
		for field in ("rate", "amount", "net_rate", "net_amount", "discount_amount", "rate_with_margin"):
			row["base_" + field] = round_half_up(flt(row.get(field)) * rate, precision)


def calculate_line(item: Doc, precision: int) -> None:
	price_list_rate = flt(item.get("price_list_rate"))
	qty = flt(item.get("qty"))
	if price_list_rate:
		rate_with_margin = price_list_rate + margin_of(item, price_list_rate)
		item["rate_with_margin"] = round_half_up(rate_with_margin, precision)
		if flt(item.get("discount_percentage")):
			item["discount_amount"] = round_half_up(
				rate_with_margin * flt(item["discount_percentage"]) / 100, precision
			)
		item["rate"] = round_half_up(rate_with_margin - flt(item.get("discount_amount")), precision)
	else:
		# no list price: the rate is what the user typed
		item["rate_with_margin"] = 0.0
		item["discount_amount"] = 0.0
		item["rate"] = round_half_up(flt(item.get("rate")), precision)
	item["amount"] = round_half_up(item["rate"] * qty, precision)


def margin_of(item: Doc, price_list_rate: float) -> float:
	value = flt(item.get("margin_rate_or_amount"))
	if item.get("margin_type") == "Percentage":
		return price_list_rate * value / 100
	if item.get("margin_type") == "Amount":
		return value
	return 0.0


def included_factor(taxes: list[Doc], item: Doc) -> float:
	"""How much the included (TTC) taxes add to one unit of net amount of this item."""
	tax_per_net: list[float] = []  # each row's tax for a net amount of 1
	for tax in taxes:
		rate = tax_rate_for(tax, item) / 100 if tax.get("included_in_print_rate") else 0.0
		charge = tax.get("charge_type")
		if charge == ON_NET_TOTAL:
			tax_per_net.append(rate)
		elif charge == ON_PREVIOUS_ROW_AMOUNT:
			tax_per_net.append(rate * tax_per_net[row_index(tax)])
		elif charge == ON_PREVIOUS_ROW_TOTAL:
			tax_per_net.append(rate * (1 + sum(tax_per_net[: row_index(tax) + 1])))
		else:
			tax_per_net.append(0.0)
	return sum(tax_per_net)


def net_amount_of(item: Doc, taxes: list[Doc], precision: int) -> float:
	return round_half_up(flt(item["amount"]) / (1 + included_factor(taxes, item)), precision)


def calculate_taxes(doc: Doc, items: list[Doc], taxes: list[Doc], precision: int) -> None:
	"""Each row's amount from the lines' net amounts as they stand (discount included or not)."""
	line_taxes: list[list[float]] = []
	actual_base = sum(flt(i["net_amount"]) for i in items) or 1.0
	running_total = flt(doc["net_total"])
	for tax in taxes:
		charge = tax.get("charge_type")
		per_line = []
		for n, item in enumerate(items):
			rate = tax_rate_for(tax, item)
			if charge == ON_NET_TOTAL:
				amount = flt(item["net_amount"]) * rate / 100
			elif charge == ON_PREVIOUS_ROW_AMOUNT:
				amount = line_taxes[row_index(tax)][n] * rate / 100
			elif charge == ON_PREVIOUS_ROW_TOTAL:
				amount = line_totals_after(items, line_taxes, row_index(tax))[n] * rate / 100
			else:
				# an actual charge is spread over the lines by net amount, for the item-wise detail
				amount = flt(tax.get("tax_amount")) * flt(item["net_amount"]) / actual_base if items else 0.0
			per_line.append(amount)
		line_taxes.append(per_line)
		if charge == ACTUAL:
			tax["tax_amount"] = round_half_up(flt(tax.get("tax_amount")), precision)
		else:
			tax["tax_amount"] = round_half_up(sum(per_line), precision)
		tax["tax_amount_after_discount_amount"] = tax["tax_amount"]
		running_total = round_half_up(running_total + tax["tax_amount"], precision)
		tax["total"] = running_total
		tax["item_wise_tax_detail"] = json.dumps(item_wise_detail(tax, items, per_line, precision))


def item_wise_detail(tax: Doc, items: list[Doc], per_line: list[float], precision: int) -> dict:
	"""{item code: [rate, tax amount]}, ERPNext's shape; an item on several lines adds up."""
	detail: dict[str, list] = {}
	for n, item in enumerate(items):
		key = str(item.get("item_code") or n)
		previous = detail[key][1] if key in detail else 0
		detail[key] = [tax_rate_for(tax, item), round_half_up(previous + per_line[n], precision)]
	return detail


def line_totals_after(items: list[Doc], line_taxes: list[list[float]], last_row: int) -> list[float]:
	return [
		flt(item["net_amount"]) + sum(line_taxes[r][n] for r in range(last_row + 1))
		for n, item in enumerate(items)
	]


def apply_document_discount(doc: Doc, items: list[Doc], taxes: list[Doc], precision: int) -> None:
	"""Spread the additional discount over the lines' net amounts, then recompute the taxes."""
	on_grand_total = (doc.get("apply_discount_on") or "Grand Total") == "Grand Total"
	undiscounted_grand_total = round_half_up(
		doc["net_total"] + sum(t["tax_amount"] for t in taxes), precision
	)
	base = undiscounted_grand_total if on_grand_total else doc["net_total"]
	if flt(doc.get("additional_discount_percentage")):
		doc["discount_amount"] = round_half_up(
			base * flt(doc["additional_discount_percentage"]) / 100, precision
		)
	discount = round_half_up(flt(doc.get("discount_amount")), precision)
	doc["discount_amount"] = discount
	if not discount or not items or not doc["net_total"]:
		return

	net_discount = discount
	if on_grand_total:
		# a grand-total discount includes tax: only the net part of it comes off the lines
		actual = sum(t["tax_amount"] for t in taxes if t.get("charge_type") == ACTUAL)
		proportional = undiscounted_grand_total - actual
		net_discount = discount * doc["net_total"] / proportional if proportional else discount
	spread_over_lines(items, net_discount, doc["net_total"], precision)
	doc["net_total"] = round_half_up(sum(i["net_amount"] for i in items), precision)
	calculate_taxes(doc, items, taxes, precision)
	if on_grand_total and taxes:
		# the grand total drops by exactly the discount: the rounding cent goes to the last row
		target = round_half_up(undiscounted_grand_total - discount, precision)
		residual = round_half_up(target - doc["net_total"] - sum(t["tax_amount"] for t in taxes), precision)
		if residual:
			adjust_tax_row(taxes, len(taxes) - 1, residual, precision)


def spread_over_lines(items: list[Doc], discount: float, net_total: float, precision: int) -> None:
	remaining = round_half_up(discount, precision)
	for n, item in enumerate(items):
		share = (
			remaining
			if n == len(items) - 1
			else round_half_up(discount * item["net_amount"] / net_total, precision)
		)
		item["net_amount"] = round_half_up(item["net_amount"] - share, precision)
		remaining = round_half_up(remaining - share, precision)
		qty = flt(item.get("qty"))
		item["net_rate"] = round_half_up(item["net_amount"] / qty, precision) if qty else 0.0


def adjust_tax_row(taxes: list[Doc], index: int, delta: float, precision: int) -> None:
	"""Move a rounding cent into one row and carry it through the running totals."""
	taxes[index]["tax_amount"] = round_half_up(taxes[index]["tax_amount"] + delta, precision)
	taxes[index]["tax_amount_after_discount_amount"] = taxes[index]["tax_amount"]
	for tax in taxes[index:]:
		tax["total"] = round_half_up(tax["total"] + delta, precision)


def settle_included_tax_cents(doc: Doc, items: list[Doc], taxes: list[Doc], precision: int) -> None:
	"""Before any document discount, TTC lines must add up to net total + included taxes."""
	included = [i for i, t in enumerate(taxes) if t.get("included_in_print_rate")]
	if not included:
		return
	included_taxes = sum(taxes[i]["tax_amount"] for i in included)
	residual = round_half_up(doc["total"] - doc["net_total"] - included_taxes, precision)
	if residual:
		adjust_tax_row(taxes, included[-1], residual, precision)


def set_grand_total(doc: Doc, taxes: list[Doc], precision: int) -> None:
	doc["total_taxes_and_charges"] = round_half_up(sum(t["tax_amount"] for t in taxes), precision)
	doc["grand_total"] = round_half_up(doc["net_total"] + doc["total_taxes_and_charges"], precision)


def set_rounded_total(doc: Doc, precision: int) -> None:
	if doc.get("disable_rounded_total"):
		doc["rounded_total"] = doc["grand_total"]
	else:
		doc["rounded_total"] = round_to_fraction(
			doc["grand_total"], flt(doc.get("smallest_currency_fraction")), precision
		)
	doc["rounding_adjustment"] = round_half_up(doc["rounded_total"] - doc["grand_total"], precision)


def set_base_amounts(doc: Doc, items: list[Doc], taxes: list[Doc], precision: int) -> None:
	rate = flt(doc.get("conversion_rate")) or 1.0

	def base(value: Any) -> float:
		return round_half_up(flt(value) * rate, precision)

	plc = flt(doc.get("plc_conversion_rate")) or rate
	for item in items:
		item["base_price_list_rate"] = round_half_up(flt(item.get("price_list_rate")) * plc, precision)
		for field in ("rate", "amount", "net_rate", "net_amount", "discount_amount", "rate_with_margin"):
			item["base_" + field] = base(item.get(field))
	for field in (
		"total",
		"net_total",
		"total_taxes_and_charges",
		"discount_amount",
		"grand_total",
		"rounded_total",
		"rounding_adjustment",
	):
		doc["base_" + field] = base(doc.get(field))
	for tax in taxes:
		for field in ("tax_amount", "total", "tax_amount_after_discount_amount"):
			tax["base_" + field] = base(tax.get(field))
	settle_conversion_cents(doc, items, taxes, precision)


def settle_conversion_cents(doc: Doc, items: list[Doc], taxes: list[Doc], precision: int) -> None:
	"""Converted separately, parts can miss their converted total by a cent: give it back."""
	line_gap = round_half_up(doc["base_net_total"] - sum(i["base_net_amount"] for i in items), precision)
	if line_gap and items:
		items[-1]["base_net_amount"] = round_half_up(items[-1]["base_net_amount"] + line_gap, precision)
	tax_gap = round_half_up(
		doc["base_grand_total"] - doc["base_net_total"] - sum(t["base_tax_amount"] for t in taxes), precision
	)
	if tax_gap and taxes:
		taxes[-1]["base_tax_amount"] = round_half_up(taxes[-1]["base_tax_amount"] + tax_gap, precision)
		taxes[-1]["base_tax_amount_after_discount_amount"] = taxes[-1]["base_tax_amount"]
		doc["base_total_taxes_and_charges"] = round_half_up(
			doc["base_grand_total"] - doc["base_net_total"], precision
		)
	elif tax_gap:
		doc["base_net_total"] = doc["base_grand_total"]
		if items:
			items[-1]["base_net_amount"] = round_half_up(items[-1]["base_net_amount"] + tax_gap, precision)
	running = doc["base_net_total"]
	for tax in taxes:
		running = round_half_up(running + tax["base_tax_amount"], precision)
		tax["base_total"] = running
