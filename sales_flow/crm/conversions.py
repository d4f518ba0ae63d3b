"""What a lead or an opportunity becomes: a customer (once), an opportunity, a quotation with its
lines priced by the engine; an opportunity declared lost with its reasons and competitors."""

import frappe
from frappe import _

from sales_flow.controllers.mapping import prepare_draft
from sales_flow.crm.statuses import OPPORTUNITY_ENDED, refresh_lead
from sales_flow.party import customer_of_lead, lead_display_name


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
	prepare_draft(quotation)
	return quotation


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
