"""Bad values sent to the sales documents over REST, against the real test server: a clear 4xx in
the user's language naming the field and the line, and nothing written; the maximum number of lines
of Selling Settings on every write; a draft over it cut down and deleted."""

import json
import math
import os
from types import SimpleNamespace

import frappe
import pytest
import requests
from frappe.utils import add_days, nowdate, strip_html
from frappe.utils.password import update_password

from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Doc-Input-Passw0rd!"

ITEM_DOCTYPES = ("Quotation", "Sales Order", "Sales Invoice", "Delivery Note")
DOCTYPES = (*ITEM_DOCTYPES, "Payment Entry")
# who may create each: a sales rep, except invoices and payments (accounting's)
CREATOR = {"Sales Invoice": "accounts", "Payment Entry": "accounts"}
# what a test user is: roles and language
USERS = {
	"rep": (["Sales User"], "en"),
	"rep_fr": (["Sales User"], "fr"),
	"accounts": (["Accounts User"], "en"),
	"manager": (["Sales Manager"], "en"),
}


@pytest.fixture(scope="module")
def env():
	"""A committed sales set-up and a logged-in session per user; what the tests create goes into
	env.cleanup and is deleted at the end."""
	tag = frappe.generate_hash(length=6)
	with committed_cleanup() as cleanup:
		setup = sales_setup(tag=tag)
		cleanup += setup.created
		sessions = {}
		for key, (roles, language) in USERS.items():
			email = make_user(roles, email=f"doc-input-{key.replace('_', '-')}@test.sales-flow.fr")
			frappe.db.set_value("User", email, "language", language)
			update_password(email, PASSWORD)
			cleanup.append(("User", email))
			sessions[key] = email
		frappe.db.commit()
		for key, email in sessions.items():
			frappe.clear_cache(user=email)
			sessions[key] = login(email)
		yield SimpleNamespace(setup=setup, cleanup=cleanup, **sessions)
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


def login(email: str) -> requests.Session:
	session = requests.Session()
	response = session.post(f"{URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30)
	assert response.ok, response.text
	return session


def document(env, doctype: str, **values) -> dict:
	"""A valid new document of `doctype` (one line of 2 x item A), with `values` on top."""
	setup = env.setup
	if doctype == "Payment Entry":
		doc = {
			"payment_type": "Receive",
			"company": setup.company,
			"party_type": "Customer",
			"party": setup.customer,
			"paid_amount": 10,
			"posting_date": nowdate(),
		}
	else:
		doc = {
			"company": setup.company,
			"taxes_and_charges": setup.ht,
			"items": [{"item_code": setup.a, "qty": 2}],
		}
		if doctype == "Quotation":
			doc.update(quotation_to="Customer", party_name=setup.customer, transaction_date=nowdate())
		else:
			doc["customer"] = setup.customer
		if doctype == "Sales Order":
			doc.update(transaction_date=nowdate(), delivery_date=add_days(nowdate(), 7))
	doc.update(values)
	return doc


def post(env, doctype: str, doc: dict, user: str | None = None) -> requests.Response:
	"""POST the document as JSON as Python writes it (NaN and Infinity included, as a client may)."""
	session = getattr(env, user or CREATOR.get(doctype, "rep"))
	response = session.post(
		f"{URL}/api/resource/{doctype}",
		data=json.dumps(doc, allow_nan=True),
		headers={"Content-Type": "application/json"},
		timeout=120,
	)
	if response.ok:
		env.cleanup.append((doctype, response.json()["data"]["name"]))
	return response


def messages(response: requests.Response) -> str:
	answer = response.json()
	return " ".join(
		strip_html(json.loads(m).get("message", ""))
		for m in json.loads(answer.get("_server_messages") or "[]")
	)


def row_counts(doctype: str) -> dict[str, int]:
	"""Rows of the DocType and of its tables, as committed (the server writes on its own connection)."""
	frappe.db.rollback()
	tables = [doctype, *(df.options for df in frappe.get_meta(doctype).get_table_fields())]
	return {table: frappe.db.count(table) for table in tables}


def assert_refused(env, doctype: str, doc: dict, *expected: str, user: str | None = None) -> str:
	"""The document is refused with a 417 whose message holds `expected`, and nothing is written."""
	before = row_counts(doctype)
	response = post(env, doctype, doc, user)
	assert response.status_code == 417, (response.status_code, response.text[:500])
	text = messages(response)
	for part in expected:
		assert part in text, text
	assert row_counts(doctype) == before
	return text


def with_line(doc: dict, **values) -> dict:
	doc["items"][0].update(values)
	return doc


def test_a_valid_document_of_each_kind_is_accepted(env):
	"""The base of every refusal below is itself fine: what is refused is the value put in it."""
	for doctype in DOCTYPES:
		response = post(env, doctype, document(env, doctype))
		assert response.ok, (doctype, response.text[:500])


# value sent, what the message says of it
ABSURD_NUMBERS = [
	(1e308, "1e+308 is out of range: at most 999 999 999 999 in absolute value."),
	(1e13, "10000000000000.0 is out of range: at most 999 999 999 999 in absolute value."),
	(math.nan, "nan is not a finite number."),
	(math.inf, "inf is not a finite number."),
	(-math.inf, "-inf is not a finite number."),
	("NaN", "NaN is not a number."),
	("inf", "inf is not a number."),
	("abc", "abc is not a number."),
	("1,5", "1,5 is not a number."),
	(True, "True is not a number."),
]


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_absurd_numbers_are_refused_naming_the_field_and_the_line(env, doctype):
	for value, said in ABSURD_NUMBERS:
		if doctype == "Payment Entry":
			assert_refused(env, doctype, document(env, doctype, paid_amount=value), f"Paid Amount: {said}")
		else:
			doc = with_line(document(env, doctype), qty=value)
			assert_refused(env, doctype, doc, f"Quantity (line 1 of the table Items): {said}")


def test_a_quantity_that_is_not_a_number_is_not_called_zero(env):
	doc = document(env, "Quotation")
	doc["items"].append({"item_code": env.setup.b, "qty": "abc"})
	text = assert_refused(env, "Quotation", doc, "Quantity (line 2 of the table Items): abc is not a number.")
	assert "zero" not in text


def test_the_message_is_in_the_users_language(env):
	doc = document(env, "Quotation")
	doc["items"].append({"item_code": env.setup.b, "qty": "abc"})
	text = assert_refused(env, "Quotation", doc, user="rep_fr")
	assert text == "Quantité (ligne 2 du tableau Articles) : abc n'est pas un nombre."


def test_computed_amounts_too_large_for_their_column_are_refused(env):
	"""Each figure fits, their product does not: refused once the engine has computed it."""
	doc = with_line(document(env, "Quotation"), qty=999_999_999_999, rate=999_999_999_999)
	assert_refused(env, "Quotation", doc, "Amount (line 1 of the table Items): ", "is out of range")


@pytest.mark.parametrize("doctype", ITEM_DOCTYPES)
def test_values_of_the_wrong_shape_are_refused(env, doctype):
	a = env.setup.a
	cases = [
		({"items": "abc"}, "Items must be a list of lines."),
		({"items": {"item_code": a, "qty": 1}}, "Items must be a list of lines."),
		({"items": 5}, "Items must be a list of lines."),
		({"items": [1]}, "Items: line 1 must be an object of fields, not 1."),
		({"items": [{"item_code": a, "qty": 1}, "x"]}, "Items: line 2 must be an object of fields, not x."),
		({"taxes": "abc"}, "must be a list of lines."),
		({"company": ["x"]}, "Company must be a single value, not a list or an object."),
		({"company": {"name": "x"}}, "Company must be a single value, not a list or an object."),
	]
	for values, said in cases:
		assert_refused(env, doctype, document(env, doctype, **values), said)
	line_cases = [
		(
			{"item_code": [a]},
			"Item (line 1 of the table Items) must be a single value, not a list or an object.",
		),
		({"item_code": {"a": 1}}, "Item (line 1 of the table Items) must be a single value"),
		(
			{"item_code": "X" * 141},
			"Item (line 1 of the table Items) is too long: 141 characters, at most 140.",
		),
		({"doctype": "Foo"}, "Items: line 1 is a Foo; the lines of this table are"),
		({"idx": "abc"}, "Row Index (line 1 of the table Items): abc is not a whole number."),
		(
			{"line_type": "Bogus"},
			"Line Type (line 1 of the table Items): Bogus is not one of the allowed values",
		),
	]
	for values, said in line_cases:
		assert_refused(env, doctype, with_line(document(env, doctype), **values), said)


def test_payments_of_the_wrong_shape_are_refused(env):
	cases = [
		({"references": "abc"}, "Payment References must be a list of lines."),
		({"references": [1]}, "Payment References: line 1 must be an object of fields, not 1."),
		({"party": ["x"]}, "Party must be a single value, not a list or an object."),
		({"docstatus": 5}, "Document Status: 5 is not one of the allowed values: 0, 1, 2."),
	]
	for values, said in cases:
		assert_refused(env, "Payment Entry", document(env, "Payment Entry", **values), said)


@pytest.mark.parametrize(
	"doctype, field, label",
	[
		("Quotation", "transaction_date", "Date"),
		("Sales Order", "delivery_date", "Delivery Date"),
		("Sales Invoice", "posting_date", "Date"),
		("Delivery Note", "posting_date", "Date"),
		("Payment Entry", "posting_date", "Posting Date"),
	],
)
def test_impossible_dates_are_refused(env, doctype, field, label):
	for value in ("2026-02-30", "31/02/2026", "31/01/2026", "2026-13-01"):
		doc = document(env, doctype, **{field: value})
		assert_refused(env, doctype, doc, f"{label}: {value} is not a valid date (YYYY-MM-DD).")
	assert_refused(
		env, doctype, document(env, doctype, **{field: [nowdate()]}), f"{label} must be a single value"
	)


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_texts_longer_than_their_column_are_refused(env, doctype):
	# Small Text is a TEXT column: 65,535 bytes, two a character here
	remarks = "é" * 40_000
	label = "Remarks" if doctype == "Payment Entry" else "Internal Remarks"
	assert_refused(
		env,
		doctype,
		document(env, doctype, remarks=remarks),
		f"{label} is too long: 80000 bytes, at most 65535.",
	)
	if doctype != "Payment Entry":
		assert_refused(
			env,
			doctype,
			document(env, doctype, title="T" * 141),
			"Title is too long: 141 characters, at most 140.",
		)


def test_fields_of_another_sales_document_are_refused(env):
	"""The engine of the four documents reads them; Frappe would not store them."""
	assert_refused(
		env,
		"Delivery Note",
		document(env, "Delivery Note", due_date="2026-01-31"),
		"due_date is not a field of Delivery Note.",
	)
	doc = with_line(document(env, "Quotation"), so_detail="x")
	assert_refused(env, "Quotation", doc, "so_detail is not a field of Quotation Item.")
	# empty, or unknown to every sales document: ignored, as Frappe does
	assert post(env, "Delivery Note", document(env, "Delivery Note", due_date="", not_a_field=[1])).ok


def test_the_default_maximum_of_lines_is_two_thousand(env):
	lines = [{"item_code": env.setup.a, "qty": 1}] * 2001
	assert_refused(
		env,
		"Quotation",
		document(env, "Quotation", items=lines),
		"Items holds 2001 lines, more than the 2000 a document may hold",
	)


@pytest.fixture
def max_lines():
	"""Selling Settings' maximum, set for the test and put back."""
	previous = frappe.db.get_single_value("Selling Settings", "max_lines_per_document")

	def set_max(value: int) -> None:
		frappe.db.set_single_value("Selling Settings", "max_lines_per_document", value)
		frappe.db.commit()

	yield set_max
	set_max(previous)


def test_the_maximum_of_lines_holds_on_every_write(env, max_lines):
	max_lines(3)
	lines = [{"item_code": env.setup.a, "qty": 1}] * 4
	assert_refused(
		env, "Sales Order", document(env, "Sales Order", items=lines), "Items holds 4 lines, more than the 3"
	)
	assert_refused(env, "Sales Invoice", document(env, "Sales Invoice", items=lines), "Items holds 4 lines")
	created = post(env, "Quotation", document(env, "Quotation", items=lines[:3]))
	assert created.ok, created.text[:500]
	name = created.json()["data"]["name"]
	url = f"{URL}/api/resource/Quotation/{name}"

	# a line added over REST
	rows = created.json()["data"]["items"]
	before = row_counts("Quotation")
	refused = env.rep.put(url, json={"items": [*rows, {"item_code": env.setup.b, "qty": 1}]}, timeout=60)
	assert refused.status_code == 417, refused.text[:500]
	assert "Items holds 4 lines, more than the 3" in messages(refused)
	assert row_counts("Quotation") == before

	# a draft saved under a higher maximum is not submitted under a lower one
	max_lines(2)
	refused = env.rep.put(url, json={"docstatus": 1}, timeout=60)
	assert refused.status_code == 417, refused.text[:500]
	assert "Items holds 3 lines, more than the 2" in messages(refused)
	frappe.db.rollback()
	assert frappe.db.get_value("Quotation", name, "docstatus") == 0


def make_large_draft(env, lines: int, description_size: int) -> str:
	"""A draft quotation of `lines` lines written straight into the database (as one saved before
	the maximum existed), each line with a long description: `lines` x `description_size` bytes."""
	quotation = transaction("Quotation", env.setup, [(env.setup.a, 1)]).insert()
	row = quotation.items[0].name
	frappe.db.set_value("Quotation Item", row, "description", "Lorem ipsum " * (description_size // 12))
	columns = [c for c in frappe.db.get_table_columns("Quotation Item") if c not in ("name", "idx")]
	listed = ", ".join(f"`{c}`" for c in columns)
	frappe.db.sql(
		f"""insert into `tabQuotation Item` (name, idx, {listed})
		select concat(%(row)s, '-', seq), seq + 1, {", ".join(f"line.`{c}`" for c in columns)}
		from seq_1_to_{lines - 1} join `tabQuotation Item` line on line.name = %(row)s""",
		{"row": row},
	)
	frappe.db.commit()
	env.cleanup.append(("Quotation", quotation.name))
	return quotation.name


def test_a_draft_over_the_maximum_is_refused_until_cut_down_then_deleted(env):
	"""6,000 lines of 3 KB: its record in Deleted Document, or the Version of its cut, is ~25 MB,
	more than MariaDB's default packet (16 MB) takes."""
	name = make_large_draft(env, 6000, 3000)
	url = f"{URL}/api/resource/Quotation/{name}"

	# any other change: refused, giving the count and the limit
	refused = env.rep.put(url, json={"title": "Trop long"}, timeout=300)
	assert refused.status_code == 417, refused.text[:500]
	assert "Items holds 6000 lines, more than the 2000 a document may hold" in messages(refused)

	# cut down under the limit by the sales rep
	kept = frappe.get_all(
		"Quotation Item",
		filters={"parent": name},
		fields=["name", "item_code", "qty"],
		order_by="idx",
		limit=3,
	)
	cut = env.rep.put(url, json={"title": "Raccourci", "items": kept}, timeout=300)
	assert cut.ok, cut.text[:500]
	frappe.db.rollback()
	assert frappe.db.count("Quotation Item", {"parent": name}) == 3
	assert frappe.db.get_value("Quotation", name, "title") == "Raccourci"

	# another one deleted whole by a sales manager
	other = make_large_draft(env, 6000, 3000)
	deleted = env.manager.delete(f"{URL}/api/resource/Quotation/{other}", timeout=300)
	assert deleted.status_code == 202, deleted.text[:500]
	frappe.db.rollback()
	assert not frappe.db.exists("Quotation", other)
	assert not frappe.db.count("Quotation Item", {"parent": other})
	record = frappe.db.exists("Deleted Document", {"deleted_doctype": "Quotation", "deleted_name": other})
	assert record
	# tens of megabytes each
	env.cleanup.append(("Deleted Document", record))
	env.cleanup += [("Version", v) for v in frappe.get_all("Version", {"docname": name}, pluck="name")]
