"""VAT by rate: the rate of each line and the taxable base and VAT of each rate.

The print template (templates/print/sales_document.html, through hooks.jinja) and Factur-X need the
breakdown a French invoice shows: one line per VAT rate, never one per tax account. A tax row that
holds one rate gives its whole amount to it (so the breakdown adds up to the taxes to the cent); a row
mixing rates is split by its item-wise amounts, the rounding cent going to its last rate.
"""

import json

from frappe.utils import flt

from sales_flow.totals.calculation import counts_in_totals, tax_rate_for

VAT_CHARGE = "On Net Total"


def vat_rows(doc) -> list:
	return [tax for tax in doc.get("taxes") or [] if tax.charge_type == VAT_CHARGE]


def line_vat_rate(doc, item) -> float:
	"""The VAT rate of a line: the sum of its rates over the VAT rows (its VAT class's rate for the
	row's account, else the row's rate), as the engine computes the taxes."""
	line = {"item_tax_rate": item.get("item_tax_rate")}
	return flt(
		sum(
			tax_rate_for({"account_head": tax.account_head, "rate": tax.rate}, line) for tax in vat_rows(doc)
		),
		3,
	)


def line_vat_rates(doc) -> dict[int, float]:
	"""{row idx: VAT rate} of every row, options (alternatives) included (print template)."""
	return {item.idx: line_vat_rate(doc, item) for item in doc.items}


def priced_lines(doc) -> list:
	"""The lines that count in the totals (no section, subtotal or alternative)."""
	# the row itself: its as_dict(), a copy of every field, was most of the cost on long documents
	return [item for item in doc.items if counts_in_totals(item)]


def vat_by_rate(doc) -> dict[float, dict[str, float]]:
	"""{rate: {"base": taxable amount, "vat": VAT amount}}, highest rate first (print and Factur-X)."""
	breakdown: dict[float, dict[str, float]] = {}

	def add(rate: float, key: str, amount: float) -> None:
		entry = breakdown.setdefault(flt(rate, 3), {"base": 0.0, "vat": 0.0})
		entry[key] = flt(entry[key] + amount, 2)

	for item in priced_lines(doc):
		add(line_vat_rate(doc, item), "base", item.net_amount or 0)
	for tax in vat_rows(doc):
		detail = json.loads(tax.item_wise_tax_detail or "{}")
		row_rates = list(dict.fromkeys(flt(entry[0], 3) for entry in detail.values() if flt(entry[0])))
		if len(row_rates) == 1:
			add(row_rates[0], "vat", tax.tax_amount or 0)
		elif row_rates:
			left = flt(tax.tax_amount)
			for rate in row_rates[:-1]:
				part = sum(flt(entry[1]) for entry in detail.values() if flt(entry[0], 3) == rate)
				add(rate, "vat", part)
				left -= part
			add(row_rates[-1], "vat", left)
		elif tax.tax_amount:
			# no item-wise detail (a row typed by hand): the row's own rate
			add(tax.rate or 0, "vat", tax.tax_amount)
	return dict(sorted(breakdown.items(), reverse=True))
