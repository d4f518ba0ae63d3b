"""Leads: names and emails checked, conversions to customer, opportunity and quotation, and the
statuses that follow them (a lead's quotation ordered makes exactly one customer)."""

import frappe
import pytest
from frappe.utils import add_days, nowdate
from frappe.utils.nestedset import get_root_of

from sales_flow.controllers.form_api import get_party_details
from sales_flow.sales_flow.doctype.lead.lead import make_customer, make_opportunity, make_quotation
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_invoice, make_sales_order
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice as order_to_invoice
from tests.crm_setup import make_lead
from tests.sales_setup import sales_setup
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	return sales_setup()


def status_of(doctype: str, name: str) -> str:
	return frappe.db.get_value(doctype, name, "status")


def customers_of(lead: str) -> list[str]:
	return frappe.get_all("Customer", filters={"lead_name": lead}, pluck="name")


def lead_quotation(setup, lead: str, lines: list[tuple[str, float]]):
	quotation = frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": "Lead",
			"party_name": lead,
			"company": setup.company,
			"selling_price_list": setup.price_list,
			"taxes_and_charges": setup.ht,
			"transaction_date": nowdate(),
			"items": [{"item_code": code, "qty": qty} for code, qty in lines],
		}
	)
	quotation.insert()
	quotation.submit()
	return quotation


def quotation_lost_reason() -> str:
	if not frappe.db.exists("Quotation Lost Reason", "Test Prix"):
		frappe.get_doc({"doctype": "Quotation Lost Reason", "order_lost_reason": "Test Prix"}).insert()
	return "Test Prix"


def ordered(order):
	order.delivery_date = add_days(nowdate(), 5)
	order.insert()
	order.submit()
	return order


# --- the lead itself ---------------------------------------------------------------------------------


def test_a_lead_is_named_from_its_person_or_its_organization():
	lead = make_lead()
	assert lead.lead_name == "Marie Lefèvre"
	assert lead.title == "Boulangerie Lefèvre"
	assert lead.status == "Lead"
	assert lead.name.startswith("CRM-LEAD-")
	person = make_lead(company_name="", first_name="Jean", last_name="")
	assert (person.lead_name, person.title) == ("Jean", "Jean")


def test_a_lead_without_any_name_is_refused_and_nothing_is_written():
	before = frappe.db.count("Lead")
	assert_rejected(
		lambda: make_lead(first_name="", last_name="", company_name="  "), "person's name or an organization"
	)
	assert frappe.db.count("Lead") == before


def test_a_bad_or_duplicate_email_is_refused():
	lead = make_lead()
	assert_rejected(lambda: make_lead(email_id="pas-un-email"), "not a valid email")
	assert_rejected(lambda: make_lead(email_id=lead.email_id), f"already used by lead {lead.name}")
	assert frappe.db.count("Lead", {"email_id": lead.email_id}) == 1


# --- lead -> customer --------------------------------------------------------------------------------


def test_a_lead_becomes_a_customer_with_its_contact_and_address_and_the_settings_defaults():
	group = frappe.get_doc(
		{
			"doctype": "Customer Group",
			"customer_group_name": "Test Prospects Convertis",
			"parent_customer_group": get_root_of("Customer Group"),
		}
	).insert()
	territory = frappe.get_doc(
		{
			"doctype": "Territory",
			"territory_name": "Test Bretagne",
			"parent_territory": get_root_of("Territory"),
		}
	).insert()
	frappe.db.set_single_value(
		"Selling Settings", {"customer_group": group.name, "territory": territory.name}
	)
	frappe.clear_document_cache("Selling Settings", "Selling Settings")
	lead = make_lead(mobile_no="+33 6 12 34 56 78")
	link = [{"link_doctype": "Lead", "link_name": lead.name}]
	contact = frappe.get_doc(
		{"doctype": "Contact", "first_name": "Marie", "last_name": "Lefèvre", "links": link}
	).insert()
	address = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": "Boulangerie Lefèvre",
			"address_line1": "3 rue des Fours",
			"city": "Rennes",
			"country": "France",
			"links": link,
		}
	).insert()

	customer = make_customer(lead.name)
	assert customer.is_new()
	assert (customer.customer_name, customer.customer_type) == ("Boulangerie Lefèvre", "Company")
	assert (customer.lead_name, customer.email_id) == (lead.name, lead.email_id)
	assert status_of("Lead", lead.name) == "Lead"  # nothing happens until the customer is saved
	customer.insert()

	assert (customer.customer_group, customer.territory) == (group.name, territory.name)
	assert status_of("Lead", lead.name) == "Converted"
	for doctype, name in (("Contact", contact.name), ("Address", address.name)):
		links = {(row.link_doctype, row.link_name) for row in frappe.get_doc(doctype, name).links}
		assert links == {("Lead", lead.name), ("Customer", customer.name)}


def test_a_lead_is_converted_to_a_customer_only_once():
	lead = make_lead()
	first = make_customer(lead.name).insert()
	assert_rejected(lambda: make_customer(lead.name), f"already converted: customer {first.name}")
	# a customer saved by hand from the same lead is refused too
	second = frappe.get_doc({"doctype": "Customer", "customer_name": "Autre", "lead_name": lead.name})
	assert_rejected(second.insert, "already converted")
	assert customers_of(lead.name) == [first.name]


# --- lead -> opportunity, quotation --------------------------------------------------------------------


def test_a_lead_becomes_an_opportunity_then_a_quotation_then_a_customer(setup):
	lead = make_lead()
	opportunity = make_opportunity(lead.name)
	assert (opportunity.opportunity_from, opportunity.party_name) == ("Lead", lead.name)
	assert (opportunity.campaign, opportunity.source) == (lead.campaign_name, lead.source)
	opportunity.append("items", {"item_code": setup.a, "qty": 2, "rate": 80})
	opportunity.company = setup.company
	opportunity.insert()
	assert status_of("Lead", lead.name) == "Opportunity"

	quotation = make_quotation(lead.name)
	assert (quotation.quotation_to, quotation.party_name) == ("Lead", lead.name)
	assert (quotation.campaign, quotation.source) == (lead.campaign_name, lead.source)
	quotation.update(
		{"company": setup.company, "selling_price_list": setup.price_list, "taxes_and_charges": setup.ht}
	)
	quotation.append("items", {"item_code": setup.b, "qty": 2})
	# the form's party call names the lead too
	assert get_party_details(frappe.as_json(quotation.as_dict()))["customer_name"] == "Boulangerie Lefèvre"
	quotation.insert()
	assert quotation.customer_name == "Boulangerie Lefèvre"
	assert quotation.grand_total == 122.1  # 2 x 55.50 + VAT 10 %
	assert status_of("Lead", lead.name) == "Opportunity"  # a draft changes nothing
	quotation.submit()
	assert status_of("Lead", lead.name) == "Quotation"

	order = ordered(make_sales_order(quotation.name))
	customer = customers_of(lead.name)
	assert customer == [order.customer]
	assert status_of("Lead", lead.name) == "Converted"
	assert (order.campaign, order.source) == (lead.campaign_name, lead.source)
	invoice = order_to_invoice(order.name)
	assert (invoice.customer, invoice.campaign, invoice.source) == (
		order.customer,
		lead.campaign_name,
		lead.source,
	)

	# once converted, a new quotation from the lead is addressed to its customer
	again = make_quotation(lead.name)
	assert (again.quotation_to, again.party_name) == ("Customer", order.customer)


def test_a_lead_quotation_ordered_twice_makes_exactly_one_customer(setup):
	lead = make_lead()
	quotation = lead_quotation(setup, lead.name, [(setup.a, 4), (setup.c, 10)])
	assert quotation.customer is None

	first = make_sales_order(quotation.name)
	first.items[0].qty = 1
	ordered(first)
	[customer] = customers_of(lead.name)
	assert first.customer == customer
	assert frappe.db.get_value("Customer", customer, "customer_name") == "Boulangerie Lefèvre"

	second = ordered(make_sales_order(quotation.name))
	assert second.customer == customer
	assert [(row.item_code, row.qty) for row in second.items] == [(setup.a, 3)]
	assert customers_of(lead.name) == [customer]
	assert status_of("Quotation", quotation.name) == "Ordered"
	assert status_of("Lead", lead.name) == "Converted"


def test_a_lead_quotation_invoiced_directly_makes_the_customer(setup):
	lead = make_lead(company_name="")
	quotation = lead_quotation(setup, lead.name, [(setup.a, 1)])
	invoice = make_sales_invoice(quotation.name)
	invoice.insert()
	invoice.submit()
	[customer] = customers_of(lead.name)
	assert invoice.customer == customer
	assert frappe.db.get_value("Customer", customer, ["customer_name", "customer_type"]) == (
		"Marie Lefèvre",
		"Individual",
	)
	assert invoice.grand_total == 120.0


def test_a_lost_lead_quotation_is_not_ordered_and_makes_no_customer(setup):
	lead = make_lead()
	quotation = lead_quotation(setup, lead.name, [(setup.a, 1)])
	quotation.set_as_lost([quotation_lost_reason()], detailed_reason="Trop cher")
	assert status_of("Lead", lead.name) == "Lost Quotation"
	assert_rejected(lambda: make_sales_order(quotation.name), "Lost")
	assert customers_of(lead.name) == []

	# a new quotation for the same lead makes it a prospect again; cancelled, it falls back
	other = lead_quotation(setup, lead.name, [(setup.b, 1)])
	assert status_of("Lead", lead.name) == "Quotation"
	other.cancel()
	assert status_of("Lead", lead.name) == "Lost Quotation"
	quotation.reload()
	quotation.cancel()
	assert status_of("Lead", lead.name) == "Open"


# --- permissions ----------------------------------------------------------------------------------------


def test_conversions_follow_the_roles(setup):
	"""A sales user converts; an accountant (who reads quotations but neither leads nor the right to
	create customers) is refused everything, and ordering a lead's quotation makes no customer."""
	lead = make_lead()
	quotation = lead_quotation(setup, lead.name, [(setup.a, 1)])
	conversions = (make_customer, make_opportunity, make_quotation)
	with as_user(make_user(["Sales User"], email="crm-sales-user@test.sales-flow.fr")):
		assert all(convert(lead.name).is_new() for convert in conversions)
	with as_user(make_user(["Accounts User"], email="crm-accounts@test.sales-flow.fr")):
		for convert in (*conversions, make_sales_order):
			with pytest.raises(frappe.PermissionError):
				convert(quotation.name if convert is make_sales_order else lead.name)
	assert customers_of(lead.name) == []


def test_the_erpnext_paths_answer():
	hooks = frappe.get_hooks("override_whitelisted_methods")
	for erpnext, ours in {
		"erpnext.crm.doctype.lead.lead.make_customer": make_customer,
		"erpnext.crm.doctype.lead.lead.make_opportunity": make_opportunity,
		"erpnext.crm.doctype.lead.lead.make_quotation": make_quotation,
	}.items():
		assert frappe.get_attr(hooks[erpnext][-1]) is ours
