"""The balanced entry of one document: an invoice or credit note in the sales journal (revenue,
charges, VAT by rate, rounding, the down payments it deducts, against the customer), a payment in
the cash receipts journal (bank or cash against the customer)."""

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import flt, getdate

from sales_flow.regional.france.fec.accounts import (
	RECEIPTS,
	SALES,
	Account,
	RevenueAccounts,
	Settings,
	parse_account,
	vat_account,
)
from sales_flow.regional.france.vat_categories.rates import charge_positions, vat_by_rate
from sales_flow.totals.vat import priced_lines


@dataclass
class Posting:
	account: Account
	amount: float  # company currency, positive on the debit side
	amount_in_currency: float = 0.0
	auxiliary: tuple[str, str] | None = None


@dataclass
class Entry:
	journal: str
	date: object
	reference: str
	label: str
	currency: str | None  # the document's, when not the company's
	doctype: str = "Sales Invoice"
	postings: list[Posting] = field(default_factory=list)
	number: str = ""


def customer_posting(
	settings: Settings, customer: frappe._dict, amount: float, in_currency: float
) -> Posting:
	auxiliary = None
	if settings.sub_accounts:
		auxiliary = (customer.accounting_code or customer.name, customer.customer_name or customer.name)
	return Posting(settings.accounts["fec_customer_account"], amount, in_currency, auxiliary)


def invoice_entry(invoice, settings: Settings, revenue: RevenueAccounts, customer: frappe._dict) -> Entry:
	"""The sales entry of an invoice or a credit note (a credit note's amounts are stored negative:
	the same postings land on the other side)."""
	entry = Entry(
		journal=SALES,
		date=getdate(invoice.posting_date),
		reference=invoice.name,
		label=(_("Credit note {0}") if invoice.is_return else _("Invoice {0}")).format(
			f"{invoice.name} {invoice.customer_name or invoice.customer}"
		),
		currency=invoice.currency if invoice.currency != settings.currency else None,
	)
	receivable = flt(flt(invoice.base_grand_total) + flt(invoice.base_rounding_adjustment), 2)
	receivable_in_currency = flt(invoice.rounded_total or invoice.grand_total)
	for item in priced_lines(invoice):
		account = (
			settings.accounts["fec_down_payment_account"]
			if invoice.is_down_payment_invoice
			else revenue.for_line(item)
		)
		entry.postings.append(Posting(account, -flt(item.base_net_amount), -flt(item.net_amount)))
	for position in charge_positions(invoice):
		row = invoice.taxes[position]
		account = (
			parse_account(row.account_head, row.description or "") or settings.accounts["fec_charges_account"]
		)
		entry.postings.append(Posting(account, -flt(row.base_tax_amount), -flt(row.tax_amount)))
	for vat_rate, (amount, base_amount) in vat_by_rate(invoice).items():
		entry.postings.append(Posting(vat_account(settings, vat_rate), -base_amount, -amount))
	rounding = flt(invoice.base_rounding_adjustment)
	if rounding:
		account = settings.accounts[
			"fec_rounding_gain_account" if rounding > 0 else "fec_rounding_loss_account"
		]
		entry.postings.append(Posting(account, -rounding, -flt(invoice.rounding_adjustment)))
	deducted, deducted_in_currency = add_deducted_down_payments(entry, invoice, settings)
	entry.postings.append(
		customer_posting(
			settings,
			customer,
			flt(receivable - deducted, 2),
			flt(receivable_in_currency - deducted_in_currency, 2),
		)
	)
	return entry


def add_deducted_down_payments(entry: Entry, invoice, settings: Settings) -> tuple[float, float]:
	"""The down-payment invoices a final invoice deducts: their net amount back from the down
	payments account and their VAT back from the VAT accounts, in proportion of what is deducted.
	Returns what comes off the customer account (company currency, invoice currency)."""
	deducted = deducted_in_currency = 0.0
	for advance in invoice.get("advances") or []:
		if (
			advance.reference_type != "Sales Invoice"
			or not flt(advance.allocated_amount)
			or invoice.is_return
		):
			continue
		down_payment = frappe.get_doc("Sales Invoice", advance.reference_name)
		share = flt(advance.allocated_amount) / flt(down_payment.rounded_total or down_payment.grand_total)
		amount = flt(flt(advance.allocated_amount) * (flt(down_payment.conversion_rate) or 1.0), 2)
		vat = {
			vat_rate: (flt(value * share, 2), flt(base_value * share, 2))
			for vat_rate, (value, base_value) in vat_by_rate(down_payment).items()
		}
		for vat_rate, (value, base_value) in vat.items():
			entry.postings.append(Posting(vat_account(settings, vat_rate), base_value, value))
		entry.postings.append(
			Posting(
				settings.accounts["fec_down_payment_account"],
				flt(amount - sum(base for _value, base in vat.values()), 2),
				flt(flt(advance.allocated_amount) - sum(value for value, _base in vat.values()), 2),
			)
		)
		deducted += amount
		deducted_in_currency += flt(advance.allocated_amount)
	return flt(deducted, 2), flt(deducted_in_currency, 2)


def payment_entry(payment, settings: Settings, customer: frappe._dict, cash_modes: set[str]) -> Entry:
	currency = payment.paid_from_account_currency or settings.currency
	entry = Entry(
		journal=RECEIPTS,
		date=getdate(payment.posting_date),
		reference=payment.name,
		label=_("Payment {0}").format(f"{payment.name} {payment.party_name or payment.party}"),
		currency=currency if currency != settings.currency else None,
		doctype="Payment Entry",
	)
	amount, in_currency = flt(payment.base_paid_amount), flt(payment.paid_amount)
	bank = settings.accounts[
		"fec_cash_account" if payment.mode_of_payment in cash_modes else "fec_bank_account"
	]
	entry.postings.append(Posting(bank, amount, in_currency))
	entry.postings.append(customer_posting(settings, customer, -amount, -in_currency))
	return entry


def merged(postings: list[Posting]) -> list[Posting]:
	"""One line per account (and auxiliary account) of an entry, without zero lines."""
	by_account: dict[tuple, Posting] = {}
	for posting in postings:
		key = (posting.account.number, posting.auxiliary)
		if key in by_account:
			by_account[key].amount += posting.amount
			by_account[key].amount_in_currency += posting.amount_in_currency
		else:
			by_account[key] = Posting(
				posting.account, posting.amount, posting.amount_in_currency, posting.auxiliary
			)
	for posting in by_account.values():
		posting.amount = flt(posting.amount, 2)
		posting.amount_in_currency = flt(posting.amount_in_currency, 2)
	return [posting for posting in by_account.values() if posting.amount or posting.amount_in_currency]


def balanced(entry: Entry, settings: Settings) -> Entry:
	"""Merged postings; a cent of conversion left between debit and credit goes to rounding."""
	entry.postings = merged(entry.postings)
	gap = flt(sum(posting.amount for posting in entry.postings), 2)
	if gap:
		account = settings.accounts["fec_rounding_loss_account" if gap < 0 else "fec_rounding_gain_account"]
		entry.postings = merged([*entry.postings, Posting(account, -gap)])
	return entry
