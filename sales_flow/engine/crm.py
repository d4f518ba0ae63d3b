"""The CRM front: leads and opportunities, what they become, and how their statuses follow.

As for the sales documents (engine/status.py), a status that follows from what was made is never
typed: a lead is Converted once a customer comes from it, Quotation / Lost Quotation while quotations
are addressed to it, Opportunity while an opportunity is open on it; an opportunity is Quotation
while quoted, Converted once one of its quotations is ordered, Lost when all its quotations are.
Only the statuses a user chooses are kept as they are (LEAD_CHOSEN, OPPORTUNITY_CHOSEN); a
status that no longer follows (its quotation was cancelled) falls back to Open.
"""

import frappe
from frappe import _
from frappe.utils import flt

LEAD_CHOSEN = ("Lead", "Open", "Replied", "Interested", "Do Not Contact")
OPPORTUNITY_CHOSEN = ("Open", "Replied", "Lost", "Closed")
# an opportunity in these states is over: nothing more is made from it
OPPORTUNITY_ENDED = ("Lost", "Closed")
PARTIES = ("Customer", "Lead")


# --- who the party is ------------------------------------------------------------------------------


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


# --- statuses ----------------------------------------------------------------------------------------


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


def refresh_after_sales_document(doc) -> None:
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


# --- lead -> customer ------------------------------------------------------------------------------


def check_lead_not_converted(lead: str, customer: str | None = None) -> None:
	existing = customer_of_lead(lead)
	if existing and existing != customer:
		frappe.throw(
			_("Lead {0} is already converted: customer {1} was made from it.").format(
				frappe.bold(lead), frappe.bold(existing)
			),
			title=_("Already Converted"),
		)


def new_customer_from_lead(lead_name: str):
	"""An unsaved customer made from the lead; group and territory are the lead's, else those of
	the Selling Settings (the customer's own defaults)."""
	lead = frappe.get_doc("Lead", lead_name)
	lead.check_permission("read")
	check_lead_not_converted(lead.name)
	customer = frappe.new_doc("Customer")
	customer.update(
		{
			"customer_name": lead_display_name(lead),
			"customer_type": "Company" if lead.company_name else "Individual",
			"lead_name": lead.name,
			"email_id": lead.email_id,
			"mobile_no": lead.mobile_no or lead.phone,
			"website": lead.website,
		}
	)
	for field in ("territory", "customer_group"):
		if lead.get(field):
			customer.set(field, lead.get(field))
	return customer


def customer_for_lead(lead: str) -> str:
	"""The customer made from the lead: the one already made, else a new one, inserted."""
	existing = customer_of_lead(lead)
	if existing:
		return existing
	frappe.has_permission("Customer", "create", throw=True)
	return new_customer_from_lead(lead).insert().name


def after_customer_insert(customer) -> None:
	"""A customer made from a lead takes over the lead's contacts and addresses; the lead is Converted."""
	if not customer.lead_name:
		return
	link_lead_contacts_to(customer.lead_name, customer.name)
	refresh_lead(customer.lead_name)


def link_lead_contacts_to(lead: str, customer: str) -> None:
	links = frappe.get_all(
		"Dynamic Link",
		filters={"link_doctype": "Lead", "link_name": lead, "parenttype": ("in", ("Contact", "Address"))},
		fields=["parenttype", "parent"],
	)
	for link in links:
		record = frappe.get_doc(link.parenttype, link.parent)
		if not any(row.link_doctype == "Customer" and row.link_name == customer for row in record.links):
			record.append("links", {"link_doctype": "Customer", "link_name": customer})
			record.save(ignore_permissions=True)  # the user converting may not edit every contact


# --- lead / opportunity -> opportunity, quotation ----------------------------------------------------


def new_opportunity_from_lead(lead_name: str):
	lead = frappe.get_doc("Lead", lead_name)
	lead.check_permission("read")
	frappe.has_permission("Opportunity", "create", throw=True)
	opportunity = frappe.new_doc("Opportunity")
	opportunity.update(
		{
			"opportunity_from": "Lead",
			"party_name": lead.name,
			"customer_name": lead_display_name(lead),
			"source": lead.source,
			"campaign": lead.campaign_name,
			"territory": lead.territory,
			"customer_group": lead.customer_group,
			"contact_email": lead.email_id,
		}
	)
	return opportunity


def new_quotation_from_lead(lead_name: str):
	lead = frappe.get_doc("Lead", lead_name)
	lead.check_permission("read")
	frappe.has_permission("Quotation", "create", throw=True)
	quotation = frappe.new_doc("Quotation")
	customer = customer_of_lead(lead.name)
	quotation.update(
		{
			"quotation_to": "Customer" if customer else "Lead",
			"party_name": customer or lead.name,
			"campaign": lead.campaign_name,
			"source": lead.source,
		}
	)
	return prepare_quotation(quotation)


def new_quotation_from_opportunity(opportunity_name: str):
	"""The opportunity's items become quotation lines, priced by the engine from the price list."""
	opportunity = frappe.get_doc("Opportunity", opportunity_name)
	opportunity.check_permission("read")
	frappe.has_permission("Quotation", "create", throw=True)
	if opportunity.status in OPPORTUNITY_ENDED:
		frappe.throw(
			_("Opportunity {0} is {1}: no quotation can be made from it.").format(
				opportunity.name, _(opportunity.status)
			)
		)
	party_type, party = opportunity.opportunity_from, opportunity.party_name
	if party_type == "Lead" and customer_of_lead(party):
		party_type, party = "Customer", customer_of_lead(party)
	quotation = frappe.new_doc("Quotation")
	quotation.update(
		{
			"quotation_to": party_type,
			"party_name": party,
			"opportunity": opportunity.name,
			"company": opportunity.company,
			"currency": opportunity.currency,
			"campaign": opportunity.campaign,
			"source": opportunity.source,
			"contact_person": opportunity.contact_person,
		}
	)
	for row in opportunity.items:
		quotation.append(
			"items",
			{
				"item_code": row.item_code,
				"item_name": row.item_name,
				"description": row.description,
				"qty": row.qty,
				"uom": row.uom,
			},
		)
	return prepare_quotation(quotation)


def prepare_quotation(quotation):
	from sales_flow.engine.mapping import prepare_draft  # mapping -> details -> crm: imported late

	prepare_draft(quotation)
	return quotation


def set_lead_details(quotation) -> None:
	"""A quotation addressed to a lead: its name and, when not chosen, its campaign and source."""
	details = party_details("Lead", quotation.party_name)
	quotation.customer_name = details.customer_name
	quotation.territory = details.territory or quotation.territory
	quotation.customer_group = details.customer_group or quotation.customer_group
	quotation.campaign = quotation.campaign or details.campaign_name
	quotation.source = quotation.source or details.source


def check_opportunity_can_be_quoted(quotation) -> None:
	if not quotation.opportunity or quotation.docstatus == 2:
		return
	status = frappe.db.get_value("Opportunity", quotation.opportunity, "status")
	if status in OPPORTUNITY_ENDED and quotation.is_new():
		frappe.throw(
			_("Opportunity {0} is {1}: no quotation can be made from it.").format(
				quotation.opportunity, _(status)
			)
		)


# --- opportunity lost --------------------------------------------------------------------------------


def declare_opportunity_lost(
	opportunity, lost_reasons: list[str], competitors: list[str], detailed_reason: str | None
) -> None:
	"""Checked before anything is written: reasons given, no live quotation."""
	if opportunity.status in OPPORTUNITY_ENDED:
		frappe.throw(_("Opportunity {0} is already {1}.").format(opportunity.name, _(opportunity.status)))
	if not lost_reasons:
		frappe.throw(_("Give at least one reason why the opportunity was lost."))
	live = frappe.get_all(
		"Quotation",
		filters={"opportunity": opportunity.name, "docstatus": 1, "status": ("!=", "Lost")},
		pluck="name",
	)
	if live:
		frappe.throw(
			_(
				"Opportunity {0} cannot be lost: quotation {1} was made from it (set it as lost instead)."
			).format(opportunity.name, ", ".join(live))
		)
	opportunity.status = "Lost"
	opportunity.set("lost_reasons", [{"lost_reason": reason} for reason in lost_reasons])
	opportunity.set("competitors", [{"competitor": competitor} for competitor in competitors or []])
	opportunity.order_lost_reason = detailed_reason
	opportunity.save()
