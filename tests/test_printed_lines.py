"""What the printed lines state, over HTTP against the real test server, read by the French users:
the invoice's nature of the operation follows its lines (goods, services or both) in the print and
in the CII and UBL (BT-23), whatever a request sends; a rate raised above the list price is a
mark-up (a margin), never a negative discount, and prints as the rate with no discount."""

import os
import re

import frappe
import pytest
import requests
from frappe.utils.password import update_password
from lxml import etree

from tests.sales_setup import SalesSetup, sales_setup
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Printed-Lines-Passw0rd!"
EINVOICE = "sales_flow.regional.france.einvoice"
GOODS, SERVICES, BOTH = (
	"Livraison de biens",
	"Prestation de services",
	"Livraison de biens et prestation de services",
)


def login(user: str) -> requests.Session:
	session = requests.Session()
	response = session.post(f"{URL}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=30)
	assert response.ok, response.text
	return session


@pytest.fixture(scope="module")
def world():
	"""A committed sales set-up with a service item, a French sales rep and a French accountant."""
	tag = frappe.generate_hash(length=5)
	with committed_cleanup() as cleanup:
		setup = sales_setup(tag=tag)
		extra = SalesSetup(tag)
		setup.service = extra.item("TEST-S20", 20, 80.0, setup.price_list)
		frappe.db.set_value("Item", setup.service, "is_stock_item", 0)
		cleanup += setup.created + extra.created
		users = {}
		for key, roles in (("rep", ["Sales User"]), ("accountant", ["Accounts User"])):
			email = make_user(roles, f"printed-lines-{key}-{tag}@test.sales-flow.fr")
			frappe.db.set_value("User", email, "language", "fr")
			update_password(email, PASSWORD)
			cleanup.append(("User", email))
			users[key] = email
		frappe.db.commit()
		yield frappe._dict(
			setup=setup, cleanup=cleanup, rep=login(users["rep"]), accountant=login(users["accountant"])
		)
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


def insert(world, session: requests.Session, doc: dict, submit: bool = True) -> dict:
	setup = world.setup
	doc = {"company": setup.company, "taxes_and_charges": setup.ht, **doc}
	response = session.post(f"{URL}/api/resource/{doc['doctype']}", json=doc, timeout=60)
	assert response.ok, response.text[:2000]
	data = response.json()["data"]
	world.cleanup.append((data["doctype"], data["name"]))
	if submit:
		response = session.put(
			f"{URL}/api/resource/{data['doctype']}/{data['name']}", json={"docstatus": 1}, timeout=60
		)
		assert response.ok, response.text[:2000]
		data = response.json()["data"]
	return data


def invoice(world, lines: list[dict], **values) -> dict:
	doc = {"doctype": "Sales Invoice", "customer": world.setup.customer, "items": lines, **values}
	return insert(world, world.accountant, doc)


def printed(session: requests.Session, doctype: str, name: str, print_format: str) -> str:
	"""The document as the print view shows it, its markup dropped and its spaces made plain."""
	response = session.get(
		f"{URL}/printview",
		params={"doctype": doctype, "name": name, "format": print_format, "no_letterhead": 1},
		timeout=120,
	)
	assert response.ok, response.text[:2000]
	body = response.text.split('<div class="print-format">', 1)[1].rsplit("<script>", 1)[0]
	text = re.sub(r"<[^>]+>", " ", body).replace("&nbsp;", " ").replace("\xa0", " ").replace("\u202f", " ")
	return re.sub(r"\s+", " ", text)


def billing_frameworks(world, name: str) -> tuple[str, str]:
	"""BT-23 of the invoice's CII and of its UBL."""
	found = []
	for syntax, path in (
		("cii", "//*[local-name()='BusinessProcessSpecifiedDocumentContextParameter']/*[local-name()='ID']"),
		("ubl", "/*/*[local-name()='ProfileID']"),
	):
		response = world.accountant.get(
			f"{URL}/api/method/{EINVOICE}.download_{syntax}", params={"name": name}, timeout=120
		)
		assert response.ok, response.text[:2000]
		found.append(etree.fromstring(response.content).xpath(path)[0].text)
	return tuple(found)


@pytest.mark.parametrize(
	("kinds", "category", "mention", "framework"),
	[
		(("a",), "Goods", GOODS, "B1"),
		(("service",), "Services", SERVICES, "S1"),
		(("a", "service"), "Goods and services", BOTH, "M1"),
	],
)
def test_the_nature_of_the_operation_follows_the_lines(world, kinds, category, mention, framework):
	lines = [{"item_code": getattr(world.setup, kind), "qty": 1} for kind in kinds]
	# what a request sends is not what decides
	sent = invoice(world, lines, operation_category="Goods" if category != "Goods" else "Services")
	assert sent["operation_category"] == category
	text = printed(world.accountant, "Sales Invoice", sent["name"], "Facture")
	stated = text.split("Nature de l'opération ", 1)[1]
	assert stated.startswith(mention) and (mention == BOTH or not stated.startswith(BOTH)), text
	assert billing_frameworks(world, sent["name"]) == (framework, framework)


def test_a_rate_above_the_list_price_is_a_mark_up_and_prints_as_the_rate(world):
	setup = world.setup
	# as the form sent it before: the rate raised by 43.00 over the list price written as a discount
	line = {"item_code": setup.a, "qty": 2, "price_list_rate": 100, "discount_amount": -43, "rate": 143}
	quotation = insert(
		world,
		world.rep,
		{"doctype": "Quotation", "quotation_to": "Customer", "party_name": setup.customer, "items": [line]},
	)
	row = quotation["items"][0]
	assert (row["rate"], row["price_list_rate"], row["discount_amount"], row["discount_percentage"]) == (
		143,
		100,
		0,
		0,
	)
	assert (row["margin_type"], row["margin_rate_or_amount"], row["rate_with_margin"]) == ("Amount", 43, 143)
	assert quotation["net_total"] == 286
	text = printed(world.rep, "Quotation", quotation["name"], "Devis")
	assert "143,00" in text and "286,00" in text, text
	assert "-43" not in text and "43,00" not in text.replace("143,00", ""), text


def test_a_negative_discount_stored_before_prints_as_the_rate_without_a_discount(world):
	setup = world.setup
	sent = invoice(
		world, [{"item_code": setup.a, "qty": 1}, {"item_code": setup.b, "qty": 1, "discount_percentage": 10}]
	)
	first = sent["items"][0]["name"]
	# an invoice submitted with the form's former negative discount: list 100.00, rate 143.00
	frappe.db.set_value(
		"Sales Invoice Item",
		first,
		{
			"discount_amount": -43,
			"rate_with_margin": 100,
			"margin_type": "",
			"margin_rate_or_amount": 0,
			"rate": 143,
			"amount": 143,
		},
	)
	frappe.db.commit()
	text = printed(world.accountant, "Sales Invoice", sent["name"], "Facture")
	assert "143,00" in text and "-43" not in text, text
	# the other line keeps its real discount: its list price and 10 %
	assert "55,50" in text and "10 %" in text, text
