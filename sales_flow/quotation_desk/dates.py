"""The dates a quotation starts with, one rule for the save and for the form as the rep types:
valid till its date + the template's validity days (else Selling Settings' days), first follow-up
its date + the settings' follow-up delay (none without a delay)."""

import frappe
from frappe.utils import add_days, cint, getdate, nowdate

from sales_flow.settings import get_selling_settings
from sales_flow.utils.arguments import checked_arguments, date_argument, name_argument


# as strings 'YYYY-MM-DD', as Frappe holds a Date set on a document (and sends it to the form)
def default_valid_till(transaction_date, quotation_template: str | None = None) -> str:
	days = quotation_template and frappe.db.get_value(
		"Quotation Template", quotation_template, "validity_days"
	)
	return str(
		add_days(getdate(transaction_date), cint(days) or cint(get_selling_settings().default_valid_till))
	)


def default_next_follow_up_date(transaction_date) -> str | None:
	delay = cint(get_selling_settings().follow_up_delay_days)
	return str(add_days(getdate(transaction_date), delay)) if delay > 0 else None


@frappe.whitelist()
@checked_arguments
def quotation_dates(transaction_date: str | None = None, quotation_template: str | None = None) -> dict:
	"""The validity and first follow-up a new quotation of that date (and template) gets at save:
	the form fills them as soon as the date is set, instead of leaving them empty until the save."""
	frappe.has_permission("Quotation", "read", throw=True)
	day = getdate(date_argument(transaction_date, "transaction_date") or nowdate())
	if quotation_template:
		name_argument(quotation_template, "quotation_template", "Quotation Template")
		frappe.get_doc("Quotation Template", quotation_template).check_permission("read")
	return {
		"valid_till": default_valid_till(day, quotation_template),
		"next_follow_up_date": default_next_follow_up_date(day),
	}
