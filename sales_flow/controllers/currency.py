"""Exchange rates for sales documents, from the Currency Exchange records."""

import frappe
from frappe import _
from frappe.utils import flt, getdate


def find_exchange_rate(from_currency: str, to_currency: str, date=None) -> float | None:
	"""The latest rate on or before `date`, direct or inverted; None when there is none."""
	if from_currency == to_currency:
		return 1.0
	date = getdate(date)
	for source, target, invert in ((from_currency, to_currency, False), (to_currency, from_currency, True)):
		rate = frappe.db.get_value(
			"Currency Exchange",
			{"from_currency": source, "to_currency": target, "date": ("<=", date), "for_selling": 1},
			"exchange_rate",
			order_by="date desc, creation desc",
		)
		if flt(rate):
			return 1 / flt(rate) if invert else flt(rate)
	return None


def get_exchange_rate(from_currency: str, to_currency: str, date=None) -> float:
	rate = find_exchange_rate(from_currency, to_currency, date)
	if not rate:
		frappe.throw(
			_("No exchange rate from {0} to {1} on {2}: add one in Currency Exchange.").format(
				from_currency, to_currency, frappe.format(getdate(date), "Date")
			),
			title=_("Missing Exchange Rate"),
		)
	return rate
