"""A delivery note's status follows the billing of what it delivered, over HTTP against the real
test server: Completed as soon as it is submitted when its order was already billed, To Bill again
when that invoice is cancelled, Completed when it is invoiced itself, To Bill once that invoice is
cancelled. The French sales rep delivers, the French accountant invoices."""

import os

import frappe
import pytest
import requests
from frappe.utils.password import update_password

from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Delivery-Status-Passw0rd!"
ORDER = "sales_flow.sales_flow.doctype.sales_order.sales_order"
DELIVERY = "sales_flow.sales_flow.doctype.delivery_note.delivery_note"


class Session:
	"""One user's REST calls; every document it creates is noted for deletion."""

	def __init__(self, user: str, created: list):
		self.http = requests.Session()
		response = self.http.post(f"{URL}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=30)
		assert response.ok, response.text
		self.created = created

	def make(self, method: str, source_name: str) -> dict:
		"""A mapped draft ("Create > ..."), inserted then submitted; the submitted document back."""
		response = self.http.post(f"{URL}/api/method/{method}", json={"source_name": source_name}, timeout=60)
		assert response.ok, response.text[:2000]
		draft = response.json()["message"]
		response = self.http.post(f"{URL}/api/resource/{draft['doctype']}", json=draft, timeout=60)
		assert response.ok, response.text[:2000]
		name = response.json()["data"]["name"]
		self.created.append((draft["doctype"], name))
		response = self.http.put(
			f"{URL}/api/resource/{draft['doctype']}/{name}", json={"docstatus": 1}, timeout=60
		)
		assert response.ok, response.text[:2000]
		return response.json()["data"]

	def cancel(self, doctype: str, name: str) -> None:
		response = self.http.post(
			f"{URL}/api/method/frappe.client.cancel", json={"doctype": doctype, "name": name}, timeout=60
		)
		assert response.ok, response.text[:2000]

	def status(self, doctype: str, name: str) -> tuple[str, float]:
		response = self.http.get(f"{URL}/api/resource/{doctype}/{name}", timeout=60)
		assert response.ok, response.text[:2000]
		data = response.json()["data"]
		return data["status"], data["per_billed"]


@pytest.fixture
def world():
	with committed_cleanup() as created:
		tag = frappe.generate_hash(length=5)
		setup = sales_setup(tag=tag)
		created += setup.created
		sessions = {}
		for key, roles in (("rep", ["Sales User"]), ("accountant", ["Accounts User"])):
			email = make_user(roles, f"dn-status-{key}-{tag}@test.sales-flow.fr")
			frappe.db.set_value("User", email, "language", "fr")
			update_password(email, PASSWORD)
			created.append(("User", email))
			sessions[key] = email
		order = transaction("Sales Order", setup, [(setup.a, 2), (setup.b, 1)]).insert()
		order.submit()
		created.append(("Sales Order", order.name))
		frappe.db.commit()
		yield order.name, Session(sessions["rep"], created), Session(sessions["accountant"], created)
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


def test_a_delivery_of_an_order_already_billed_is_completed_at_submit(world):
	order, rep, accountant = world
	invoice = accountant.make(f"{ORDER}.make_sales_invoice", order)
	delivery = rep.make(f"{ORDER}.make_delivery_note", order)
	# what the submit answers (the form shows it), and what is stored
	assert (delivery["status"], delivery["per_billed"]) == ("Completed", 100)
	assert [row["billed_qty"] for row in delivery["items"]] == [2, 1]
	assert rep.status("Delivery Note", delivery["name"]) == ("Completed", 100)
	assert rep.status("Sales Order", order) == ("Completed", 100)

	accountant.cancel("Sales Invoice", invoice["name"])
	assert rep.status("Delivery Note", delivery["name"]) == ("To Bill", 0)
	assert rep.status("Sales Order", order) == ("To Bill", 0)


def test_a_delivery_invoiced_itself_is_completed_then_to_bill_once_the_invoice_is_cancelled(world):
	order, rep, accountant = world
	delivery = rep.make(f"{ORDER}.make_delivery_note", order)
	assert (delivery["status"], delivery["per_billed"]) == ("To Bill", 0)
	invoice = accountant.make(f"{DELIVERY}.make_sales_invoice", delivery["name"])
	assert rep.status("Delivery Note", delivery["name"]) == ("Completed", 100)
	accountant.cancel("Sales Invoice", invoice["name"])
	assert rep.status("Delivery Note", delivery["name"]) == ("To Bill", 0)
