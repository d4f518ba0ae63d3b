"""As for the sales documents (controllers/status.py), a status that follows from what was made
is never typed: a lead is Converted once a customer comes from it, Quotation / Lost Quotation while
quotations are addressed to it, Opportunity while an opportunity is open on it; an opportunity is
Quotation while quoted, Converted once one of its quotations is ordered, Lost when all its quotations
are. Only the statuses a user chooses are kept as they are (LEAD_CHOSEN, OPPORTUNITY_CHOSEN); a
status that no longer follows (its quotation was cancelled) falls back to Open."""

import frappe
from frappe.utils import flt

from sales_flow.party import customer_of_lead

LEAD_CHOSEN = ("Lead", "Open", "Replied", "Interested", "Do Not Contact")


OPPORTUNITY_CHOSEN = ("Open", "Replied", "Lost", "Closed")


# an opportunity in these states is over: nothing more is made from it
OPPORTUNITY_ENDED = ("Lost", "Closed")


def lead_status(name: str, current: str | None) -> str:
	if customer_of_lead(name):
		return "Converted"
	quotations = frappe.get_all(
		"Quotation", filters={"quotation_to": "Lead", "party_name": name, "docstatus": 1}, pluck="status"
	)
	if quotations:
		return "Lost Quotation" if all(status == "Lost" for status in quotations) else "Quotation"
	if frappe.db.exists(
		"Opportunity",
		{"opportunity_from": "Lead", "party_name": name, "status": ("not in", OPPORTUNITY_ENDED)},
	):
		return "Opportunity"
	return current if current in LEAD_CHOSEN else "Open"


def opportunity_status(name: str, current: str | None) -> str:
	quotations = frappe.get_all(
		"Quotation", filters={"opportunity": name, "docstatus": 1}, fields=["status", "per_ordered"]
	)
	if any(flt(q.per_ordered) > 0 for q in quotations):
		return "Converted"
	if quotations:
		return "Lost" if all(q.status == "Lost" for q in quotations) else "Quotation"
	return current if current in OPPORTUNITY_CHOSEN else "Open"


def refresh_lead(name: str) -> None:
	current = frappe.db.get_value("Lead", name, "status")
	if current is None:
		return
	status = lead_status(name, current)
	if status != current:
		frappe.db.set_value("Lead", name, "status", status, update_modified=False)


def refresh_opportunity(name: str) -> None:
	opportunity = frappe.db.get_value(
		"Opportunity", name, ["status", "opportunity_from", "party_name"], as_dict=True
	)
	if not opportunity:
		return
	status = opportunity_status(name, opportunity.status)
	if status != opportunity.status:
		frappe.db.set_value("Opportunity", name, "status", status, update_modified=False)
	if opportunity.opportunity_from == "Lead":
		refresh_lead(opportunity.party_name)


def quotations_behind(doc) -> list[str]:
	"""The quotations a sales document was made from (itself, for a quotation)."""
	if doc.doctype == "Quotation":
		return [doc.name]
	link = {"Sales Order": "prevdoc_docname", "Sales Invoice": "quotation"}.get(doc.doctype)
	if not link:
		return []
	return list({row.get(link) for row in doc.get("items") or [] if row.get(link)})


def refresh_after_sales_document(doc, method: str | None = None) -> None:
	"""A quotation was submitted, cancelled or lost, or an order or invoice made from one was
	submitted or cancelled: its opportunity and its lead follow. One query for the quotations."""
	names = quotations_behind(doc)
	if not names:
		return
	quotations = frappe.get_all(
		"Quotation",
		filters={"name": ("in", names)},
		fields=["opportunity", "quotation_to", "party_name"],
	)
	for quotation in quotations:
		if quotation.opportunity:
			refresh_opportunity(quotation.opportunity)
		if quotation.quotation_to == "Lead":
			refresh_lead(quotation.party_name)
