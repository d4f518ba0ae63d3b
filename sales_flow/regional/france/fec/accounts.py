"""The accounts of the FEC export: the company's accounts and journal codes (checked when saved),
the auxiliary account of a customer, and the revenue account of an item (its own, else its group's)."""

import re
from dataclasses import dataclass

import frappe
from frappe import _

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


@dataclass(frozen=True)
class Account:
	number: str
	label: str


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
