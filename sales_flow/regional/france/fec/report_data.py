"""What the report FEC Journals and the download share: who may export, the filters checked, and
the FEC lines of the period as dicts keyed by the FEC columns (amounts as numbers)."""

import frappe
from frappe import _
from frappe.utils import getdate

from sales_flow.regional.france.fec.accounts import (
	JOURNALS,
	RECEIPTS,
	SALES,
	Settings,
	company_settings,
)
from sales_flow.regional.france.fec.entries import Entry
from sales_flow.regional.france.fec.journals import journal_entries
from sales_flow.utils.arguments import date_argument

EXPORT_ROLES = ("Accounts User", "System Manager")


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
