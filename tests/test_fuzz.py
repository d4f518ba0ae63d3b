"""Malformed input over HTTP, sent as a French sales rep to every submittable DocType of the app
(POST /api/resource/<DocType> and PUT on a draft) and to every whitelisted function of the app
(POST /api/method/<path>), both found at run time: a new DocType or method is fuzzed without
editing this file.

Each target gets at least 30 payloads (tests/fuzz_support.py: wrong types, non-finite and absurd
numbers, impossible dates, a megabyte of text, tables that are not lists of rows, unknown child
DocTypes, docstatus 2 on create, bodies that are not UTF-8, not JSON or nested 20,000 deep, unknown
fields, injection and script strings). Every answer must be a 4xx with a French message and no
traceback, and nothing may be written: the row counts of every table of the site are the same
after each target's batch as before it. Frappe's own log tables (Access Log, Activity Log, Error
Log, Route History, Scheduled Job Log, Sessions, Version) are not counted: Frappe writes them on a
login, a request or an error whatever was sent.

The counts (payloads, 4xx, 5xx, accepted, rows written) are printed (pytest -s) and written to
test-artifacts/fuzz.txt.
"""

import inspect
import os
import time
from pathlib import Path
from types import SimpleNamespace

import frappe
import pytest
from frappe.utils import add_days, nowdate
from frappe.utils.password import update_password

from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from tests.fuzz_support import (
	Client,
	Payload,
	Tally,
	app_methods,
	count_changes,
	document_method_payloads,
	document_payloads,
	language_problem,
	method_payloads,
	parameters,
	shape_of,
	submittable_doctypes,
	table_counts,
)
from tests.injection_support import MISS, app_doctypes, app_document_methods, method_path
from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
# a sales rep of our own, kept between runs like the standard test users: its language is French
FUZZ_USER = "fuzz-rep@test.sales-flow.fr"
FUZZ_PASSWORD = "fuzz-Rep-Passw0rd!"
MIN_PAYLOADS = 30
KNOWN_DOCTYPES = {"Quotation", "Sales Order", "Sales Invoice", "Delivery Note", "Payment Entry"}


# --- the world ------------------------------------------------------------------------------------


def ensure_french_sales_rep() -> None:
	make_user(["Sales User"], email=FUZZ_USER)
	if frappe.db.get_value("User", FUZZ_USER, "language") != "fr":
		frappe.db.set_value("User", FUZZ_USER, "language", "fr")
		frappe.clear_cache(user=FUZZ_USER)
	update_password(FUZZ_USER, FUZZ_PASSWORD)
	frappe.db.commit()


def valid_document(doctype: str, setup: SimpleNamespace, invoice: str, late_invoice: str) -> dict:
	"""A document the rep's POST would create as it is (each payload breaks it in one place)."""
	if doctype == "Dunning":
		return {
			"company": setup.company,
			"customer": setup.customer,
			"posting_date": nowdate(),
			"overdue_payments": [{"sales_invoice": late_invoice}],
		}
	if doctype == "Payment Entry":
		return {
			"company": setup.company,
			"payment_type": "Receive",
			"party_type": "Customer",
			"party": setup.customer,
			"posting_date": nowdate(),
			"paid_from_account_currency": "EUR",
			"paid_amount": 10,
			"references": [
				{"reference_doctype": "Sales Invoice", "reference_name": invoice, "allocated_amount": 10}
			],
		}
	if doctype in KNOWN_DOCTYPES:
		doc = transaction(doctype, setup, [(setup.a, 1)]).as_dict(no_default_fields=True)
		doc["items"] = [{"item_code": setup.a, "qty": 1}]
		doc.pop("taxes", None)
		return {key: value for key, value in doc.items() if value not in (None, "", 0, [])}
	# a DocType this suite does not know yet: its mandatory fields' damage still gets refused
	shape = shape_of(doctype)
	return {
		"company": setup.company,
		**({shape.party: setup.customer} if shape.party else {}),
		**({shape.date: nowdate()} if shape.date else {}),
	}


def overdue_invoice(setup: SimpleNamespace) -> str:
	"""A submitted invoice due a month ago and unpaid: the instalment a valid Dunning claims."""
	doc = transaction(
		"Sales Invoice",
		setup,
		[(setup.a, 1)],
		posting_date=add_days(nowdate(), -40),
		due_date=add_days(nowdate(), -30),
		set_posting_time=1,
	)
	doc.insert()
	doc.submit()
	return doc.name


def ensure(created: list[tuple[str, str]], doctype: str, name: str, values: dict) -> str:
	"""A record of the world, made unless a run that died before its clean-up left it."""
	if not frappe.db.exists(doctype, name):
		frappe.get_doc({"doctype": doctype, **values}).insert()
	created.append((doctype, name))
	return name


@pytest.fixture(scope="module", name="world")
def world_fixture():
	"""Committed for the server to see: the sales set-up, a submitted quotation, order, delivery
	note and invoice (the records the methods' other arguments name), a draft of every submittable
	DocType (the PUT targets), terms and conditions; deleted at the end."""
	ensure_french_sales_rep()
	with committed_cleanup() as created:
		setup = sales_setup("Fuzz")
		created += setup.created
		submitted = {}
		for doctype in ("Quotation", "Sales Order", "Delivery Note", "Sales Invoice"):
			doc = transaction(doctype, setup, [(setup.a, 2), (setup.b, 1)]).insert()
			doc.submit()
			created.append((doctype, doc.name))
			submitted[doctype] = doc.name
		terms = ensure(
			created,
			"Terms and Conditions",
			"Fuzz CGV",
			{"title": "Fuzz CGV", "terms": "Bonjour {{ customer_name }}"},
		)
		late = overdue_invoice(setup)
		created.append(("Sales Invoice", late))
		submitted["Terms and Conditions"] = terms
		reason = ensure(created, "Quotation Lost Reason", "Fuzz Prix", {"order_lost_reason": "Fuzz Prix"})
		drafts, valid = {}, {}
		for doctype in submittable_doctypes():
			valid[doctype] = valid_document(doctype, setup, submitted["Sales Invoice"], late)
			if doctype == "Payment Entry":
				draft = get_payment_entry("Sales Invoice", submitted["Sales Invoice"], party_amount=10)
			else:
				draft = frappe.get_doc({"doctype": doctype, **valid[doctype]})
			draft.insert()
			created.append((doctype, draft.name))
			drafts[doctype] = draft.name
		frappe.db.commit()
		yield SimpleNamespace(
			setup=setup, submitted=submitted, drafts=drafts, valid=valid, lost_reason=reason
		)
		# what a payload the server wrongly accepted made (the test says so): deleted first
		frappe.db.rollback()
		created += written_by_the_rep()


def written_by_the_rep() -> list[tuple[str, str]]:
	return [
		(doctype, name)
		for doctype in app_doctypes()
		for name in frappe.get_all(doctype, {"owner": FUZZ_USER}, pluck="name")
	]


@pytest.fixture(scope="module", name="client")
def client_fixture(world) -> Client:
	return Client(URL, FUZZ_USER, FUZZ_PASSWORD)


@pytest.fixture(name="tally")
def tally_fixture(request):
	"""One test's answers; its counts and findings printed and kept in test-artifacts/fuzz.txt."""
	tally = Tally(frappe.translate.get_all_translations("fr"))
	yield tally
	summary = f"{request.node.name}\n{tally.summary()}\n{tally.report()}\n"
	print(f"\n{summary}")
	artifacts = Path(os.environ.get("SF_ARTIFACTS", "test-artifacts"))
	artifacts.mkdir(parents=True, exist_ok=True)
	with open(artifacts / "fuzz.txt", "a") as out:
		out.write(summary)
	with open(artifacts / "fuzz-findings.txt", "a") as out:  # every example, for routing
		for (target, kind), examples in sorted(tally.problems.items()):
			out.write("".join(f"{target} | {kind} | {example}\n" for example in examples))


def run_batch(tally: Tally, client: Client, target: str, verb: str, path: str, payloads: list[Payload]):
	"""Send a target's payloads, check each answer, then that no table gained or lost a row."""
	tally.targets += 1
	before = table_counts()
	started = time.monotonic()
	for payload, response in zip(payloads, client.send_all(verb, path, payloads), strict=True):
		tally.check(target, payload, response)
	tally.seconds[target] = time.monotonic() - started
	tally.written(target, count_changes(before, table_counts()))


# --- discovery and oracle -------------------------------------------------------------------------


def test_the_fuzz_finds_every_submittable_doctype_and_whitelisted_method_with_30_payloads_each(world):
	doctypes = submittable_doctypes()
	assert KNOWN_DOCTYPES <= set(doctypes)
	for doctype in doctypes:
		shape = shape_of(doctype)
		assert shape.party and shape.table, shape
		assert len(document_payloads(shape, world.valid[doctype])) >= MIN_PAYLOADS, doctype
	paths = {method_path(fn) for fn in app_methods()}
	assert {
		"sales_flow.controllers.form_api.get_item_details",
		"sales_flow.sales_flow.doctype.quotation.quotation.make_sales_order",
		"sales_flow.sales_flow.doctype.payment_entry.payment_entry.get_references",
	} <= paths
	for fn in app_methods():
		assert len(method_payloads(fn, benign_arguments(fn, world))) >= MIN_PAYLOADS, method_path(fn)


def test_the_oracle_flags_an_accepted_call_an_english_message_and_a_write(world, client):
	tally = Tally({"Not permitted": "Non autorisé"})
	ping = Payload("a harmless call", b"{}")
	tally.check("ping", ping, client.send("POST", "/api/method/ping", ping))
	assert [kind for _target, kind in tally.problems] == ["200: accepted"]
	assert language_problem("Not permitted", tally.translations, ()) == "left untranslated"
	assert language_problem("Item <b>X</b> not found", {}, ()).startswith("English")
	assert language_problem("Article <b>X</b> introuvable", {}, ()) is None
	before = table_counts()
	frappe.get_doc({"doctype": "UOM", "uom_name": "SF Fuzz Unit"}).insert()
	frappe.db.commit()
	try:
		assert count_changes(before, table_counts()) == {"tabUOM": 1}
	finally:
		frappe.delete_doc("UOM", "SF Fuzz Unit", force=True)
		frappe.db.commit()


# --- documents ------------------------------------------------------------------------------------


def test_malformed_documents_over_rest_get_a_french_4xx_and_write_nothing(world, client, tally):
	for doctype in submittable_doctypes():
		payloads = document_payloads(shape_of(doctype), world.valid[doctype])
		run_batch(tally, client, f"POST {doctype}", "POST", f"/api/resource/{doctype}", payloads)
		draft = world.drafts[doctype]
		modified = frappe.db.get_value(doctype, draft, "modified")
		run_batch(tally, client, f"PUT {doctype}", "PUT", f"/api/resource/{doctype}/{draft}", payloads)
		if frappe.db.get_value(doctype, draft, "modified") != modified:
			tally.note(f"PUT {doctype}", "draft saved", draft)
	print(f"\n{tally.summary()}")
	assert not tally.problems, f"{tally.summary()}\n{tally.report()}"


# --- whitelisted methods --------------------------------------------------------------------------


def own_record(fn, world) -> str | None:
	"""The world's record of the DocType whose module holds `fn` (a mapper's source, a template)."""
	module = fn.__module__
	if ".doctype." not in module:
		return None
	folder = module.split(".doctype.")[1].split(".")[0]
	return next((name for doctype, name in world.submitted.items() if frappe.scrub(doctype) == folder), None)


def benign_arguments(fn, world) -> dict:
	"""Values that reach the method's work, so that each malformed argument is the one refused."""
	setup, submitted = world.setup, world.submitted
	draft = {"doctype": "Quotation", **world.valid["Quotation"]}
	own = own_record(fn, world)
	by_name = {
		"doc": draft,
		"quotation": draft,
		"item_code": setup.a,
		"uom": "Unit",
		"qty": 1,
		"party": setup.customer,
		"customer": setup.customer,
		"company": setup.company,
		"currency": "EUR",
		"dt": "Sales Invoice",
		"dn": submitted["Sales Invoice"],
		"doctype": "Quotation",
		"name": own or submitted["Quotation"],
		"names": [submitted["Quotation"]],
		"source_name": own or MISS,
		"template_name": own or MISS,
		"paid_amount": 10,
		"party_amount": 10,
		"percentage": 30,
		"grand_total": 100,
		"posting_date": nowdate(),
		"effective_date": add_days(nowdate(), 1),
		"plans": [],
		"chosen_alternatives": [],
		"filters": {},
		# the controllers' methods
		"lost_reasons": [world.lost_reason],
		"lost_reasons_list": [world.lost_reason],
		"follow_up_date": nowdate(),
		"next_follow_up_date": add_days(nowdate(), 7),
		"channel": "Phone",
	}
	values = {}
	for parameter in parameters(fn):
		if parameter.name == "self":
			continue
		if parameter.name in by_name:
			values[parameter.name] = by_name[parameter.name]
		elif parameter.default is inspect.Parameter.empty:
			values[parameter.name] = MISS
	return values


def test_malformed_calls_of_every_whitelisted_method_get_a_french_4xx_and_write_nothing(world, client, tally):
	for fn in app_methods():
		path = method_path(fn)
		payloads = method_payloads(fn, benign_arguments(fn, world))
		run_batch(tally, client, path, "POST", f"/api/method/{path}", payloads)
	print(f"\n{tally.summary()}")
	assert not tally.problems, f"{tally.summary()}\n{tally.report()}"


def test_malformed_calls_of_every_whitelisted_document_method_get_a_french_4xx_and_write_nothing(
	world, client, tally
):
	"""The controllers' methods, called as the desk calls them (run_doc_method) on the world's
	submitted document of their DocType; a method without arguments on a missing one (its values
	are unknown arguments, dropped by Frappe: run on a real document, make_revision would just make
	a revision)."""
	methods = app_document_methods()
	assert {fn.__name__ for _doctype, fn in methods} >= {"set_as_lost", "record_follow_up", "update_status"}
	for doctype, fn in methods:
		arguments = [p for p in parameters(fn) if p.name != "self"]
		name = world.submitted.get(doctype, MISS) if arguments else MISS
		payloads = document_method_payloads(fn, benign_arguments(fn, world), doctype, name)
		assert len(payloads) >= MIN_PAYLOADS, method_path(fn)
		run_batch(
			tally, client, method_path(fn), "POST", "/api/method/frappe.handler.run_doc_method", payloads
		)
	print(f"\n{tally.summary()}")
	assert not tally.problems, f"{tally.summary()}\n{tally.report()}"
