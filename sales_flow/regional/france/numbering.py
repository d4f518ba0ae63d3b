"""French invoice numbers: one continuous sequence per company and fiscal year, never a gap.

Invoices are named FA-{company abbr}-{year}-00001, credit notes AV-{abbr}-{year}-00001 (their own
sequence). The counter is Frappe's `tabSeries` row of the prefix, read with SELECT ... FOR UPDATE and
incremented in the inserting transaction: two users inserting at once get consecutive numbers (the
second waits for the first to commit), and a rolled-back insert gives its number back.

When in the insert: the number is taken as late as it can be, just before the invoice's row is
written (after validation, pricing and taxes), so the counter stays locked from there to the commit
only, not through the validation too: concurrent inserts of one sequence (recurring invoicing's
workers) wait for each other that much less. Until then the invoice has a provisional name
(`new-sales-invoice-...`); its lines and tax rows are named independently of it, and are given the
number with it.

Why at insert and not at submit: Frappe names a document once, at insert, and every link (payments,
credit notes, comments, files) points at that name; renaming at submit would have to rewrite them all.
So the number is taken when the invoice is created, and what could leave a gap is refused:
- a draft may be deleted only while it holds the last number of its sequence (the number is given
  back); any other draft is to be corrected and used, not deleted;
- a cancelled invoice keeps its number and stays (deleting it is refused to users);
- an amended invoice takes the next number of the sequence (not "name-1": each number is used once);
- the fiscal year is the calendar year of the posting date, which may not move to another year once
  the number is given.
"""

import frappe
from frappe import _
from frappe.model.naming import getseries, revert_series_if_last
from frappe.utils import getdate

DIGITS = 5
INVOICE_PREFIX = "FA"
CREDIT_NOTE_PREFIX = "AV"
PROVISIONAL_PREFIX = "new-sales-invoice-"


def fiscal_year(posting_date) -> str:
	"""French firms mostly close on December 31: the fiscal year is the calendar year."""
	return str(getdate(posting_date).year)


def series_prefix(invoice) -> str:
	kind = CREDIT_NOTE_PREFIX if invoice.get("is_return") else INVOICE_PREFIX
	abbr = frappe.get_cached_value("Company", invoice.company, "abbr")
	if not abbr:
		frappe.throw(_("The invoice needs a company with an abbreviation to be numbered."))
	return f"{kind}-{abbr}-{fiscal_year(invoice.posting_date)}-"


def next_invoice_number(invoice) -> str:
	"""The next number of the invoice's sequence (locks the counter until the transaction ends)."""
	if not invoice.get("posting_date"):
		invoice.posting_date = frappe.utils.nowdate()
	prefix = series_prefix(invoice)
	return prefix + getseries(prefix, DIGITS)


def provisional_name() -> str:
	"""The invoice's name while it is validated, before its number is taken (number_before_writing)."""
	return f"{PROVISIONAL_PREFIX}{frappe.generate_hash(length=12)}"


def number_before_writing(invoice) -> None:
	"""Gives the invoice its number just before its row is written, and its rows their parent's name:
	from here to the commit the counter is locked, and a rollback gives the number back."""
	invoice.name = next_invoice_number(invoice)
	invoice.set_parent_in_children()


def check_same_fiscal_year(invoice) -> None:
	"""A numbered invoice keeps its sequence: its posting date stays in the year of its number."""
	if invoice.get("is_opening_balance"):
		# an opening balance keeps its previous program's number, outside the sequence (the data
		# migration names it): a number that reads like the sequence's would take one still to come
		if invoice.name.startswith(series_prefix(invoice)[:-5]):
			frappe.throw(
				_(
					"Opening balance {0}: this number reads like the invoice numbers of sales_flow; bring it over under another number."
				).format(invoice.name)
			)
		return
	if invoice.is_new() or not invoice.name.startswith(series_prefix(invoice)[:-5]):
		return
	if not invoice.name.startswith(series_prefix(invoice)):
		frappe.throw(
			_(
				"Invoice {0} is numbered in its fiscal year: its date cannot move to {1}. Create a new invoice instead."
			).format(invoice.name, fiscal_year(invoice.posting_date))
		)


def check_deletion(invoice) -> None:
	"""on_trash: deleting may not leave a gap in the numbers."""
	prefix = series_prefix(invoice)
	if not invoice.name.startswith(prefix):
		return  # named before this numbering (ACC-SINV-...) or given a name explicitly
	if invoice.docstatus == 0:
		current = frappe.db.sql("select `current` from `tabSeries` where name = %s for update", prefix)
		if invoice.name != f"{prefix}{(current[0][0] if current else 0):0{DIGITS}d}":
			frappe.throw(
				_(
					"Invoice {0} cannot be deleted: later invoices are numbered and French law wants the numbers without gaps. Correct this draft and use it instead."
				).format(invoice.name),
				title=_("Invoice numbering"),
			)
		revert_series_if_last(prefix + ".#####", invoice.name, invoice)
	elif not invoice.flags.ignore_permissions:
		frappe.throw(
			_("Invoice {0} is cancelled and keeps its number: it cannot be deleted.").format(invoice.name),
			title=_("Invoice numbering"),
		)
