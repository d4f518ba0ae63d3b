"""The VAT rate each tax row puts on one line, on its net amount or on a charge's share of it, and an
invoice's VAT by rate, adding up to its VAT rows to the cent."""

from collections import defaultdict

from frappe.utils import flt

from sales_flow.regional.france.vat_categories.categories import NET, is_vat_row
from sales_flow.totals.calculation import (
	ON_NET_TOTAL,
	ON_PREVIOUS_ROW_AMOUNT,
	ON_PREVIOUS_ROW_TOTAL,
	row_index,
	tax_rate_for,
)
from sales_flow.totals.vat import priced_lines


def row_coefficients(taxes: list, item) -> list[dict]:
	"""What each tax row amounts to on one line, as {base: factor}: NET is the line's net amount,
	an integer i the share of the Actual row at position i spread on this line (the engine spreads
	an actual charge over the lines by net amount). Follows totals/calculation.py: calculate_taxes."""
	line = {"item_tax_rate": item.get("item_tax_rate")}
	coefficients: list[dict] = []
	for position, tax in enumerate(taxes):
		rate = tax_rate_for({"account_head": tax.get("account_head"), "rate": tax.get("rate")}, line) / 100
		charge_type = tax.get("charge_type")
		if charge_type == ON_NET_TOTAL:
			coefficient = {NET: rate}
		elif charge_type == ON_PREVIOUS_ROW_AMOUNT:
			coefficient = scaled(coefficients[row_index(tax)], rate)
		elif charge_type == ON_PREVIOUS_ROW_TOTAL:
			running: dict = {NET: 1.0}
			for previous in coefficients[: row_index(tax) + 1]:
				for base, factor in previous.items():
					running[base] = running.get(base, 0.0) + factor
			coefficient = scaled(running, rate)
		else:
			coefficient = {position: 1.0}
		coefficients.append(coefficient)
	return coefficients


def scaled(coefficient: dict, factor: float) -> dict:
	return {base: value * factor for base, value in coefficient.items()}


def vat_rate_on(taxes: list, coefficients: list[dict], base) -> float:
	"""The VAT rate (in %) the VAT rows put on one base of a line (its net amount or a charge)."""
	return flt(
		100 * sum(c.get(base, 0.0) for tax, c in zip(taxes, coefficients, strict=True) if is_vat_row(tax)),
		3,
	)


def rows_taxing(taxes: list, coefficients: list[dict], base) -> list:
	return [tax for tax, c in zip(taxes, coefficients, strict=True) if is_vat_row(tax) and c.get(base, 0) > 0]


def charge_positions(doc) -> list[int]:
	return [
		position
		for position, row in enumerate(doc.get("taxes") or [])
		if not is_vat_row(row) and flt(row.tax_amount)
	]


def vat_by_rate(doc) -> dict[float, tuple[float, float]]:
	"""{rate: (VAT, VAT in the company's currency)}, signed as stored, rates above 0 only.

	Each VAT row's amount goes to the rates of what it taxes (a line's net amount, a charge's share
	on a line), so that the rates add up to the rows to the cent; a row taxing one rate (the usual
	one row per rate) gives it exactly its amounts, the base one included."""
	taxes = doc.get("taxes") or []
	lines = [(row_coefficients(taxes, item), flt(item.net_amount)) for item in priced_lines(doc)]
	net_total = sum(net for _coefficients, net in lines)
	shares = {
		position: [
			flt(taxes[position].tax_amount) * net / net_total if net_total else 0.0 for _c, net in lines
		]
		for position in charge_positions(doc)
	}
	result: dict[float, list[float]] = defaultdict(lambda: [0.0, 0.0])
	for index, row in enumerate(taxes):
		if not is_vat_row(row):
			continue
		exact: dict[float, float] = defaultdict(float)
		for n, (coefficients, net) in enumerate(lines):
			for base, factor in coefficients[index].items():
				amount = net if base == NET else shares.get(base, [0.0] * len(lines))[n]
				exact[vat_rate_on(taxes, coefficients, base)] += factor * amount
		exact = {rate: amount for rate, amount in exact.items() if rate > 0 and amount}
		if not exact and flt(row.tax_amount):
			exact = {flt(row.rate, 3): 1.0}  # a row without lines to tax (typed by hand): its own rate
		for rate, (amount, base_amount) in split_row(row, exact).items():
			result[rate][0] += amount
			result[rate][1] += base_amount
	return {
		rate: (flt(amount, 2), flt(base_amount, 2))
		for rate, (amount, base_amount) in sorted(result.items(), reverse=True)
	}


def split_row(row, exact: dict[float, float]) -> dict[float, tuple[float, float]]:
	"""A row's amounts in proportion of what each rate bears, the largest share taking the cents."""
	total = sum(exact.values())
	if not total:
		return {}
	largest = max(exact, key=lambda rate: abs(exact[rate]))
	parts = {}
	for field in ("tax_amount", "base_tax_amount"):
		value = flt(row.get(field))
		rounded = {rate: flt(value * amount / total, 2) for rate, amount in exact.items()}
		rounded[largest] = flt(value - sum(part for rate, part in rounded.items() if rate != largest), 2)
		parts[field] = rounded
	return {rate: (parts["tax_amount"][rate], parts["base_tax_amount"][rate]) for rate in exact}
