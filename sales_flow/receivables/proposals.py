"""The daily proposals: one draft Dunning per customer (and company and currency) grouping the late
instalments due a new level, each at its next level. A draft still waiting for review is brought
up to date instead of doubled; the user reviews, submits, prints or e-mails it."""

import datetime
from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from sales_flow.receivables.dunning import refresh_dunning_statuses
from sales_flow.receivables.levels import dunning_levels, next_level
from sales_flow.receivables.overdue import instalment_key, late_instalments, late_invoices, levels_reached

RUN_ROLES = ("System Manager", "Accounts Manager", "Accounts User", "Sales Manager")


def propose_dunnings(on_date: str | datetime.date | None = None) -> list[str]:
	"""Scheduler (daily): the drafts of the dunnings due on `on_date`; returns their names."""
	on_date = getdate(on_date or nowdate())
	levels = dunning_levels()
	if not levels:
		return []
	invoices = late_invoices(on_date, add_days(on_date, -levels[0].start_day))
	refresh_dunning_statuses([invoice.name for invoice in invoices])
	names = []
	for (customer, company, currency), rows in due_rows(invoices, levels, on_date).items():
		try:
			names.append(save_proposal(customer, company, currency, rows, on_date))
		except frappe.ValidationError:
			frappe.log_error(title=_("Dunning proposal for {0}").format(customer))
	return names


def due_rows(invoices: list[dict], levels: list, on_date: datetime.date) -> dict[tuple, list[dict]]:
	"""(customer, company, currency) -> the late instalments due their next level."""
	excluded = set(frappe.get_all("Customer", filters={"exclude_from_dunning": 1}, pluck="name"))
	reached = levels_reached([invoice.name for invoice in invoices])
	groups = defaultdict(list)
	for invoice in invoices:
		if invoice.customer in excluded:
			continue
		for row in late_instalments(invoice, on_date):
			if next_level(reached.get(instalment_key(row), 0), row["overdue_days"], levels):
				groups[(invoice.customer, invoice.company, invoice.currency)].append(row)
	return groups


def save_proposal(customer: str, company: str, currency: str, rows: list[dict], on_date) -> str:
	"""The customer's draft dunning, new or brought up to date (its level chosen afresh)."""
	draft = frappe.db.get_value(
		"Dunning", {"customer": customer, "company": company, "currency": currency, "docstatus": 0}
	)
	doc = frappe.get_doc("Dunning", draft) if draft else frappe.new_doc("Dunning")
	doc.update({"customer": customer, "company": company, "currency": currency, "posting_date": on_date})
	doc.dunning_type = None
	doc.set(
		"overdue_payments",
		[{"sales_invoice": r["sales_invoice"], "payment_schedule": r["payment_schedule"]} for r in rows],
	)
	doc.flags.ignore_permissions = True
	doc.save()
	return doc.name


@frappe.whitelist(methods=["POST"])
def propose_dunnings_now() -> list[str]:
	"""The desk's "Propose dunnings": today's run, at once."""
	if not set(RUN_ROLES) & set(frappe.get_roles()):
		frappe.throw(
			_("Only an accountant or a Sales Manager can propose the dunnings."), frappe.PermissionError
		)
	frappe.has_permission("Dunning", "create", throw=True)
	return propose_dunnings()
