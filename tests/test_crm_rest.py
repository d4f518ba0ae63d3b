"""The CRM through ERPNext's method paths over HTTP, as a sales rep: lead -> opportunity ->
quotation -> order, the customer made from the lead on ordering, and the statuses on the way."""

import frappe
import pytest
from frappe.utils import add_days, nowdate
from frappe.utils.password import update_password

from tests.sales_setup import sales_setup
from tests.support import committed_cleanup, make_user
from tests.test_erpnext_api import Client

pytestmark = pytest.mark.commits
PASSWORD = "Crm-Rest-Passw0rd!"


def test_a_lead_is_sold_to_through_erpnexts_paths():
	with committed_cleanup() as cleanup:
		tag = frappe.generate_hash(length=6)
		setup = sales_setup(tag=tag)
		cleanup += setup.created
		rep = make_user(["Sales User"], email=f"crm-rest-{tag}@test.sales-flow.fr")
		update_password(rep, PASSWORD)
		cleanup.append(("User", rep))
		frappe.db.commit()
		client = Client(rep, PASSWORD)

		lead = client.insert({"doctype": "Lead", "company_name": f"Test Fromagerie {tag}"})["name"]
		cleanup.append(("Lead", lead))
		opportunity = client.method("erpnext.crm.doctype.lead.lead.make_opportunity", source_name=lead)
		opportunity["items"] = [{"item_code": setup.a, "qty": 3, "rate": 90}]
		opportunity["company"] = setup.company
		opportunity = client.insert(opportunity)["name"]
		cleanup.append(("Opportunity", opportunity))

		quotation = client.method(
			"erpnext.crm.doctype.opportunity.opportunity.make_quotation", source_name=opportunity
		)
		quotation.update({"selling_price_list": setup.price_list, "taxes_and_charges": setup.ht, "taxes": []})
		quotation = client.insert(quotation)
		cleanup.append(("Quotation", quotation["name"]))
		assert (quotation["quotation_to"], quotation["party_name"]) == ("Lead", lead)
		assert quotation["grand_total"] == 360.0  # 3 x 100 from the price list + VAT 20 %
		client.submit("Quotation", quotation["name"])

		order = client.method(
			"erpnext.selling.doctype.quotation.quotation.make_sales_order", source_name=quotation["name"]
		)
		frappe.db.rollback()  # a fresh snapshot: the server committed the customer
		customer = frappe.db.get_value("Customer", {"lead_name": lead})
		cleanup.append(("Customer", customer))
		assert order["customer"] == customer
		order["delivery_date"] = add_days(nowdate(), 7)
		order = client.insert(order)["name"]
		cleanup.append(("Sales Order", order))
		client.submit("Sales Order", order)

		frappe.db.rollback()
		assert frappe.db.get_value("Lead", lead, "status") == "Converted"
		assert frappe.db.get_value("Opportunity", opportunity, "status") == "Converted"
		assert frappe.get_all("Customer", filters={"lead_name": lead}, pluck="name") == [customer]
