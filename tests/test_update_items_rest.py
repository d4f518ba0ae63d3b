"""Update Items over HTTP at ERPNext's path, as an ERPNext integration or the desk's dialog calls it:
a sales rep changes a partly delivered order; an accountant may not; a refusal is a clear 417."""

import json
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
PASSWORD = "Update-Items-Passw0rd!"
UPDATE_ITEMS = "erpnext.controllers.accounts_controller.update_child_qty_rate"
TO_DELIVERY = "erpnext.selling.doctype.sales_order.sales_order.make_delivery_note"


def session(email: str) -> requests.Session:
	http = requests.Session()
	response = http.post(f"{URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30)
	assert response.ok, response.text
	return http


def data(response: requests.Response) -> dict:
	assert response.ok, response.text
	body = response.json()
	return body["data"] if "data" in body else body["message"]


def update_items(http: requests.Session, order: str, lines: list[dict]) -> requests.Response:
	args = {"parent_doctype": "Sales Order", "trans_items": json.dumps(lines), "parent_doctype_name": order}
	return http.post(f"{URL}/api/method/{UPDATE_ITEMS}", json=args, timeout=60)


def server_messages(response: requests.Response) -> str:
	messages = [json.loads(m) for m in json.loads(response.json().get("_server_messages", "[]"))]
	return "\n".join(frappe.utils.strip_html(m.get("message", "")) for m in messages)


@pytest.fixture
def users():
	with committed_cleanup() as cleanup:
		setup = sales_setup(tag=frappe.generate_hash(length=6))
		cleanup += setup.created
		rep = make_user(["Sales User"], email="update-items-rep@test.sales-flow.fr")
		accountant = make_user(["Accounts User"], email="update-items-accounts@test.sales-flow.fr")
		for user in (rep, accountant):
			update_password(user, PASSWORD)
		frappe.db.commit()
		cleanup += [("User", rep), ("User", accountant)]
		yield setup, session(rep), session(accountant), cleanup


def test_a_rep_updates_a_partly_delivered_order_at_erpnext_path(users):
	setup, rep, accountant, cleanup = users
	order = data(
		rep.post(
			f"{URL}/api/resource/Sales Order",
			json={
				"customer": setup.customer,
				"company": setup.company,
				"transaction_date": nowdate(),
				"delivery_date": add_days(nowdate(), 10),
				"taxes_and_charges": setup.ht,
				"items": [{"item_code": setup.a, "qty": 4}, {"item_code": setup.b, "qty": 2}],
			},
			timeout=60,
		)
	)
	cleanup.append(("Sales Order", order["name"]))
	order = data(
		rep.put(f"{URL}/api/resource/Sales Order/{order['name']}", json={"docstatus": 1}, timeout=60)
	)
	assert order["grand_total"] == 602.1  # 400 + 80, 111 + 11.10

	note = data(rep.post(f"{URL}/api/method/{TO_DELIVERY}", json={"source_name": order["name"]}, timeout=60))
	note["items"] = [{**row, "qty": 3} for row in note["items"] if row["item_code"] == setup.a]
	note = data(rep.post(f"{URL}/api/resource/Delivery Note", json=note, timeout=60))
	cleanup.append(("Delivery Note", note["name"]))
	data(rep.put(f"{URL}/api/resource/Delivery Note/{note['name']}", json={"docstatus": 1}, timeout=60))

	a_row, b_row = (row["name"] for row in order["items"])
	below = update_items(rep, order["name"], [{"docname": a_row, "item_code": setup.a, "qty": 2}])
	assert below.status_code == 417, below.text
	assert "lower than the 3.0 already delivered" in server_messages(below)
	forbidden = update_items(accountant, order["name"], [{"docname": a_row, "item_code": setup.a, "qty": 5}])
	assert forbidden.status_code == 403, forbidden.text

	lines = [
		{"docname": a_row, "item_code": setup.a, "qty": 5, "rate": 100},
		{"docname": b_row, "item_code": setup.b, "qty": 1, "rate": 50},
		{"docname": "", "item_code": setup.c, "qty": 10},
	]
	assert update_items(rep, order["name"], lines).ok
	order = data(rep.get(f"{URL}/api/resource/Sales Order/{order['name']}", timeout=60))
	assert [(row["item_code"], row["qty"], row["amount"]) for row in order["items"]] == [
		(setup.a, 5, 500),
		(setup.b, 1, 50),
		(setup.c, 10, 37.9),
	]
	assert order["grand_total"] == 694.98  # 500 + 100, 50 + 5, 37.90 + 2.08 (VAT 5.5 %)
	assert (order["per_delivered"], order["status"]) == (18.75, "To Deliver and Bill")  # 3 of 16
