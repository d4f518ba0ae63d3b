"""Leads, campaigns and sources for the CRM tests, created inside each test's transaction."""

import frappe


def crm_masters() -> tuple[str, str]:
	"""(campaign, lead source) for the tests."""
	for doctype, field, name in (
		("Campaign", "campaign_name", "Test Salon Equip'Hotel"),
		("Lead Source", "source_name", "Test Salon"),
	):
		if not frappe.db.exists(doctype, name):
			frappe.get_doc({"doctype": doctype, field: name}).insert()
	return "Test Salon Equip'Hotel", "Test Salon"


def make_lead(**values):
	campaign, source = crm_masters()
	return frappe.get_doc(
		{
			"doctype": "Lead",
			"first_name": "Marie",
			"last_name": "Lefèvre",
			"company_name": "Boulangerie Lefèvre",
			"email_id": f"marie.{frappe.generate_hash(length=6)}@boulangerie-lefevre.fr",
			"campaign_name": campaign,
			"source": source,
			**values,
		}
	).insert()


def make_opportunity(party_type: str, party: str, items: list[tuple] = (), **values):
	return frappe.get_doc(
		{
			"doctype": "Opportunity",
			"opportunity_from": party_type,
			"party_name": party,
			"items": [{"item_code": code, "qty": qty, "rate": rate} for code, qty, rate in items],
			**values,
		}
	).insert()
