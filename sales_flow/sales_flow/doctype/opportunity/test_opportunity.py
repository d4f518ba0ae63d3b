"""Opportunities: forecast checked, amounts to the cent, quoted with engine prices, and the status
after each step (quoted, ordered, order cancelled, quotation cancelled, quotation lost, set lost)."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from sales_flow.sales_flow.doctype.opportunity.opportunity import make_quotation
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_invoice, make_sales_order
from tests.crm_setup import make_lead, make_opportunity
from tests.sales_setup import sales_setup
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	return sales_setup()


def status_of(doctype: str, name: str) -> str:
	return frappe.db.get_value(doctype, name, "status")


def master(doctype: str, field: str, name: str) -> str:
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, field: name}).insert()
	return name


def quoted(setup, opportunity):
	quotation = make_quotation(opportunity.name)
	quotation.taxes_and_charges = setup.ht
	quotation.insert()
	quotation.submit()
	return quotation


def test_amounts_are_computed_to_the_cent(setup):
	opportunity = make_opportunity(
		"Customer", setup.customer, [(setup.a, 3, 19.99), (setup.c, 2.5, 10.333)], company=setup.company
	)
	assert [row.amount for row in opportunity.items] == [59.97, 25.83]
	assert opportunity.opportunity_amount == 85.8
	assert [row.item_name for row in opportunity.items] == [setup.a, setup.c]
	assert (opportunity.customer_name, opportunity.currency, opportunity.status) == (
		setup.customer,
		"EUR",
		"Open",
	)
	assert opportunity.name.startswith("CRM-OPP-")


@pytest.mark.parametrize(
	"values, message",
	[
		({"probability": 120}, "between 0 and 100"),
		({"probability": -5}, "between 0 and 100"),
		({"expected_closing": add_days(nowdate(), -1)}, "cannot be before the opportunity date"),
		({"opportunity_from": "Item", "party_name": "a"}, "A lead or a customer is expected"),
		({"party_name": "Nobody at all"}, "Could not find Party: Nobody at all"),
	],
)
def test_bad_input_is_refused_and_nothing_is_written(setup, values, message):
	before = frappe.db.count("Opportunity")
	if values.get("party_name") == "a":
		values["party_name"] = setup.a  # an item exists: the link is valid, the party type is not
	assert_rejected(lambda: make_opportunity("Customer", setup.customer, **values), message)
	assert frappe.db.count("Opportunity") == before


def test_a_line_without_quantity_is_refused(setup):
	assert_rejected(
		lambda: make_opportunity("Customer", setup.customer, [(setup.a, 0, 10)]), "greater than zero"
	)


def test_a_quotation_is_priced_by_the_engine_and_the_statuses_follow(setup):
	lead = make_lead()
	opportunity = make_opportunity(
		"Lead", lead.name, [(setup.a, 2, 80), (setup.b, 1, 50)], company=setup.company
	)
	assert (opportunity.campaign, opportunity.source) == (lead.campaign_name, lead.source)
	frappe.db.set_single_value("Selling Settings", "selling_price_list", setup.price_list)
	frappe.clear_document_cache("Selling Settings", "Selling Settings")

	quotation = make_quotation(opportunity.name)
	assert quotation.is_new()
	assert (quotation.quotation_to, quotation.party_name, quotation.opportunity) == (
		"Lead",
		lead.name,
		opportunity.name,
	)
	# the price list's prices, not the opportunity's estimates
	assert [(row.item_code, row.qty, row.rate) for row in quotation.items] == [
		(setup.a, 2, 100.0),
		(setup.b, 1, 55.5),
	]
	assert quotation.net_total == 255.5
	quotation.taxes_and_charges = setup.ht
	quotation.insert()
	assert status_of("Opportunity", opportunity.name) == "Open"  # a draft is no quotation yet
	quotation.submit()
	assert status_of("Opportunity", opportunity.name) == "Quotation"
	assert status_of("Lead", lead.name) == "Quotation"

	order = make_sales_order(quotation.name)
	order.delivery_date = add_days(nowdate(), 3)
	order.items[0].qty = 1
	order.insert()
	order.submit()
	assert status_of("Opportunity", opportunity.name) == "Converted"
	assert status_of("Lead", lead.name) == "Converted"

	order.cancel()
	assert status_of("Opportunity", opportunity.name) == "Quotation"
	quotation.reload()
	quotation.cancel()
	assert status_of("Opportunity", opportunity.name) == "Open"
	assert status_of("Lead", lead.name) == "Converted"  # its customer stays


def test_an_invoice_made_from_the_quotation_converts_the_opportunity(setup):
	opportunity = make_opportunity("Customer", setup.customer, [(setup.a, 1, 0)], company=setup.company)
	quotation = quoted(setup, opportunity)
	assert quotation.grand_total == 120.0  # the customer's price list
	invoice = make_sales_invoice(quotation.name)
	invoice.insert()
	invoice.submit()
	assert status_of("Opportunity", opportunity.name) == "Converted"
	invoice.cancel()
	assert status_of("Opportunity", opportunity.name) == "Quotation"


def test_a_lost_quotation_loses_the_opportunity(setup):
	opportunity = make_opportunity("Customer", setup.customer, [(setup.a, 1, 0)], company=setup.company)
	quotation = quoted(setup, opportunity)
	reason = master("Quotation Lost Reason", "order_lost_reason", "Test Délai")
	quotation.set_as_lost([reason])
	assert status_of("Opportunity", opportunity.name) == "Lost"
	assert_rejected(lambda: make_quotation(opportunity.name), "is Lost")


def test_set_as_lost_with_reasons_and_competitors(setup):
	opportunity = make_opportunity("Customer", setup.customer, [(setup.a, 1, 0)], company=setup.company)
	reason = master("Opportunity Lost Reason", "lost_reason", "Test Budget")
	rival = master("Competitor", "competitor_name", "Test Concurrent SA")

	assert_rejected(lambda: opportunity.declare_enquiry_lost([]), "at least one reason")
	quotation = quoted(setup, opportunity)
	opportunity.reload()
	assert_rejected(
		lambda: opportunity.declare_enquiry_lost([reason]), f"quotation {quotation.name} was made from it"
	)
	assert status_of("Opportunity", opportunity.name) == "Quotation"
	quotation.reload()
	quotation.cancel()

	opportunity.reload()
	opportunity.declare_enquiry_lost(
		frappe.as_json([{"lost_reason": reason}]), [{"competitor": rival}], "Moins cher ailleurs"
	)
	opportunity.reload()
	assert opportunity.status == "Lost"
	assert [row.lost_reason for row in opportunity.lost_reasons] == [reason]
	assert [row.competitor for row in opportunity.competitors] == [rival]
	assert opportunity.order_lost_reason == "Moins cher ailleurs"
	assert_rejected(lambda: make_quotation(opportunity.name), "is Lost")
	assert_rejected(lambda: opportunity.declare_enquiry_lost([reason]), "already Lost")


def test_an_unknown_lost_reason_is_refused_and_nothing_is_written(setup):
	opportunity = make_opportunity("Customer", setup.customer, company=setup.company)
	assert_rejected(lambda: opportunity.declare_enquiry_lost(["No such reason"]), "No such reason")
	assert status_of("Opportunity", opportunity.name) == "Open"


def test_the_lead_status_follows_its_opportunities(setup):
	lead = make_lead()
	opportunity = make_opportunity("Lead", lead.name, company=setup.company)
	assert status_of("Lead", lead.name) == "Opportunity"
	opportunity.status = "Closed"
	opportunity.save()
	assert status_of("Lead", lead.name) == "Open"
	opportunity.status = "Converted"  # a status that follows from quotations cannot be typed
	opportunity.save()
	assert opportunity.status == "Open"
	opportunity.delete()
	assert status_of("Lead", lead.name) == "Open"


def test_quoting_an_opportunity_needs_the_rights_of_a_sales_user(setup):
	opportunity = make_opportunity("Customer", setup.customer, [(setup.a, 1, 0)], company=setup.company)
	with as_user(make_user(["Sales User"], email="crm-opp-sales@test.sales-flow.fr")):
		assert make_quotation(opportunity.name).opportunity == opportunity.name
	with as_user(make_user(["Accounts User"], email="crm-opp-accounts@test.sales-flow.fr")):
		with pytest.raises(frappe.PermissionError):
			make_quotation(opportunity.name)
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc("Opportunity", opportunity.name).declare_enquiry_lost(["x"])


def test_the_erpnext_path_answers():
	path = frappe.get_hooks("override_whitelisted_methods")[
		"erpnext.crm.doctype.opportunity.opportunity.make_quotation"
	][-1]
	assert frappe.get_attr(path) is make_quotation
