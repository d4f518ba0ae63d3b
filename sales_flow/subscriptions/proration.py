"""Prorated amounts, to the cent, by the days of the actual period (pure functions).

A period of 29 days (February of a leap year) counts each day as 1/29 of its price, one of 31 days as
1/31: the customer pays for the days of the period they had, whatever the month.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sales_flow.subscriptions.periods import Period


def to_cent(value: float | Decimal) -> float:
	return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def overlap_days(start: date, end: date, other_start: date | None, other_end: date | None) -> int:
	"""Days of [start, end] that also lie in [other_start, other_end] (open ends allowed)."""
	lo = max(start, other_start) if other_start else start
	hi = min(end, other_end) if other_end else end
	return max((hi - lo).days + 1, 0)


def prorated_rate(rate: float, days: int, full_days: int) -> float:
	"""The price of `days` out of a period of `full_days` that costs `rate`, to the cent."""
	if days >= full_days:
		return to_cent(rate)
	return to_cent(Decimal(str(rate)) * days / full_days)


def period_rate(rate: float, period: Period, prorate: bool) -> float:
	"""What a plan unit costs for this period: a period cut short is prorated when asked."""
	return prorated_rate(rate, period.days, period.full_days) if prorate else to_cent(rate)


def line_amount(rate: float, qty: float) -> float:
	return to_cent(Decimal(str(rate)) * Decimal(str(qty)))
