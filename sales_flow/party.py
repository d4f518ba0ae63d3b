"""Whom a sales document is addressed to (a customer, or a lead for a quotation) and what the
document takes from them."""

import frappe
from frappe import _


def party_of(doc) -> tuple[str | None, str | None]:
	"""(doctype, name) of whom the document is addressed to: a Customer, or a Lead for a quotation."""
	if doc.doctype == "Quotation":
		return doc.quotation_to or "Customer", doc.party_name
	return "Customer", doc.customer


def customer_of(doc) -> str | None:
	party_type, party = party_of(doc)
	return party if party_type == "Customer" else None


PARTIES = ("Customer", "Lead")


def lead_display_name(lead) -> str:
	"""What a customer made from the lead is called: its organization, else the person."""
	return (lead.company_name or lead.lead_name or "").strip()


def customer_of_lead(lead: str) -> str | None:
	return frappe.db.get_value("Customer", {"lead_name": lead}, "name") if lead else None


def party_details(party_type: str, party: str) -> dict:
	"""Name, territory and group of a customer or a lead, for the documents addressed to it."""
	if party_type not in PARTIES:
		frappe.throw(_("A lead or a customer is expected, not {0}.").format(_(party_type or "")))
	if party_type == "Customer":
		details = frappe.db.get_value(
			"Customer", party, ["customer_name", "territory", "customer_group"], as_dict=True
		)
	else:
		details = frappe.db.get_value(
			"Lead",
			party,
			["lead_name", "company_name", "territory", "customer_group", "source", "campaign_name"],
			as_dict=True,
		)
		if details:
			details.customer_name = lead_display_name(details)
	if not details:
		frappe.throw(_("{0} {1} does not exist.").format(_(party_type), frappe.bold(party)))
	return details


def set_lead_details(quotation) -> None:
	"""A quotation addressed to a lead: its name and, when not chosen, its campaign and source."""
	details = party_details("Lead", quotation.party_name)
	quotation.customer_name = details.customer_name
	quotation.territory = details.territory or quotation.territory
	quotation.customer_group = details.customer_group or quotation.customer_group
	quotation.campaign = quotation.campaign or details.campaign_name
	quotation.source = quotation.source or details.source
