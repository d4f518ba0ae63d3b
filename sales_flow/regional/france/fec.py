"""The accountant's export: the sales and cash receipts journals in the FEC layout.

The 18 columns of article A47 A-1 of the Livre des procédures fiscales, tab-separated, one line per
account of an entry; amounts in the company's currency with a decimal comma, the invoice's currency
in Montantdevise / Idevise. One balanced entry per submitted document of the period:
- an invoice or a credit note (sales journal): the customer account (a general 411, with an
  auxiliary account per customer when the company asks for it) against the revenue accounts of its
  lines (item, else its item group or the nearest parent group, else the company's), the charges
  (shipping...) and the VAT account of each rate; a down-payment invoice credits the down payments
  account instead of revenue, and the final invoice that deducts it debits it back with its VAT;
  a credit note is the same entry the other way round;
- a payment (cash receipts journal): the bank account (the cash account for a mode of payment of type
  Cash) against the customer account.
The VAT by rate is the e-invoice's: what each VAT row holds at each rate, in the company's currency
as the row states it (vat_categories.vat_by_rate).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import flt, getdate

from sales_flow.regional.france.vat_categories import (
	charge_positions,
	vat_by_rate,
)
from sales_flow.totals.vat import priced_lines
from sales_flow.utils.arguments import checked_arguments, date_argument

COLUMNS = (
	"JournalCode",
	"JournalLib",
	"EcritureNum",
	"EcritureDate",
	"CompteNum",
	"CompteLib",
	"CompAuxNum",
	"CompAuxLib",
	"PieceRef",
	"PieceDate",
	"EcritureLib",
	"Debit",
	"Credit",
	"EcritureLet",
	"DateLet",
	"ValidDate",
	"Montantdevise",
	"Idevise",
)
SALES, RECEIPTS = "Sales", "Cash Receipts"
JOURNALS = (SALES, RECEIPTS)
ACCOUNT_FIELDS = (
	"fec_customer_account",
	"fec_revenue_account",
	"fec_charges_account",
	"fec_down_payment_account",
	"fec_vat_account",
	"fec_bank_account",
	"fec_cash_account",
	"fec_rounding_gain_account",
	"fec_rounding_loss_account",
)
JOURNAL_FIELDS = ("fec_sales_journal", "fec_receipts_journal")
# an account: its number (a digit first), then optionally its label
ACCOUNT = re.compile(r"^(\d[0-9A-Za-z]*)(?:\s+(\S.*))?$")
JOURNAL_CODE = re.compile(r"^[0-9A-Za-z]{1,10}$")
EXPORT_ROLES = ("Accounts User", "System Manager")


@dataclass(frozen=True)
class Account:
	number: str
	label: str


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


# ---------------------------------------------------------------- accounts


def parse_account(text: str | None, fallback_label: str) -> Account | None:
	match = ACCOUNT.match((text or "").strip())
	if not match:
		return None
	return Account(match.group(1), (match.group(2) or fallback_label).strip())


def check_account(value: str | None, label: str) -> None:
	if value and (not ACCOUNT.match(value.strip()) or any(char in value for char in "\t\r\n")):
		frappe.throw(
			_(
				"{0}: {1} is not an account: an account number (a digit first), optionally followed by its label, e.g. 706000 Prestations de services."
			).format(_(label), frappe.bold(value))
		)


def validate_company_accounts(doc, method: str | None = None) -> None:
	"""Company validate: the accounts and journal codes of the export are well formed."""
	for fieldname in ACCOUNT_FIELDS:
		check_account(doc.get(fieldname), doc.meta.get_label(fieldname))
	for fieldname in JOURNAL_FIELDS:
		code = (doc.get(fieldname) or "").strip()
		if code and not JOURNAL_CODE.match(code):
			frappe.throw(
				_("{0}: {1} is not a journal code: up to 10 letters or digits, e.g. VT.").format(
					_(doc.meta.get_label(fieldname)), frappe.bold(code)
				)
			)


def validate_revenue_account(doc, method: str | None = None) -> None:
	"""Item and Item Group validate."""
	check_account(doc.get("revenue_account"), doc.meta.get_label("revenue_account"))


def validate_accounting_code(doc, method: str | None = None) -> None:
	"""Customer validate: an auxiliary account fits on one line of the export."""
	code = doc.get("accounting_code") or ""
	if code and (len(code) > 40 or any(char in code for char in "\t\r\n")):
		frappe.throw(
			_("Auxiliary Account {0}: at most 40 characters, without tabs or line breaks.").format(
				frappe.bold(code)
			)
		)


@dataclass
class Settings:
	company: str
	currency: str
	sub_accounts: bool
	journal_codes: dict[str, str]
	accounts: dict[str, Account]


def company_settings(company: str) -> Settings:
	doc = frappe.get_doc("Company", company)
	meta = frappe.get_meta("Company")
	accounts = {}
	for fieldname in ACCOUNT_FIELDS:
		default = meta.get_field(fieldname).default
		accounts[fieldname] = parse_account(doc.get(fieldname), "") or parse_account(default, "")
	return Settings(
		company=company,
		currency=doc.default_currency,
		sub_accounts=bool(doc.fec_customer_sub_accounts),
		journal_codes={
			SALES: (doc.fec_sales_journal or meta.get_field("fec_sales_journal").default).strip(),
			RECEIPTS: (doc.fec_receipts_journal or meta.get_field("fec_receipts_journal").default).strip(),
		},
		accounts=accounts,
	)


def vat_account(settings: Settings, rate: float) -> Account:
	"""One account per rate under the company's VAT account: 44571 -> 44571200 for 20 %."""
	base = settings.accounts["fec_vat_account"]
	return Account(f"{base.number}{round(rate * 10):03d}", f"{base.label} {rate:g} %".replace(".", ","))


def customer_posting(
	settings: Settings, customer: frappe._dict, amount: float, in_currency: float
) -> Posting:
	auxiliary = None
	if settings.sub_accounts:
		auxiliary = (customer.accounting_code or customer.name, customer.customer_name or customer.name)
	return Posting(settings.accounts["fec_customer_account"], amount, in_currency, auxiliary)


class RevenueAccounts:
	"""The revenue account of an item: its own, else its group's or the nearest parent group's."""

	def __init__(self, settings: Settings, item_codes: set[str]):
		self.default = settings.accounts["fec_revenue_account"]
		self.items = {
			row.name: row
			for row in frappe.get_all(
				"Item",
				filters={"name": ("in", list(item_codes) or [""])},
				fields=["name", "revenue_account", "item_group"],
			)
		}
		self.groups = frappe.get_all("Item Group", fields=["name", "lft", "rgt", "revenue_account"])
		self.by_group: dict[str, Account] = {}

	def for_line(self, item) -> Account:
		master = self.items.get(item.item_code) or frappe._dict()
		own = parse_account(master.revenue_account, _("Sales"))
		if own:
			return own
		return self.for_group(item.get("item_group") or master.item_group)

	def for_group(self, group_name: str | None) -> Account:
		if group_name not in self.by_group:
			group = next((g for g in self.groups if g.name == group_name), None)
			found = None
			if group:
				ancestors = [
					g for g in self.groups if g.lft <= group.lft and g.rgt >= group.rgt and g.revenue_account
				]
				if ancestors:
					nearest = max(ancestors, key=lambda g: g.lft)
					found = parse_account(nearest.revenue_account, nearest.name)
			self.by_group[group_name] = found or self.default
		return self.by_group[group_name]


# ---------------------------------------------------------------- entries


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


# ---------------------------------------------------------------- the FEC lines


def amount_text(value: float) -> str:
	return f"{flt(value, 2):.2f}".replace(".", ",")


def fec_rows(entries: list[Entry], settings: Settings) -> list[dict]:
	"""One dict per line, keyed by the FEC columns (and PieceType), amounts as numbers."""
	journal_labels = {SALES: _("Sales"), RECEIPTS: _("Cash receipts")}
	rows = []
	for entry in entries:
		for posting in entry.postings:
			auxiliary = posting.auxiliary or ("", "")
			rows.append(
				{
					"JournalCode": settings.journal_codes[entry.journal],
					"JournalLib": journal_labels[entry.journal],
					"EcritureNum": entry.number,
					"EcritureDate": entry.date,
					"CompteNum": posting.account.number,
					"CompteLib": posting.account.label,
					"CompAuxNum": auxiliary[0],
					"CompAuxLib": auxiliary[1],
					"PieceRef": entry.reference,
					"PieceDate": entry.date,
					"EcritureLib": entry.label,
					"Debit": max(posting.amount, 0.0),
					"Credit": max(-posting.amount, 0.0),
					"EcritureLet": "",
					"DateLet": None,
					"ValidDate": entry.date,
					"Montantdevise": abs(posting.amount_in_currency) if entry.currency else None,
					"Idevise": entry.currency or "",
					"PieceType": entry.doctype,  # not a FEC column: the report's link to the document
				}
			)
	return rows


def fec_text(rows: list[dict]) -> str:
	"""The file: a header line, then one tab-separated line per row (dates YYYYMMDD, decimal comma)."""

	def cell(value) -> str:
		if value is None:
			return ""
		if isinstance(value, float):
			return amount_text(value)
		if hasattr(value, "strftime"):
			return value.strftime("%Y%m%d")
		return " ".join(str(value).split())  # no tab nor line break inside a field

	lines = ["\t".join(COLUMNS)]
	lines += ["\t".join(cell(row[column]) for column in COLUMNS) for row in rows]
	return "\r\n".join(lines) + "\r\n"


# ---------------------------------------------------------------- access, filters, download


def check_export_access() -> None:
	"""The journals are the accountants': Accounts User (or System Manager) reading invoices and
	payments."""
	if not set(EXPORT_ROLES) & set(frappe.get_roles()):
		frappe.throw(_("The accounting export is for the accounts team."), frappe.PermissionError)
	for doctype in ("Sales Invoice", "Payment Entry"):
		if not frappe.has_permission(doctype, "read"):
			frappe.throw(_("You are not permitted to read {0}.").format(_(doctype)), frappe.PermissionError)


def checked_filters(company, from_date, to_date, journal) -> tuple:
	if not company or not isinstance(company, str):
		frappe.throw(_("Choose a company."))
	if not frappe.db.exists("Company", company):
		frappe.throw(_("Company {0} not found.").format(frappe.bold(company)), frappe.DoesNotExistError)
	from_date = date_argument(from_date, "from_date")
	to_date = date_argument(to_date, "to_date")
	if not from_date or not to_date:
		frappe.throw(_("Choose the period (from and to dates)."))
	if getdate(from_date) > getdate(to_date):
		frappe.throw(_("The from date is after the to date."))
	if journal not in (None, "", *JOURNALS):
		frappe.throw(_("Unknown journal {0}: choose {1}.").format(frappe.bold(journal), ", ".join(JOURNALS)))
	return company, getdate(from_date), getdate(to_date), journal or None


def export_rows(company, from_date, to_date, journal=None) -> tuple[list[dict], Settings]:
	check_export_access()
	company, from_date, to_date, journal = checked_filters(company, from_date, to_date, journal)
	settings = company_settings(company)
	return fec_rows(journal_entries(company, from_date, to_date, journal), settings), settings


@frappe.whitelist()
@checked_arguments
def download_fec(company: str, from_date: str, to_date: str, journal: str | None = None) -> None:
	"""The FEC file of the period (both journals, or one), named as the tax code wants it:
	<SIREN>FEC<closing date>.txt."""
	rows, _settings = export_rows(company, from_date, to_date, journal)
	siren = frappe.db.get_value("Company", company, "siren") or frappe.db.get_value(
		"Company", company, "abbr"
	)
	frappe.local.response.filename = f"{siren}FEC{getdate(to_date).strftime('%Y%m%d')}.txt"
	frappe.local.response.filecontent = fec_text(rows).encode("utf-8")
	frappe.local.response.type = "download"
	frappe.local.response.content_type = "text/tab-separated-values; charset=utf-8"
