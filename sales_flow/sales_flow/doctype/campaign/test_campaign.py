import frappe

from tests.support import assert_rejected


def test_a_campaign_cannot_end_before_it_starts():
	campaign = {"doctype": "Campaign", "campaign_name": "Test Soldes d'hiver", "from_date": "2026-01-10"}
	assert_rejected(
		lambda: frappe.get_doc({**campaign, "to_date": "2026-01-09"}).insert(), "cannot end before"
	)
	assert not frappe.db.exists("Campaign", campaign["campaign_name"])
	assert frappe.get_doc({**campaign, "to_date": "2026-01-10"}).insert().name == "Test Soldes d'hiver"
