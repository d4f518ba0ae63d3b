"""Prices are the server's, over HTTP as a sales rep: the list price a line is compared with is the one
the price lists give (not the one the request sends), a rate below it passes only as the item's
maximum discount and the settings allow, a line made from a quotation keeps the quoted price only
through a true link, and the document discount has a maximum. Refusals name the line, the item, the
price and the limit, in the user's language."""

import json
import os
from contextlib import contextmanager

import frappe
import pytest
import requests
from frappe.utils import add_days, nowdate, strip_html
from frappe.utils.nestedset import get_root_of
from frappe.utils.password import update_password

from tests.support import (
	committed_cleanup,
	insert_recorded,
	make_priced_item,
	make_throwaway_sales_masters,
	make_user,
)

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Prices-Passw0rd!"
SCREEN_PRICE, SCREEN_MAX_DISCOUNT = 249.0, 15


class Rep:
	"""A logged-in user of the REST API; answers are returned as they come, errors included, and what
	it creates is noted in `created` (deleted at the end, also when a refusal did not come)."""

	def __init__(self, email: str, created: list):
		self.created = created
		self.http = requests.Session()
		response = self.http.post(f"{URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30)
		assert response.ok, response.text

	def insert(self, doc: dict) -> requests.Response:
		response = self.http.post(f"{URL}/api/resource/{doc['doctype']}", json=doc, timeout=60)
		if response.ok:
			self.created.append((doc["doctype"], response.json()["data"]["name"]))
		return response

	def update(self, doctype: str, name: str, values: dict) -> requests.Response:
		return self.http.put(f"{URL}/api/resource/{doctype}/{name}", json=values, timeout=60)

	def method(self, path: str, **args) -> requests.Response:
		return self.http.post(f"{URL}/api/method/{path}", json=args, timeout=60)


def messages(response: requests.Response) -> str:
	"""The messages of a refusal, as the user reads them."""
	found = []
	for message in json.loads(response.json().get("_server_messages") or "[]"):
		message = json.loads(message) if isinstance(message, str) else message
		found.append(strip_html(message.get("message", "")))
	return " ".join(found)


def refused(response: requests.Response, *parts: str) -> str:
	assert response.status_code == 417, response.text
	text = messages(response)
	for part in parts:
		assert part in text, text
	return text


def accepted(response: requests.Response) -> dict:
	assert response.status_code == 200, response.text
	return response.json()["data"]


@pytest.fixture(scope="module")
def world():
	"""Committed for the server to see, all deleted at the end: a screen listed at 249.00 with a
	15 % maximum discount, an item without any price, two customers (the other one with its own
	price of 99.00), a sales rep, a sales manager and a French-speaking rep."""
	with committed_cleanup() as cleanup:
		tag = frappe.generate_hash(length=6)
		masters = make_throwaway_sales_masters("Test Prix", tag, "TP", cleanup)
		screen = make_priced_item(
			cleanup, f"TEST-ECRAN-{tag}", "Écran 27", masters.vat, masters.price_list, SCREEN_PRICE
		)
		frappe.db.set_value("Item", screen, "max_discount", SCREEN_MAX_DISCOUNT)
		unpriced = insert_recorded(
			cleanup,
			{
				"doctype": "Item",
				"item_code": f"TEST-SANS-PRIX-{tag}",
				"item_name": "Sans prix",
				"item_group": get_root_of("Item Group"),
				"stock_uom": "Unit",
				"item_tax_template": masters.vat,
			},
		)
		other = insert_recorded(
			cleanup,
			{
				"doctype": "Customer",
				"customer_name": f"Test Prix Autre Client {tag}",
				"default_price_list": masters.price_list,
				"customer_group": get_root_of("Customer Group"),
				"territory": get_root_of("Territory"),
			},
		)
		insert_recorded(
			cleanup,
			{
				"doctype": "Item Price",
				"item_code": screen,
				"price_list": masters.price_list,
				"customer": other,
				"uom": "Unit",
				"price_list_rate": 99,
				"valid_from": "2020-01-01",
			},
		)
		users = {
			"rep": make_user(["Sales User"], email=f"prices-rep-{tag}@test.sales-flow.fr"),
			"manager": make_user(
				["Sales User", "Sales Manager"], email=f"prices-chef-{tag}@test.sales-flow.fr"
			),
			"french": make_user(["Sales User"], email=f"prices-fr-{tag}@test.sales-flow.fr"),
			"accountant": make_user(["Accounts User"], email=f"prices-compta-{tag}@test.sales-flow.fr"),
		}
		frappe.db.set_value("User", users["french"], "language", "fr")
		for email in users.values():
			update_password(email, PASSWORD)
			cleanup.append(("User", email))
		frappe.db.commit()
		yield frappe._dict(
			masters=masters,
			screen=screen,
			unpriced=unpriced,
			other=other,
			**{role: Rep(email, cleanup) for role, email in users.items()},
		)


@contextmanager
def selling_settings(**values):
	"""Selling Settings changed and committed for the server, then put back."""
	previous = {field: frappe.db.get_single_value("Selling Settings", field) for field in values}
	set_settings(values)
	try:
		yield
	finally:
		set_settings(previous)


def set_settings(values: dict) -> None:
	for field, value in values.items():
		frappe.db.set_single_value("Selling Settings", field, value)
	frappe.db.commit()
	frappe.clear_document_cache("Selling Settings", "Selling Settings")


# the settings most tests run under, whatever the site's: list prices not editable, selling below
# them allowed (only the item's maximum discount stops), a 20 % document discount for a sales rep
DEFAULTS = {
	"editable_price_list_rate": 0,
	"role_allowed_to_edit_price_list_rate": None,
	"below_list_price_action": "Allow",
	"role_allowed_to_sell_below_list_price": None,
	"max_additional_discount_percentage": 20,
	"role_allowed_to_exceed_max_discount": "Sales Manager",
}


@pytest.fixture(autouse=True)
def default_settings():
	with selling_settings(**DEFAULTS):
		yield


def document(world, doctype: str, lines: list[dict], customer: str | None = None, **values) -> dict:
	customer = customer or world.masters.customer
	doc = {
		"doctype": doctype,
		"company": world.masters.company,
		"taxes_and_charges": world.masters.taxes,
		"items": lines,
		**values,
	}
	if doctype == "Quotation":
		doc.update({"quotation_to": "Customer", "party_name": customer, "transaction_date": nowdate()})
	else:
		doc["customer"] = customer
	if doctype == "Sales Order":
		doc.update({"transaction_date": nowdate(), "delivery_date": add_days(nowdate(), 10)})
	return doc


def count(doctype: str, customer: str) -> int:
	frappe.db.rollback()  # a fresh snapshot: what the server committed
	party = "party_name" if doctype == "Quotation" else "customer"
	return frappe.db.count(doctype, {party: customer})


def submitted_quotation(world, user: Rep, lines: list[dict], customer: str | None = None, **values) -> dict:
	quotation = accepted(user.insert(document(world, "Quotation", lines, customer, **values)))
	return accepted(user.update("Quotation", quotation["name"], {"docstatus": 1}))


def ordered(world, user: Rep, quotation: str) -> dict:
	"""The Sales Order ERPNext's mapper path makes of a quotation, as a REST client gets it."""
	response = user.method(
		"erpnext.selling.doctype.quotation.quotation.make_sales_order", source_name=quotation
	)
	assert response.ok, response.text
	order = response.json()["message"]
	order["delivery_date"] = add_days(nowdate(), 10)
	return order


# --- the list price is the server's -------------------------------------------------------------


@pytest.mark.parametrize("doctype", ["Quotation", "Sales Order"])
@pytest.mark.parametrize(
	"line",
	[
		{"price_list_rate": 0.01, "rate": 0.01},
		{"rate": 0.01},
		# inserted submitted, with a trail claiming a pricing rule gave that price
		{
			"price_list_rate": 0.01,
			"rate": 0.01,
			"price_trail": json.dumps({"rules": ["Remise"], "rate": 0.01, "list_rate": 0.01, "steps": []}),
		},
	],
	ids=["list-price-sent", "rate-alone", "forged-trail-submitted"],
)
def test_a_rate_of_a_cent_is_compared_with_the_server_list_price_and_refused(world, doctype, line):
	before = count(doctype, world.masters.customer)
	docstatus = {"docstatus": 1} if "price_trail" in line else {}
	response = world.rep.insert(
		document(world, doctype, [{"item_code": world.screen, "qty": 1, **line}], **docstatus)
	)
	refused(
		response,
		f"Row 1: the discount on {world.screen} is 100 % (0.01 instead of the list price 249.00)",
		"above the item's maximum of 15 %",
	)
	assert count(doctype, world.masters.customer) == before


def test_a_rate_within_the_maximum_stands_against_the_server_list_price(world):
	order = accepted(
		world.rep.insert(document(world, "Sales Order", [{"item_code": world.screen, "qty": 1, "rate": 220}]))
	)
	line = order["items"][0]
	assert (line["price_list_rate"], line["discount_amount"], line["rate"]) == (249, 29, 220)
	assert order["grand_total"] == 264.0  # 220 + 20 % VAT
	order = accepted(world.rep.update("Sales Order", order["name"], {"docstatus": 1}))
	assert (order["docstatus"], order["grand_total"]) == (1, 264.0)


def test_an_update_cannot_lower_the_list_price(world):
	quotation = accepted(
		world.rep.insert(document(world, "Quotation", [{"item_code": world.screen, "qty": 2}]))
	)
	row = quotation["items"][0]
	response = world.rep.update(
		"Quotation",
		quotation["name"],
		{"items": [{**row, "price_list_rate": 0.01, "rate": 0.01}]},
	)
	refused(response, "Row 1", world.screen, "above the item's maximum of 15 %")
	frappe.db.rollback()
	stored = frappe.db.get_value("Quotation Item", row["name"], ["price_list_rate", "rate"], as_dict=True)
	assert (stored.price_list_rate, stored.rate) == (249, 249)


def test_the_list_price_is_editable_only_by_the_role_the_settings_name(world):
	line = {"item_code": world.screen, "qty": 1, "price_list_rate": 300}
	with selling_settings(editable_price_list_rate=1, role_allowed_to_edit_price_list_rate="Sales Manager"):
		by_rep = accepted(world.rep.insert(document(world, "Quotation", [line])))["items"][0]
		# the rep's list price is the server's; the 300.00 sent is kept as the agreed rate, a mark-up
		assert (by_rep["price_list_rate"], by_rep["margin_type"], by_rep["rate"]) == (249, "Amount", 300)
		by_manager = accepted(world.manager.insert(document(world, "Quotation", [line])))
		assert by_manager["items"][0]["price_list_rate"] == 300
		# a list price typed lower is no way round the item's maximum discount on the real one
		lowered = world.manager.insert(document(world, "Quotation", [{**line, "price_list_rate": 100}]))
		refused(
			lowered,
			"is 59.84 % (100.00 instead of the list price 249.00)",
			"above the item's maximum of 15 %",
		)
		response = world.rep.method("sales_flow.pricing.lines.may_edit_price_list_rate")
		assert response.json()["message"] is False
	with selling_settings(editable_price_list_rate=1, role_allowed_to_edit_price_list_rate=None):
		by_rep = accepted(world.rep.insert(document(world, "Quotation", [line])))["items"][0]
		assert by_rep["price_list_rate"] == 300
		response = world.rep.method("sales_flow.pricing.lines.may_edit_price_list_rate")
		assert response.json()["message"] is True


def test_without_a_list_price_the_rate_sent_stands(world):
	"""As in ERPNext: no price in any list, no list price on the line, nothing to compare with."""
	typed = accepted(
		world.rep.insert(document(world, "Quotation", [{"item_code": world.unpriced, "qty": 2, "rate": 42}]))
	)
	assert (typed["items"][0]["price_list_rate"], typed["items"][0]["rate"], typed["total"]) == (0, 42, 84)
	# a list price sent for it is not one: the line sells at the price it came with
	sent = accepted(
		world.rep.insert(
			document(
				world,
				"Quotation",
				[{"item_code": world.unpriced, "qty": 1, "price_list_rate": 50, "discount_percentage": 10}],
			)
		)
	)
	line = sent["items"][0]
	assert (line["price_list_rate"], line["discount_percentage"], line["rate"]) == (0, 0, 45)
	# and a line without price nor rate sells at nothing rather than at an invented price
	bare = accepted(world.rep.insert(document(world, "Quotation", [{"item_code": world.unpriced, "qty": 1}])))
	assert (bare["items"][0]["price_list_rate"], bare["grand_total"]) == (0, 0)


def test_selling_below_the_list_price_stops_at_the_settings(world):
	line = {"item_code": world.screen, "qty": 1, "rate": 240}
	with selling_settings(
		below_list_price_action="Stop", role_allowed_to_sell_below_list_price="Sales Manager"
	):
		refused(
			world.rep.insert(document(world, "Quotation", [line])),
			f"Selling below the list price: row 1 ({world.screen} at 240.00 instead of 249.00)",
			"Only the role Sales Manager may do so.",
		)
		assert accepted(world.manager.insert(document(world, "Quotation", [line])))["total"] == 240


def test_a_free_row_no_rule_gives_is_refused(world):
	lines = [{"item_code": world.screen, "qty": 1}, {"item_code": world.screen, "qty": 5, "is_free_item": 1}]
	# a draft: the pricing rules keep the free rows, this one goes
	draft = accepted(world.rep.insert(document(world, "Sales Order", lines)))
	assert [(r["qty"], r["is_free_item"]) for r in draft["items"]] == [(1, 0)]
	before = count("Sales Order", world.masters.customer)
	refused(
		world.rep.insert(document(world, "Sales Order", lines, docstatus=1)),
		f"Row 2: 5 × {world.screen} is given free, but the pricing rules give 0.",
	)
	assert count("Sales Order", world.masters.customer) == before


# --- lines made from a quotation ----------------------------------------------------------------


def test_an_order_line_from_a_quoted_line_keeps_its_price_or_is_checked_again(world):
	quotation = submitted_quotation(world, world.rep, [{"item_code": world.screen, "qty": 2}])
	order = ordered(world, world.rep, quotation["name"])
	cheaper = json.loads(json.dumps(order))
	cheaper["items"][0]["discount_percentage"] = 90
	refused(
		world.rep.insert(cheaper),
		f"Row 1: the discount on {world.screen} is 90 % (24.90 instead of the list price 249.00)",
		"above the item's maximum of 15 %",
	)
	# hand-made, with the quoted line's link and a discount of its own
	forged = document(
		world,
		"Sales Order",
		[
			{
				"item_code": world.screen,
				"qty": 2,
				"quotation_item": quotation["items"][0]["name"],
				"prevdoc_docname": quotation["name"],
				"discount_percentage": 90,
			}
		],
		docstatus=1,
	)
	refused(world.rep.insert(forged), "Row 1", "above the item's maximum of 15 %")
	kept = accepted(world.rep.insert(order))
	kept = accepted(world.rep.update("Sales Order", kept["name"], {"docstatus": 1}))
	assert (kept["items"][0]["rate"], kept["grand_total"]) == (249, 597.6)


def test_a_discount_approved_on_the_quotation_is_carried_to_the_order(world):
	"""The manager quoted below the list price and above the document maximum; the rep orders it."""
	with selling_settings(
		below_list_price_action="Stop", role_allowed_to_sell_below_list_price="Sales Manager"
	):
		quotation = submitted_quotation(
			world,
			world.manager,
			[{"item_code": world.screen, "qty": 1, "discount_percentage": 10}],
			apply_discount_on="Net Total",
			additional_discount_percentage=30,
		)
		order = accepted(world.rep.insert(ordered(world, world.rep, quotation["name"])))
		order = accepted(world.rep.update("Sales Order", order["name"], {"docstatus": 1}))
	assert (order["items"][0]["rate"], order["discount_amount"], order["net_total"]) == (224.1, 67.23, 156.87)
	assert order["grand_total"] == quotation["grand_total"]


def test_a_link_to_another_customers_quoted_line_unlocks_nothing(world):
	# the other customer's own price, 99.00, quoted to it
	theirs = submitted_quotation(
		world, world.rep, [{"item_code": world.screen, "qty": 1}], customer=world.other
	)
	assert theirs["items"][0]["rate"] == 99
	ours = submitted_quotation(
		world,
		world.rep,
		[{"item_code": world.screen, "qty": 1}, {"item_code": world.unpriced, "qty": 1, "rate": 10}],
	)
	# their quoted line, copied with its link: the price agreed with them
	source_line = theirs["items"][0]
	copied = {k: source_line[k] for k in ("item_code", "qty", "price_list_rate", "rate", "uom")}
	copied["quotation_item"] = source_line["name"]
	before = count("Sales Order", world.masters.customer)
	refused(
		world.rep.insert(document(world, "Sales Order", [{**copied, "prevdoc_docname": theirs["name"]}])),
		f"Row 1 ({world.screen}): Quotation {theirs['name']}, which it was made from, is for another customer.",
	)
	refused(
		world.rep.insert(document(world, "Sales Order", [{**copied, "prevdoc_docname": ours["name"]}])),
		f"the line it is linked to belongs to Quotation {theirs['name']}, not to {ours['name']}.",
	)
	other_item = {**copied, "quotation_item": ours["items"][1]["name"], "prevdoc_docname": ours["name"]}
	refused(
		world.rep.insert(document(world, "Sales Order", [other_item])),
		f"it is linked to Quotation {ours['name']} row 2, which is for item {world.unpriced}.",
	)
	assert count("Sales Order", world.masters.customer) == before


# --- the document discount ----------------------------------------------------------------------


@pytest.mark.parametrize("doctype", ["Quotation", "Sales Order"])
def test_the_document_discount_has_a_maximum_a_manager_may_exceed(world, doctype):
	line = [{"item_code": world.screen, "qty": 1}]
	before = count(doctype, world.masters.customer)
	refused(
		world.rep.insert(document(world, doctype, line, additional_discount_percentage=95)),
		"The document discount of 283.86 is 95 % of the Grand Total of 298.80",
		"above the maximum of 20 % set in Selling Settings. Only the role Sales Manager may give more.",
	)
	# an amount is compared with the total it comes off: 60.00 of a net total of 249.00 is 24.1 %
	refused(
		world.rep.insert(document(world, doctype, line, apply_discount_on="Net Total", discount_amount=60)),
		"The document discount of 60.00 is 24.1 % of the Net Total of 249.00",
	)
	assert count(doctype, world.masters.customer) == before
	within = world.rep.insert(
		document(world, doctype, line, apply_discount_on="Net Total", discount_amount=49.8)
	)
	assert accepted(within)["net_total"] == 199.2
	by_manager = world.manager.insert(document(world, doctype, line, additional_discount_percentage=95))
	assert accepted(by_manager)["grand_total"] == 14.94


def test_a_document_discount_above_its_total_is_refused_to_all_and_no_maximum_is_zero(world):
	line = [{"item_code": world.screen, "qty": 1}]
	refused(
		world.manager.insert(
			document(world, "Quotation", line, apply_discount_on="Net Total", discount_amount=300)
		),
		"The document discount of 300.00 is more than the Net Total of 249.00 it comes off.",
	)
	with selling_settings(max_additional_discount_percentage=0):
		quotation = world.rep.insert(document(world, "Quotation", line, additional_discount_percentage=50))
		assert accepted(quotation)["grand_total"] == 149.4


# --- in French ----------------------------------------------------------------------------------


def test_refusals_are_in_the_users_language(world):
	text = refused(
		world.french.insert(
			document(world, "Quotation", [{"item_code": world.screen, "qty": 1, "rate": 0.01}])
		)
	)
	assert text.startswith(
		f"Ligne 1 : la remise sur {world.screen} est de 100 % (0,01 au lieu du prix de liste 249,00)"
	), text
	text = refused(
		world.french.insert(
			document(
				world, "Quotation", [{"item_code": world.screen, "qty": 1}], additional_discount_percentage=95
			)
		)
	)
	assert "au-dessus du maximum de 20 % fixé dans les paramètres de vente" in text, text


# --- a down-payment invoice keeps its line prices: only as a share of an order ------------------


def test_a_down_payment_invoice_is_only_a_share_of_a_submitted_order_of_its_customer(world):
	"""Its lines keep the prices sent (shares of the order's amounts): without its order, an invoice
	of a cent for the screen would pass as one."""
	before = count("Sales Invoice", world.masters.customer)
	cheap = {"item_code": world.screen, "qty": 1, "rate": 0.01}
	invoice = {"is_down_payment_invoice": 1, "due_date": add_days(nowdate(), 30)}
	refused(
		world.accountant.insert(document(world, "Sales Invoice", [cheap], **invoice)),
		"Each line of a down payment invoice must name the sales order it is a share of.",
	)
	ours = accepted(
		world.rep.insert(
			document(world, "Sales Order", [{"item_code": world.unpriced, "qty": 1, "rate": 100}])
		)
	)
	refused(
		world.accountant.insert(
			document(world, "Sales Invoice", [{**cheap, "sales_order": ours["name"]}], **invoice)
		),
		"is a share of a submitted order of its customer",
	)
	ours = accepted(world.rep.update("Sales Order", ours["name"], {"docstatus": 1}))
	refused(
		world.accountant.insert(
			document(world, "Sales Invoice", [{**cheap, "sales_order": ours["name"]}], **invoice)
		),
		f"Row 1: order {ours['name']} does not sell {world.screen}.",
	)
	theirs = accepted(
		world.rep.insert(
			document(
				world,
				"Sales Order",
				[{"item_code": world.unpriced, "qty": 1, "rate": 100}],
				customer=world.other,
				docstatus=1,
			)
		)
	)
	share = {"item_code": world.unpriced, "qty": 1, "rate": 30}
	refused(
		world.accountant.insert(
			document(world, "Sales Invoice", [{**share, "sales_order": theirs["name"]}], **invoice)
		),
		f"{theirs['name']} is not one",
	)
	assert count("Sales Invoice", world.masters.customer) == before
	# a true share of our own order passes, as the "Facture d'acompte" button makes it
	down = accepted(
		world.accountant.insert(
			document(world, "Sales Invoice", [{**share, "sales_order": ours["name"]}], **invoice)
		)
	)
	assert down["is_down_payment_invoice"] == 1 and down["net_total"] == 30
