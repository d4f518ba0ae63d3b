"""A payment's allocation over HTTP, as the French accountant sends it: a paid amount below what the
rows ask is spread over them oldest due first when the intent is plain (an advance on its order,
rows without allocations), and an over-allocation that is not plain is refused in French, naming
the row."""

import json
import os

import frappe
import pytest
import requests
from frappe.utils import add_days, nowdate
from frappe.utils.password import update_password

from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Allocation-Passw0rd!"
GET_PAYMENT_ENTRY = "sales_flow.sales_flow.doctype.payment_entry.payment_entry.get_payment_entry"


@pytest.fixture(scope="module")
def world():
	with committed_cleanup() as created:
		tag = frappe.generate_hash(length=5)
		setup = sales_setup(tag=tag)
		created += setup.created
		accountant = make_user(["Accounts User"], f"alloc-acc-{tag}@test.sales-flow.fr")
		frappe.db.set_value("User", accountant, "language", "fr")
		update_password(accountant, PASSWORD)
		created.append(("User", accountant))
		frappe.db.commit()
		http = requests.Session()
		response = http.post(f"{URL}/api/method/login", data={"usr": accountant, "pwd": PASSWORD}, timeout=30)
		assert response.ok, response.text
		yield setup, http, created
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


def submitted(created: list, doc) -> str:
	doc.insert()
	doc.submit()
	created.append((doc.doctype, doc.name))
	frappe.db.commit()
	return doc.name


def post_payment(world, paid_amount: float, references: list[dict]) -> requests.Response:
	setup, http, created = world
	body = {
		"doctype": "Payment Entry",
		"company": setup.company,
		"party": setup.customer,
		"paid_amount": paid_amount,
		"references": references,
	}
	response = http.post(f"{URL}/api/resource/Payment Entry", json=body, timeout=60)
	if response.ok:
		created.append(("Payment Entry", response.json()["data"]["name"]))
	return response


def allocations(response: requests.Response) -> list[tuple]:
	assert response.ok, response.text
	data = response.json()["data"]
	rows = [(r["reference_name"], r["allocated_amount"]) for r in data["references"]]
	return [*rows, ("unallocated", data["unallocated_amount"])]


def messages(response: requests.Response) -> str:
	encoded = json.loads(response.json().get("_server_messages") or "[]")
	return " ".join(json.loads(m).get("message", "") for m in encoded)


def test_a_partial_advance_keeps_the_order_and_takes_the_paid_amount(world):
	setup, http, created = world
	order = submitted(created, transaction("Sales Order", setup, [(setup.a, 3)]))  # 360.00
	draft = http.post(
		f"{URL}/api/method/{GET_PAYMENT_ENTRY}", json={"dt": "Sales Order", "dn": order}, timeout=60
	).json()["message"]
	assert [(r["reference_name"], r["allocated_amount"]) for r in draft["references"]] == [(order, 360)]
	# the accountant lowers the amount to what the bank received, the row as the draft had it
	rows = [
		{k: r[k] for k in ("reference_doctype", "reference_name", "allocated_amount")}
		for r in draft["references"]
	]
	assert allocations(post_payment(world, 135.07, rows)) == [(order, 135.07), ("unallocated", 0)]


def test_rows_without_allocation_take_the_paid_amount_oldest_due_first(world):
	setup, _http, created = world
	late = submitted(
		created, transaction("Sales Invoice", setup, [(setup.a, 1)], due_date=add_days(nowdate(), 30))
	)  # 120.00
	soon = submitted(
		created, transaction("Sales Invoice", setup, [(setup.a, 2)], due_date=add_days(nowdate(), 5))
	)  # 240.00
	rows = [{"reference_doctype": "Sales Invoice", "reference_name": name} for name in (late, soon)]
	assert allocations(post_payment(world, 300, rows)) == [(late, 60), (soon, 240), ("unallocated", 0)]
	# (drafts settle nothing yet) a row the paid amount does not reach is dropped, not refused
	rows = [{"reference_doctype": "Sales Invoice", "reference_name": name} for name in (late, soon)]
	assert allocations(post_payment(world, 50, rows)) == [(soon, 50), ("unallocated", 0)]


def test_an_over_allocation_whose_intent_is_unclear_is_refused_in_french_naming_the_row(world):
	setup, _http, created = world
	first, second = (
		submitted(created, transaction("Sales Invoice", setup, [(setup.a, qty)])) for qty in (1, 2)
	)
	rows = [
		{"reference_doctype": "Sales Invoice", "reference_name": first, "allocated_amount": 100},
		{"reference_doctype": "Sales Invoice", "reference_name": second, "allocated_amount": 150},
	]
	response = post_payment(world, 200, rows)
	assert response.status_code == 417, response.text
	text = messages(response)
	assert "Références, ligne 2" in text and second in text and "plus que les" in text, text
	assert "Traceback" not in response.text

	# more than a document has outstanding: refused, naming the row, whatever was paid
	rows = [{"reference_doctype": "Sales Invoice", "reference_name": first, "allocated_amount": 130}]
	response = post_payment(world, 500, rows)
	assert response.status_code == 417, response.text
	assert "Références, ligne 1" in messages(response) and "restant dû" in messages(response)
	assert not frappe.db.exists("Payment Entry Reference", {"reference_name": ("in", [first, second])})
