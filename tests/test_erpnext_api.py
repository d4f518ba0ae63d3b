"""Integrations written for ERPNext's selling REST API work unchanged: same DocType and field
names, same method paths for the "Create ..." mappers, submit by setting docstatus."""

import os

import frappe
import pytest
import requests
from frappe.utils import add_days, nowdate
from frappe.utils.password import update_password

from tests.sales_setup import sales_setup
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
ERPNEXT = {
	"quotation_to_order": "erpnext.selling.doctype.quotation.quotation.make_sales_order",
	"order_to_delivery": "erpnext.selling.doctype.sales_order.sales_order.make_delivery_note",
	"delivery_to_invoice": "erpnext.stock.doctype.delivery_note.delivery_note.make_sales_invoice",
	"payment": "erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry",
}


class Client:
	"""What an ERPNext integration does: session login, /api/resource and /api/method calls."""

	def __init__(self, user: str, password: str):
		self.http = requests.Session()
		response = self.http.post(f"{URL}/api/method/login", data={"usr": user, "pwd": password}, timeout=30)
		assert response.ok, response.text

	def method(self, path: str, **args) -> dict:
		response = self.http.post(f"{URL}/api/method/{path}", json=args, timeout=60)
		assert response.ok, response.text
		return response.json()["message"]

	def insert(self, doc: dict) -> dict:
		response = self.http.post(f"{URL}/api/resource/{doc['doctype']}", json=doc, timeout=60)
		assert response.ok, response.text
		return response.json()["data"]

	def submit(self, doctype: str, name: str) -> dict:
		response = self.http.put(f"{URL}/api/resource/{doctype}/{name}", json={"docstatus": 1}, timeout=60)
		assert response.ok, response.text
		return response.json()["data"]


@pytest.fixture
def clients():
	with committed_cleanup() as cleanup:
		# committed for the server to see: names of its own, all deleted afterwards (masters last)
		setup = sales_setup(tag=frappe.generate_hash(length=6))
		cleanup += setup.created
		rep = make_user(["Sales User"], email="erpnext-rep@test.sales-flow.fr")
		accountant = make_user(["Accounts User"], email="erpnext-accounts@test.sales-flow.fr")
		for user in (rep, accountant):
			update_password(user, "Erpnext-Passw0rd!")
		frappe.db.commit()
		cleanup += [("User", rep), ("User", accountant)]
		yield setup, Client(rep, "Erpnext-Passw0rd!"), Client(accountant, "Erpnext-Passw0rd!"), cleanup


def test_the_selling_flow_through_erpnext_paths(clients):
	setup, rep, accountant, cleanup = clients
	quotation = rep.insert(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": setup.customer,
			"company": setup.company,
			"transaction_date": nowdate(),
			"taxes_and_charges": setup.ht,
			"items": [
				{"item_code": setup.a, "qty": 4},
				{"item_code": setup.b, "qty": 2, "discount_percentage": 10},
			],
		}
	)
	cleanup.append(("Quotation", quotation["name"]))
	assert quotation["grand_total"] == 589.89  # 400 + 80 + 99.90 + 9.99 (VAT 10 % on 99.90)
	rep.submit("Quotation", quotation["name"])

	order = rep.method(ERPNEXT["quotation_to_order"], source_name=quotation["name"])
	order["delivery_date"] = add_days(nowdate(), 5)
	order = rep.insert(order)
	cleanup.append(("Sales Order", order["name"]))
	assert [(i["item_code"], i["qty"], i["prevdoc_docname"]) for i in order["items"]] == [
		(setup.a, 4, quotation["name"]),
		(setup.b, 2, quotation["name"]),
	]
	assert rep.submit("Sales Order", order["name"])["status"] == "To Deliver and Bill"

	delivery = rep.insert(rep.method(ERPNEXT["order_to_delivery"], source_name=order["name"]))
	cleanup.append(("Delivery Note", delivery["name"]))
	rep.submit("Delivery Note", delivery["name"])

	invoice = accountant.method(ERPNEXT["delivery_to_invoice"], source_name=delivery["name"])
	invoice = accountant.insert(invoice)
	cleanup.append(("Sales Invoice", invoice["name"]))
	invoice = accountant.submit("Sales Invoice", invoice["name"])
	assert invoice["grand_total"] == 589.89
	assert invoice["outstanding_amount"] == 589.89

	payment = accountant.method(ERPNEXT["payment"], dt="Sales Invoice", dn=invoice["name"])
	payment["reference_no"], payment["reference_date"] = "VIR-0042", nowdate()
	payment = accountant.insert(payment)
	cleanup.append(("Payment Entry", payment["name"]))
	accountant.submit("Payment Entry", payment["name"])

	assert frappe.db.get_value("Sales Invoice", invoice["name"], "status") == "Paid"
	assert frappe.db.get_value("Sales Order", order["name"], "status") == "Completed"
	assert frappe.db.get_value("Quotation", quotation["name"], "status") == "Ordered"


def test_a_sales_user_cannot_submit_invoices(clients):
	setup, rep, _accountant, cleanup = clients
	response = rep.http.post(
		f"{URL}/api/resource/Sales Invoice",
		json={
			"doctype": "Sales Invoice",
			"customer": setup.customer,
			"company": setup.company,
			"items": [{"item_code": setup.a, "qty": 1}],
		},
		timeout=30,
	)
	assert response.status_code == 403
	assert not frappe.db.exists("Sales Invoice", {"customer": setup.customer})
