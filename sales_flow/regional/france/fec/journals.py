"""The journals of a period: the balanced entries of its submitted invoices and payments, sorted by
journal, date and document and numbered per journal."""

from collections import defaultdict

import frappe

from sales_flow.regional.france.fec.accounts import (
	JOURNALS,
	RECEIPTS,
	SALES,
	RevenueAccounts,
	Settings,
	company_settings,
)
from sales_flow.regional.france.fec.entries import Entry, balanced, invoice_entry, payment_entry


def journal_entries(company: str, from_date, to_date, journal: str | None = None) -> list[Entry]:
	"""The balanced entries of the period, by journal, date and document, numbered per journal."""
	settings = company_settings(company)
	period = {"company": company, "docstatus": 1, "posting_date": ("between", [from_date, to_date])}
	entries = []
	if journal in (None, "", SALES):
		entries += sales_entries(settings, period)
	if journal in (None, "", RECEIPTS):
		entries += receipt_entries(settings, period)
	entries.sort(key=lambda entry: (JOURNALS.index(entry.journal), entry.date, entry.reference))
	counters: dict[str, int] = defaultdict(int)
	for entry in entries:
		counters[entry.journal] += 1
		entry.number = f"{settings.journal_codes[entry.journal]}{counters[entry.journal]:06d}"
	return entries


def customers_of(names: set[str]) -> dict[str, frappe._dict]:
	return {
		row.name: row
		for row in frappe.get_all(
			"Customer",
			filters={"name": ("in", list(names) or [""])},
			fields=["name", "customer_name", "accounting_code"],
		)
	}


def sales_entries(settings: Settings, period: dict) -> list[Entry]:
	filters = dict(period)
	if frappe.get_meta("Sales Invoice").has_field("is_opening_balance"):
		# a receivable brought over from the previous program was booked there, not sold here
		filters["is_opening_balance"] = 0
	names = frappe.get_all("Sales Invoice", filters=filters, pluck="name", order_by="posting_date, name")
	invoices = [frappe.get_doc("Sales Invoice", name) for name in names]
	revenue = RevenueAccounts(
		settings, {item.item_code for inv in invoices for item in inv.items if item.item_code}
	)
	customers = customers_of({invoice.customer for invoice in invoices})
	return [
		balanced(invoice_entry(invoice, settings, revenue, customers[invoice.customer]), settings)
		for invoice in invoices
	]


def receipt_entries(settings: Settings, period: dict) -> list[Entry]:
	payments = frappe.get_all(
		"Payment Entry",
		filters={**period, "payment_type": "Receive", "party_type": "Customer"},
		fields=[
			"name",
			"posting_date",
			"party",
			"party_name",
			"mode_of_payment",
			"paid_amount",
			"base_paid_amount",
			"paid_from_account_currency",
		],
		order_by="posting_date, name",
	)
	cash_modes = set(frappe.get_all("Mode of Payment", filters={"type": "Cash"}, pluck="name"))
	customers = customers_of({payment.party for payment in payments})
	return [
		balanced(
			payment_entry(
				payment,
				settings,
				customers.get(payment.party) or frappe._dict(name=payment.party),
				cash_modes,
			),
			settings,
		)
		for payment in payments
	]
