"""Leads becoming opportunities, quotations and customers (or lost), told through the same
whitelisted conversions a user's clicks call."""

from collections.abc import Callable
from datetime import timedelta

import frappe
from frappe.model.document import Document

from sales_flow.demo.data import COMPANY, HT_TAXES
from sales_flow.demo.features.data import (
	CAMPAIGN,
	COMPETITORS,
	LEAD_PEOPLE,
	LEAD_SOURCES,
	OPPORTUNITY_LOST_REASONS,
)
from sales_flow.demo.masters import insert
from sales_flow.demo.replay import Replay, Story, submit
from sales_flow.sales_flow.doctype.lead.lead import make_opportunity
from sales_flow.sales_flow.doctype.lead.lead import make_quotation as quote_lead
from sales_flow.sales_flow.doctype.opportunity.opportunity import make_quotation as quote_opportunity
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order

CustomerStory = Callable[[Replay, dict], Story]
LeadStory = Callable[[Replay], Story]


def new_lead(r: Replay, unit: int, index: int, status: str | None = None) -> Document:
	first, last, company = LEAD_PEOPLE[index]
	suffix = f" ({unit + 1})" if unit else ""
	return insert(
		{
			"doctype": "Lead",
			"first_name": first,
			"last_name": last,
			"company_name": company + suffix,
			"email_id": f"contact{index + 1}.{unit + 1}@prospect.demo.sales-flow.fr",
			"phone": f"04 72 {10 + index:02d} {20 + unit % 80:02d} 00",
			"source": LEAD_SOURCES[index % len(LEAD_SOURCES)],
			"campaign_name": CAMPAIGN if index % 2 == 0 else None,
			"territory": "Auvergne-Rhône-Alpes",
			"customer_group": "Administrations" if "Mairie" in company else "Entreprises",
			"status": status,
			"notes": "Rencontré au salon, à rappeler." if index % 2 == 0 else None,
		}
	)


def new_opportunity(r: Replay, lead: Document, stage: str, probability: int, items: list[tuple]) -> Document:
	opportunity = make_opportunity(lead.name)
	opportunity.update(
		{
			"company": COMPANY,
			"transaction_date": r.day,
			"sales_stage": stage,
			"probability": probability,
			"expected_closing": r.day + timedelta(days=45),
			"currency": "EUR",
		}
	)
	prices = dict(
		frappe.get_all(
			"Item Price",
			filters={"price_list": "Tarif général", "item_code": ("in", [code for code, _qty in items])},
			fields=["item_code", "price_list_rate"],
			as_list=True,
		)
	)
	for code, qty in items:
		opportunity.append("items", {"item_code": code, "qty": qty, "rate": prices[code]})
	return opportunity.insert(ignore_permissions=True)


def quoted(draft: Document, r: Replay, comment: str | None = None) -> Document:
	draft.update({"company": COMPANY, "transaction_date": r.day, "taxes_and_charges": HT_TAXES})
	if comment:
		draft.printed_comment = comment
	return submit(draft)


def lead_story(unit: int, index: int, status: str | None) -> LeadStory:
	"""A lead that stays a lead, in the status a salesperson gave it."""

	def story(r: Replay) -> Story:
		new_lead(r, unit, index, status)
		yield from ()

	return story


def lead_to_order(unit: int, index: int) -> LeadStory:
	"""Lead -> opportunity -> quotation to the lead -> ordered: the lead's customer is created."""

	def story(r: Replay) -> Story:
		lead = new_lead(r, unit, index)
		yield r.days(3, 8)
		opportunity = new_opportunity(r, lead, "Qualification", 40, [("ECRAN-27", 4), ("INSTALL", 3)])
		yield r.days(3, 10)
		opportunity.reload()
		opportunity.update({"sales_stage": "Proposition", "probability": 70})
		opportunity.save(ignore_permissions=True)
		quotation = quoted(
			quote_opportunity(opportunity.name), r, "<p>Livraison et installation sous 10 jours.</p>"
		)
		yield r.order_delay()
		order = make_sales_order(quotation.name)
		order.update({"transaction_date": r.day, "delivery_date": min(r.day + timedelta(days=10), r.today)})
		submit(order)

	return story


def lead_to_quotation(unit: int, index: int, through_opportunity: bool) -> LeadStory:
	"""A lead quoted (through an opportunity, or straight away), the quotation still open."""

	def story(r: Replay) -> Story:
		lead = new_lead(r, unit, index)
		yield r.days(2, 5)
		if through_opportunity:
			opportunity = new_opportunity(r, lead, "Proposition", 60, [("CONSEIL", 6), ("GUIDE-RGPD", 3)])
			yield r.days(1, 4)
			quoted(quote_opportunity(opportunity.name), r)
		else:
			draft = quote_lead(lead.name)
			draft.append("items", {"item_code": "FORMATION", "qty": 2})
			quoted(draft, r)

	return story


def lead_opportunity(unit: int, index: int, lost: bool) -> LeadStory:
	"""A lead with an opportunity still open, or lost with its reason and the competitor who won."""

	def story(r: Replay) -> Story:
		lead = new_lead(r, unit, index)
		yield r.days(2, 6)
		opportunity = new_opportunity(
			r, lead, "Négociation" if lost else "Prospection", 20 if lost else 30, [("CABLAGE", 80)]
		)
		if lost:
			yield r.days(5, 15)
			opportunity.reload()
			opportunity.declare_enquiry_lost(
				[{"lost_reason": OPPORTUNITY_LOST_REASONS[0]}],
				[{"competitor": COMPETITORS[1]}],
				"Le client a retenu une offre moins chère.",
			)

	return story
