"""Due dates and the payment schedule a Payment Terms Template gives an invoice or an order."""

import datetime
from typing import Any

import frappe
from frappe import _
from frappe.utils import add_days, add_months, flt, get_last_day, getdate

from sales_flow.utils.arguments import checked_arguments

DAYS_AFTER_INVOICE_DATE = "Day(s) after invoice date"


DAYS_AFTER_END_OF_MONTH = "Day(s) after the end of the invoice month"


MONTHS_AFTER_END_OF_MONTH = "Month(s) after the end of the invoice month"


# portions are stored with 9 decimals; compare their sum beyond what a user types
PORTION_PRECISION = 6


def get_due_date(posting_date: str | datetime.date, term_row: Any) -> datetime.date:
	"""When a term falls due, read literally from its "based on" option.

	- days after the invoice date: 10 January 2025 + 30 days -> 9 February;
	- days after the end of the invoice month: 10 January 2025 + 30 days -> 2 March (31 January + 30);
	- months after the end of the invoice month, on that month's last day: 31 January 2024 + 1 -> 29 February.
	"""
	posting_date = getdate(posting_date)
	based_on = term_row.get("due_date_based_on") or DAYS_AFTER_INVOICE_DATE
	if based_on == DAYS_AFTER_INVOICE_DATE:
		return getdate(add_days(posting_date, term_row.get("credit_days") or 0))
	if based_on == DAYS_AFTER_END_OF_MONTH:
		return getdate(add_days(get_last_day(posting_date), term_row.get("credit_days") or 0))
	if based_on == MONTHS_AFTER_END_OF_MONTH:
		month = add_months(posting_date, term_row.get("credit_months") or 0)
		return getdate(get_last_day(month))
	frappe.throw(_("{0} is not a valid Due Date Based On.").format(frappe.bold(based_on)))


@frappe.whitelist()
@checked_arguments
def get_payment_schedule(
	template_name: str, posting_date: str | datetime.date, grand_total: float
) -> list[dict]:
	"""One row per term: due date, portion and amount; the amounts add up to `grand_total` to the cent."""
	template = frappe.get_doc("Payment Terms Template", template_name)
	template.check_permission("read")
	grand_total = to_cents(grand_total)
	schedule = []
	for row in template.terms:
		schedule.append(
			{
				"due_date": get_due_date(posting_date, row),
				"invoice_portion": flt(row.invoice_portion),
				"description": row.description,
				"payment_amount": to_cents(grand_total * flt(row.invoice_portion) / 100),
			}
		)
	# rounding each portion may lose or add a cent: the last term takes the difference
	if schedule:
		others = sum(entry["payment_amount"] for entry in schedule[:-1])
		schedule[-1]["payment_amount"] = to_cents(grand_total - others)
	return schedule


def to_cents(amount: float | str) -> float:
	# half away from zero, as on French invoices, whatever the site's rounding setting
	return flt(amount, 2, rounding_method="Commercial Rounding")
