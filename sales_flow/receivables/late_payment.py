"""French B2B late-payment charges (article L441-10 of the Code de commerce): interest at the rate
of Selling Settings, by default the ECB's refinancing rate plus 10 points, pro rata temporis, and a
fixed recovery indemnity per late invoice (40 €, article D441-5)."""

import frappe
from frappe.utils import flt

from sales_flow.settings import get_selling_settings
from sales_flow.totals.calculation import round_half_up

# article L441-10: the ECB's rate "majoré de 10 points de pourcentage"
ECB_MARGIN_POINTS = 10
RECOVERY_INDEMNITY = 40
DAYS_IN_YEAR = 365


def late_payment_rate(dunning_type: str | None = None) -> float:
	"""The yearly rate of interest in percent: the Dunning Type's when it sets one, else Selling
	Settings' own rate, else the ECB refinancing rate plus 10 points."""
	if dunning_type:
		rate = flt(frappe.db.get_value("Dunning Type", dunning_type, "rate_of_interest"))
		if rate > 0:
			return rate
	settings = get_selling_settings()
	if flt(settings.get("late_payment_interest_rate")) > 0:
		return flt(settings.late_payment_interest_rate)
	return flt(settings.get("ecb_refinancing_rate")) + ECB_MARGIN_POINTS


def recovery_indemnity() -> float:
	"""The fixed indemnity claimed per late invoice, in the company's currency."""
	value = get_selling_settings().get("recovery_indemnity")
	return RECOVERY_INDEMNITY if value is None else flt(value)


def late_interest(outstanding: float, days_late: int, rate: float) -> float:
	"""Interest pro rata temporis, to the cent: days late / 365 x yearly rate x amount late."""
	if days_late <= 0 or outstanding <= 0:
		return 0.0
	return round_half_up(flt(outstanding) * flt(rate) / 100 * days_late / DAYS_IN_YEAR)
