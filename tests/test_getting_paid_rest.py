"""Getting paid over HTTP with ERPNext's names, as the French accountant (Accounts User) and a sales
rep: a Payment Reconciliation run through run_doc_method, a refund of a credit note (payment_type
Pay), a Delivery Note return (make_sales_return), a credit limit refusal with its figures in
French, and bad input refused with a 417 naming the row or the limit, nothing written."""

import json
import os

import frappe
import pytest
import requests
from frappe.utils.password import update_password

from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_delivery_note
from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Getting-Paid-Passw0rd!"
RECONCILIATION = "Payment Reconciliation"


def login(email: str) -> requests.Session:
	http = requests.Session()
	response = http.post(f"{URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30)
	assert response.ok, response.text
	return http


@pytest.fixture(scope="module")
def world():
	with committed_cleanup() as created:
		tag = frappe.generate_hash(length=5)
		setup = sales_setup(tag=tag)
		created += setup.created
		users = {}
		for role, key in (("Accounts User", "acc"), ("Sales User", "rep")):
			email = make_user([role], f"paid-{key}-{tag}@test.sales-flow.fr")
			frappe.db.set_value("User", email, "language", "fr")
			update_password(email, PASSWORD)
			created.append(("User", email))
			users[key] = email
		# a stored copy of the tool, stamped, as every new site holds one from its install
		frappe.db.set_single_value(RECONCILIATION, "party_type", "Customer")
		frappe.db.commit()
		yield setup, {key: login(email) for key, email in users.items()}, created
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


def committed(created: list, doc):
	doc.insert()
	doc.submit()
	created.append((doc.doctype, doc.name))
	frappe.db.commit()
	return doc


def messages(response: requests.Response) -> str:
	encoded = json.loads(response.json().get("_server_messages") or "[]")
	return " ".join(frappe.utils.strip_html(json.loads(m).get("message", "")) for m in encoded)


def run_doc_method(http: requests.Session, doc: dict, method: str) -> requests.Response:
	return http.post(
		f"{URL}/api/method/run_doc_method", data={"docs": json.dumps(doc), "method": method}, timeout=60
	)


def status(name: str) -> tuple:
	frappe.db.rollback()  # see what the server committed
	return tuple(frappe.db.get_value("Sales Invoice", name, ["outstanding_amount", "status"]))


def test_the_accountant_reconciles_a_payment_over_rest(world):
	setup, http, created = world
	invoice = committed(created, transaction("Sales Invoice", setup, [(setup.a, 2)]))  # 240
	body = {"doctype": "Payment Entry", "company": setup.company, "party": setup.customer, "paid_amount": 240}
	response = http["acc"].post(
		f"{URL}/api/resource/Payment Entry", json={**body, "docstatus": 1}, timeout=60
	)
	assert response.ok, response.text
	created.append(("Payment Entry", response.json()["data"]["name"]))

	tool = {
		"doctype": RECONCILIATION,
		"name": RECONCILIATION,
		"company": setup.company,
		"party": setup.customer,
	}
	response = run_doc_method(http["acc"], tool, "get_unreconciled_entries")
	assert response.ok, response.text
	doc = response.json()["docs"][0]
	assert [(r["invoice_number"], r["allocated_amount"]) for r in doc["allocation"]] == [(invoice.name, 240)]

	# a hand-typed over-allocation: refused in French, naming the row, nothing written
	too_much = {**doc, "allocation": [{**doc["allocation"][0], "allocated_amount": 300}]}
	response = run_doc_method(http["acc"], too_much, "reconcile")
	assert response.status_code == 417, response.text
	assert "Ligne d'allocation 1" in messages(response), messages(response)
	assert status(invoice.name) == (240, "Unpaid")

	response = run_doc_method(http["acc"], doc, "reconcile")
	assert response.ok, response.text
	assert status(invoice.name) == (0, "Paid")

	# a sales rep may not reconcile
	response = run_doc_method(http["rep"], tool, "get_unreconciled_entries")
	assert response.status_code == 403, response.text


def test_the_accountant_refunds_a_credit_note_over_rest(world):
	setup, http, created = world
	invoice = committed(created, transaction("Sales Invoice", setup, [(setup.a, 3)]))
	committed(created, get_payment_entry("Sales Invoice", invoice.name))
	credit = make_sales_return(invoice.name)
	credit.items[0].qty = -1
	committed(created, credit)
	assert status(invoice.name) == (-120, "Credit Note Issued")

	response = http["acc"].get(
		f"{URL}/api/method/sales_flow.sales_flow.doctype.payment_entry.payment_entry.get_payment_entry",
		params={"dt": "Sales Invoice", "dn": credit.name},
		timeout=60,
	)
	assert response.ok, response.text
	refund = response.json()["message"]
	assert (refund["payment_type"], refund["paid_amount"]) == ("Pay", 120)
	too_much = {**refund, "paid_amount": 150, "docstatus": 1}
	response = http["acc"].post(f"{URL}/api/resource/Payment Entry", json=too_much, timeout=60)
	assert response.status_code == 417, response.text
	assert "dépasse" in messages(response), messages(response)

	response = http["acc"].post(
		f"{URL}/api/resource/Payment Entry", json={**refund, "docstatus": 1}, timeout=60
	)
	assert response.ok, response.text
	created.append(("Payment Entry", response.json()["data"]["name"]))
	assert status(invoice.name) == (0, "Credit Note Issued")


def test_a_delivery_is_returned_over_rest(world):
	setup, http, created = world
	order = committed(created, transaction("Sales Order", setup, [(setup.a, 4)]))
	delivery = committed(created, make_delivery_note(order.name))
	response = http["rep"].post(
		f"{URL}/api/method/sales_flow.sales_flow.doctype.delivery_note.delivery_note.make_sales_return",
		data={"source_name": delivery.name},
		timeout=60,
	)
	assert response.ok, response.text
	draft = response.json()["message"]
	draft["items"][0]["qty"] = -5
	response = http["rep"].post(f"{URL}/api/resource/Delivery Note", json=draft, timeout=60)
	assert response.status_code == 417, response.text
	draft["items"][0]["qty"] = -1
	response = http["rep"].post(
		f"{URL}/api/resource/Delivery Note", json={**draft, "docstatus": 1}, timeout=60
	)
	assert response.ok, response.text
	created.append(("Delivery Note", response.json()["data"]["name"]))
	frappe.db.rollback()
	assert frappe.db.get_value("Sales Order", order.name, "per_delivered") == 75


def test_an_order_over_the_credit_limit_is_refused_over_rest_in_french(world):
	setup, http, created = world
	customer = frappe.get_doc("Customer", setup.customer)
	customer.set("credit_limits", [{"company": setup.company, "credit_limit": 100}])
	customer.save()
	frappe.db.commit()
	try:
		draft = {
			"doctype": "Sales Order",
			"company": setup.company,
			"customer": setup.customer,
			"transaction_date": frappe.utils.nowdate(),
			"delivery_date": frappe.utils.add_days(frappe.utils.nowdate(), 10),
			"taxes_and_charges": setup.ht,
			"items": [{"item_code": setup.a, "qty": 1}],
		}
		response = http["rep"].post(
			f"{URL}/api/resource/Sales Order", json={**draft, "docstatus": 1}, timeout=60
		)
		assert response.status_code == 417, response.text
		text = messages(response)
		assert "Limite de crédit du client" in text and "au-delà de la limite" in text, text
	finally:
		frappe.db.rollback()
		customer = frappe.get_doc("Customer", setup.customer)
		customer.set("credit_limits", [])
		customer.save()
		frappe.db.commit()
