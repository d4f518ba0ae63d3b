"""The lines of an invoice's figures, each with its VAT category and rate, and the VAT groups they
open: the document discount as one allowance per group, each charge split by the VAT its shares
bear, and each group's VAT from the invoice's VAT rows."""

from frappe import _
from frappe.utils import flt, strip_html

from sales_flow.regional.france.figures.model import AllowanceCharge, Line, VatGroup
from sales_flow.regional.france.vat_categories.categories import NET
from sales_flow.regional.france.vat_categories.lines import charge_vat_data, line_vat_data, vat_classes
from sales_flow.regional.france.vat_categories.rates import (
	charge_positions,
	row_coefficients,
	vat_by_rate,
	vat_rate_on,
)
from sales_flow.totals.calculation import included_factor, net_amount_of
from sales_flow.totals.vat import priced_lines

DISCOUNT_REASON_CODE = "95"  # UNTDID 5189: discount
# UN/ECE rec. 20 unit codes of our units of measure; anything else is "one" (C62)
UNIT_CODES = {
	"hour": "HUR",
	"heure": "HUR",
	"day": "DAY",
	"jour": "DAY",
	"kg": "KGM",
	"m": "MTR",
	"litre": "LTR",
}


def unit_code(uom: str | None) -> str:
	return UNIT_CODES.get((uom or "").strip().lower(), "C62")


def priced_figures(invoice, sign: int) -> tuple[list[Line], dict, list[tuple]]:
	"""The lines, the VAT groups they open, and (item, category, code, reason) of each line."""
	taxes = invoice.get("taxes") or []
	tax_dicts = [tax.as_dict() for tax in taxes]
	classes = None
	lines, groups, line_data = [], {}, []
	for number, item in enumerate(priced_lines(invoice), start=1):
		rate = vat_rate_on(taxes, row_coefficients(taxes, item), NET)
		if item.get("vat_category"):
			category, code, reason = item.vat_category, item.vatex_code or "", item.exemption_reason or ""
		else:
			# an invoice saved before the categories were stored: resolved as a save would
			classes = vat_classes(invoice) if classes is None else classes
			category, rate, code, reason = line_vat_data(invoice, item, classes)
		item_dict = item.as_dict()
		before_discount = net_amount_of(item_dict, tax_dicts, 2)
		line = priced_line(number, item, sign, before_discount, included_factor(tax_dicts, item_dict) > 0)
		line.category, line.rate = category, rate
		lines.append(line)
		group = vat_group(groups, category, rate, code, reason)
		group.line_total += line.total
		group.allowances += sign * (before_discount - flt(item.net_amount))
		line_data.append((item, category, code, reason))
	return lines, groups, line_data


def priced_line(number: int, item, sign: int, before_discount: float, prices_include_vat: bool) -> Line:
	"""One line: its net price, and its gross price and discount when the price list's price was
	discounted (prices without VAT only: a price with VAT has no net price of its own)."""
	qty = flt(item.qty)
	gross_price, price_discount = None, 0.0
	if not prices_include_vat and flt(item.price_list_rate) and flt(item.discount_amount) > 0:
		gross_price, price_discount, net_price = (
			flt(item.rate_with_margin),
			flt(item.discount_amount),
			flt(item.rate),
		)
	elif qty:
		net_price = flt(before_discount / qty, 6)
	else:
		net_price = flt(item.rate)
	quantity = sign * qty
	if net_price < 0:
		# a price is never negative (BR-27): a negative line is a negative quantity
		net_price, quantity = -net_price, -quantity
		gross_price, price_discount = None, 0.0
	return Line(
		number=number,
		item_code=item.item_code,
		name=item.item_name or item.item_code or "",
		quantity=quantity,
		unit=unit_code(item.uom),
		net_price=net_price,
		total=flt(sign * before_discount, 2),
		category="",
		rate=0.0,
		gross_price=gross_price,
		price_discount=price_discount,
	)


def vat_group(groups: dict, category: str, rate: float, code: str, reason: str) -> VatGroup:
	group = groups.setdefault((category, rate), VatGroup(category=category, rate=rate, code=code))
	group.code = group.code or code
	if reason and reason not in group.reasons:
		group.reasons.append(reason)
	return group


def document_allowances(groups: dict, sign: int) -> list[AllowanceCharge]:
	"""The document discount, spread over the lines by the engine: one allowance per VAT group."""
	found = []
	for group in groups.values():
		amount = flt(group.allowances, 2)
		group.allowances = amount
		if amount:
			found.append(
				AllowanceCharge(
					is_charge=amount < 0,
					amount=abs(amount),
					category=group.category,
					rate=group.rate,
					reason=_("Discount"),
					reason_code=DISCOUNT_REASON_CODE,
				)
			)
	return found


def document_charges(invoice, groups: dict, line_data: list[tuple], sign: int) -> list[AllowanceCharge]:
	"""Each Actual row as charges, one per VAT category and rate its shares bear (rounded; the
	last part takes the cent so that the parts add up to the row)."""
	found = []
	for position in charge_positions(invoice):
		row = invoice.taxes[position]
		parts: dict[tuple, list] = {}
		for category, rate, code, reason, share in charge_vat_data(invoice, position, line_data):
			part = parts.setdefault((category, rate), [code, reason, 0.0])
			part[2] += share
		remaining = flt(sign * flt(row.tax_amount), 2)
		keys = list(parts)
		for n, key in enumerate(keys):
			code, reason, share = parts[key]
			amount = remaining if n == len(keys) - 1 else flt(sign * share, 2)
			remaining = flt(remaining - amount, 2)
			group = vat_group(groups, key[0], key[1], code, reason)
			group.charges = flt(group.charges + amount, 2)
			found.append(
				AllowanceCharge(
					is_charge=amount > 0,
					amount=abs(amount),
					category=key[0],
					rate=key[1],
					reason=strip_html(row.description or row.account_head or "").strip() or _("Charge"),
				)
			)
	return [charge for charge in found if charge.amount]


def set_group_vat(invoice, groups: dict, sign: int) -> None:
	"""Each standard-rated group's VAT: the VAT rows' amounts at its rate (vat_by_rate), so that the
	breakdown adds up to the invoice's VAT to the cent; nothing at 0 %."""
	vat = vat_by_rate(invoice)
	for group in groups.values():
		group.vat = flt(sign * vat[group.rate][0], 2) if group.rate in vat else 0.0
