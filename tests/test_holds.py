"""An order On Hold or Closed stops what hangs off it, over REST as a sales rep and an accountant
work: delivery notes, invoices (also those of its delivery notes) and advances, drafts made before
the hold included; resuming lets the same draft through. Credit notes and cancels stay allowed."""

import json
import os
from contextlib import contextmanager

import frappe
import pytest
import requests
from frappe.utils import add_days, flt, nowdate
from frappe.utils.password import update_password

from tests.sales_setup import sales_setup
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Holds-Passw0rd!"
ORDER_API = "sales_flow.sales_flow.doctype.sales_order.sales_order"
DELIVERY_API = "sales_flow.sales_flow.doctype.delivery_note.delivery_note"
INVOICE_API = "sales_flow.sales_flow.doctype.sales_invoice.sales_invoice"
PAYMENT_API = "sales_flow.sales_flow.doctype.payment_entry.payment_entry"


class Desk:
	"""One logged-in user; every call returns the raw response, refusals are part of the tests."""

	def __init__(self, email: str):
		self.email = email
		self.http = requests.Session()
		response = self.http.post(f"{URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30)
		assert response.ok, response.text

	def method(self, path: str, **args) -> requests.Response:
		return self.http.post(f"{URL}/api/method/{path}", json=args, timeout=60)

	def insert(self, doc: dict) -> requests.Response:
		return self.http.post(f"{URL}/api/resource/{doc['doctype']}", json=doc, timeout=60)

	def update(self, doctype: str, name: str, values: dict) -> requests.Response:
		return self.http.put(f"{URL}/api/resource/{doctype}/{name}", json=values, timeout=60)

	def submit(self, doctype: str, name: str) -> requests.Response:
		return self.update(doctype, name, {"docstatus": 1})

	def cancel(self, doctype: str, name: str) -> requests.Response:
		return self.update(doctype, name, {"docstatus": 2})

	def set_order_status(self, order: str, status: str) -> requests.Response:
		"""The order form's Status menu (Hold, Close, Resume)."""
		return self.method(
			"run_doc_method",
			dt="Sales Order",
			dn=order,
			method="update_status",
			args=json.dumps({"status": status}),
		)


def ok(response: requests.Response) -> dict:
	assert response.ok, response.text
	body = response.json()
	return body["data"] if "data" in body else body.get("message")


def refused(response: requests.Response, message: str) -> None:
	"""A validation error (HTTP 417) whose message contains `message`."""
	assert response.status_code == 417, response.text
	assert message in server_messages(response), response.text


def server_messages(response: requests.Response) -> str:
	messages = [json.loads(m) for m in json.loads(response.json().get("_server_messages", "[]"))]
	return "\n".join(frappe.utils.strip_html(m.get("message", "")) for m in messages)


def fresh(doctype: str, name: str, fields):
	"""Read what the server committed (a new snapshot: the previous read's would be stale)."""
	frappe.db.rollback()
	return frappe.db.get_value(doctype, name, fields)


def names_of(doctype: str, customer: str) -> set[str]:
	frappe.db.rollback()
	return set(frappe.get_all(doctype, filters={"customer": customer}, pluck="name"))


@contextmanager
def speaking_french(email: str):
	"""The user's language decides a logged-in request's (Frappe ignores _lang once the session is
	resumed); written without a User save, which would clear every cache of the site."""
	try:
		frappe.db.set_value("User", email, "language", "fr")
		frappe.db.commit()
		yield
	finally:
		frappe.db.set_value("User", email, "language", "en")
		frappe.db.commit()


@pytest.fixture
def cycle():
	with committed_cleanup() as cleanup:
		# committed for the server to see: names of its own, all deleted afterwards (masters last)
		setup = sales_setup(tag=frappe.generate_hash(length=6))
		cleanup += setup.created
		rep, accountant = make_user(["Sales User"]), make_user(["Accounts User"])
		for email in (rep, accountant):
			update_password(email, PASSWORD)
		frappe.db.commit()
		yield setup, Desk(rep), Desk(accountant), cleanup


def kept(cleanup: list, doctype: str, response: requests.Response) -> dict:
	"""The document the response created, noted for deletion."""
	doc = ok(response)
	cleanup.append((doctype, doc["name"]))
	return doc


def submitted_order(setup, rep: Desk, cleanup: list, qty: float = 4) -> dict:
	"""`qty` x item A (100.00 excl. VAT 20 %)."""
	order = kept(
		cleanup,
		"Sales Order",
		rep.insert(
			{
				"doctype": "Sales Order",
				"customer": setup.customer,
				"company": setup.company,
				"transaction_date": nowdate(),
				"delivery_date": add_days(nowdate(), 10),
				"taxes_and_charges": setup.ht,
				"items": [{"item_code": setup.a, "qty": qty}],
			}
		),
	)
	return ok(rep.submit("Sales Order", order["name"]))


def draft_from(desk: Desk, cleanup: list, mapper: str, source: str, doctype: str, qty: float = 0) -> dict:
	"""A "Create ..." draft of `source`, saved as the form saves it (its first line's quantity
	changed to `qty` when given)."""
	doc = ok(desk.method(mapper, source_name=source))
	if qty:
		doc["items"][0]["qty"] = qty
	return kept(cleanup, doctype, desk.insert(doc))


def test_a_draft_invoice_made_before_the_hold_is_refused_until_the_order_is_resumed(cycle):
	setup, rep, accountant, cleanup = cycle
	order = submitted_order(setup, rep, cleanup)
	name, line = order["name"], order["items"][0]["name"]
	draft = draft_from(accountant, cleanup, f"{ORDER_API}.make_sales_invoice", name, "Sales Invoice")
	# a down payment invoice names the order on its lines, no order line
	down_payment = ok(accountant.method(f"{ORDER_API}.make_down_payment_invoice", source_name=name))
	down_payment = kept(cleanup, "Sales Invoice", accountant.insert(down_payment))
	ok(rep.set_order_status(name, "On Hold"))

	refused(accountant.submit("Sales Invoice", draft["name"]), f"Sales Order {name} is on hold")
	refused(accountant.submit("Sales Invoice", down_payment["name"]), f"Sales Order {name} is on hold")
	assert fresh("Sales Invoice", draft["name"], "docstatus") == 0
	assert fresh("Sales Order", name, ["per_billed", "status"]) == (0, "On Hold")

	# waiting, the draft may still be edited
	ok(accountant.update("Sales Invoice", draft["name"], {"remarks": "Facturer à la reprise"}))
	# a new invoice of the held order, its line linked by hand, is refused at its first save
	before = names_of("Sales Invoice", setup.customer)
	refused(
		accountant.insert(
			{
				"doctype": "Sales Invoice",
				"customer": setup.customer,
				"company": setup.company,
				"taxes_and_charges": setup.ht,
				"items": [{"item_code": setup.a, "qty": 1, "sales_order": name, "so_detail": line}],
			}
		),
		f"Sales Order {name} is on hold",
	)
	assert names_of("Sales Invoice", setup.customer) == before

	ok(rep.set_order_status(name, "Resume"))
	invoice = ok(accountant.submit("Sales Invoice", draft["name"]))
	assert (invoice["docstatus"], invoice["status"], invoice["grand_total"]) == (1, "Unpaid", 480.0)
	assert fresh("Sales Order", name, ["per_billed", "status"]) == (100, "To Deliver")


def test_a_delivery_note_of_a_held_or_closed_order_is_refused_new_or_drafted_before(cycle):
	setup, rep, _accountant, cleanup = cycle
	order = submitted_order(setup, rep, cleanup)
	name = order["name"]
	draft = draft_from(rep, cleanup, f"{ORDER_API}.make_delivery_note", name, "Delivery Note")
	by_hand = {
		"doctype": "Delivery Note",
		"customer": setup.customer,
		"company": setup.company,
		"taxes_and_charges": setup.ht,
		"items": [
			{
				"item_code": setup.a,
				"qty": 1,
				"against_sales_order": name,
				"so_detail": order["items"][0]["name"],
			}
		],
	}
	before = names_of("Delivery Note", setup.customer)

	ok(rep.set_order_status(name, "On Hold"))
	refused(rep.insert(by_hand), f"Sales Order {name} is on hold")
	refused(rep.submit("Delivery Note", draft["name"]), f"Sales Order {name} is on hold")

	ok(rep.set_order_status(name, "Closed"))  # a held order may be closed
	refused(rep.insert(by_hand), f"Sales Order {name} is closed")
	refused(rep.submit("Delivery Note", draft["name"]), f"Sales Order {name} is closed")
	assert names_of("Delivery Note", setup.customer) == before
	assert fresh("Delivery Note", draft["name"], "docstatus") == 0
	assert fresh("Sales Order", name, ["per_delivered", "status"]) == (0, "Closed")

	ok(rep.set_order_status(name, "Resume"))
	delivery = ok(rep.submit("Delivery Note", draft["name"]))
	assert (delivery["docstatus"], delivery["status"], delivery["items"][0]["qty"]) == (1, "To Bill", 4)
	assert fresh("Sales Order", name, ["per_delivered", "status"]) == (100, "To Bill")


def test_an_advance_on_a_held_order_is_refused_and_goes_through_once_resumed(cycle):
	setup, rep, accountant, cleanup = cycle
	name = submitted_order(setup, rep, cleanup)["name"]
	advance = ok(
		accountant.method(f"{PAYMENT_API}.get_payment_entry", dt="Sales Order", dn=name, party_amount=100)
	)
	draft = kept(cleanup, "Payment Entry", accountant.insert(advance))
	ok(rep.set_order_status(name, "On Hold"))

	# ERPNext's "Create > Payment" on the order: refused at once, in the user's language
	with speaking_french(accountant.email):
		refused(
			accountant.method(f"{PAYMENT_API}.get_payment_entry", dt="Sales Order", dn=name),
			f"La commande client {name} est en attente : rien ne peut y être livré, facturé ni payé",
		)
	refused(accountant.submit("Payment Entry", draft["name"]), f"Sales Order {name} is on hold")
	refused(accountant.insert(advance), f"Sales Order {name} is on hold")
	assert flt(fresh("Sales Order", name, "advance_paid")) == 0

	ok(rep.set_order_status(name, "Resume"))
	assert ok(accountant.submit("Payment Entry", draft["name"]))["status"] == "Submitted"
	assert flt(fresh("Sales Order", name, "advance_paid")) == 100

	ok(rep.set_order_status(name, "Closed"))
	refused(accountant.insert(advance), f"Sales Order {name} is closed")


def test_a_closed_order_stops_the_invoices_of_its_delivery_notes_not_credit_notes_nor_cancels(cycle):
	setup, rep, accountant, cleanup = cycle
	name = submitted_order(setup, rep, cleanup)["name"]
	delivery = draft_from(rep, cleanup, f"{ORDER_API}.make_delivery_note", name, "Delivery Note")
	delivery = ok(rep.submit("Delivery Note", delivery["name"]))
	dn_line = delivery["items"][0]
	first = draft_from(
		accountant, cleanup, f"{DELIVERY_API}.make_sales_invoice", delivery["name"], "Sales Invoice", qty=1
	)
	first = ok(accountant.submit("Sales Invoice", first["name"]))
	rest = draft_from(
		accountant, cleanup, f"{DELIVERY_API}.make_sales_invoice", delivery["name"], "Sales Invoice"
	)
	assert rest["items"][0]["qty"] == 3
	ok(rep.set_order_status(name, "Closed"))

	refused(accountant.submit("Sales Invoice", rest["name"]), f"Sales Order {name} is closed")
	# a line naming only the delivery note line still hangs off the order
	refused(
		accountant.insert(
			{
				"doctype": "Sales Invoice",
				"customer": setup.customer,
				"company": setup.company,
				"taxes_and_charges": setup.ht,
				"items": [
					{
						"item_code": setup.a,
						"qty": 1,
						"delivery_note": delivery["name"],
						"dn_detail": dn_line["name"],
					}
				],
			}
		),
		f"Sales Order {name} is closed",
	)

	# what was billed can still be corrected: a credit note, then cancels, free the quantities
	credit = draft_from(
		accountant, cleanup, f"{INVOICE_API}.make_sales_return", first["name"], "Sales Invoice"
	)
	credit = ok(accountant.submit("Sales Invoice", credit["name"]))
	assert (credit["status"], credit["grand_total"]) == ("Return", -120.0)
	assert fresh("Sales Invoice", first["name"], "status") == "Credit Note Issued"
	ok(accountant.cancel("Sales Invoice", credit["name"]))
	ok(accountant.cancel("Sales Invoice", first["name"]))
	assert fresh("Sales Order", name, ["per_billed", "status"]) == (0, "Closed")

	ok(rep.set_order_status(name, "Resume"))
	assert ok(accountant.submit("Sales Invoice", rest["name"]))["grand_total"] == 360.0
	assert fresh("Sales Order", name, ["per_billed", "status"]) == (75, "To Bill")


def test_a_closed_delivery_note_takes_no_more_invoices(cycle):
	setup, rep, accountant, cleanup = cycle
	name = submitted_order(setup, rep, cleanup)["name"]
	delivery = draft_from(rep, cleanup, f"{ORDER_API}.make_delivery_note", name, "Delivery Note")
	delivery = ok(rep.submit("Delivery Note", delivery["name"]))
	draft = draft_from(
		accountant, cleanup, f"{DELIVERY_API}.make_sales_invoice", delivery["name"], "Sales Invoice"
	)
	# no form action closes a delivery note yet: the status is written as ERPNext's Close would
	frappe.db.set_value("Delivery Note", delivery["name"], "status", "Closed", update_modified=False)
	frappe.db.commit()

	message = f"Delivery Note {delivery['name']} is closed"
	refused(accountant.submit("Sales Invoice", draft["name"]), message)
	draft.pop("name")
	refused(accountant.insert(draft), message)
	assert fresh("Sales Order", name, "per_billed") == 0
