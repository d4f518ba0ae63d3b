"""Printed text is harmless, over HTTP against the real test server: what a sales rep writes in a
comment, the terms or a line description is sanitized on every write path (draft, submit, update
after submit, whitelisted methods), prints without script, is never quoted raw in an error, and
Terms and Conditions render with the document's fields only."""

import os
import re

import frappe
import pytest
import requests
from frappe.utils import nowdate
from frappe.utils.password import update_password

from tests.sales_setup import sales_setup
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Printed-Text-Passw0rd!"
# a script, an event handler, a javascript: link, and formatting that must survive
PAYLOAD = (
	"<script>alert('sfxss')</script>"
	"<img src=x onerror=\"alert('sfxss')\">"
	"<a href=\"javascript:alert('sfxss')\">lien</a>"
	"<b>gras</b>"
)
# a JSON string: Frappe's sanitizer leaves whatever parses as JSON alone, even in a draft
JSON_PAYLOAD = '"<img src=x onerror=alert(1)><b>gras</b>"'
AUTH_SQL = "{{ frappe.db.sql('select count(*) from `__Auth`') }}"
USERS_LIST = "{% for u in frappe.get_all('User', pluck='name') %}{{ u }} {% endfor %}"


# what a browser would run: a script tag, an event handler or a javascript: URL inside a tag
# (the same words escaped, as text, run nothing)
EXECUTABLE = (
	re.compile(r"<\s*script", re.IGNORECASE),
	re.compile(r"<[^>]*\bon[a-z]+\s*=", re.IGNORECASE),
	re.compile(r"<[^>]*javascript:", re.IGNORECASE),
)


def assert_harmless(text: str) -> None:
	for executable in EXECUTABLE:
		assert not executable.search(text), text


def login(user: str) -> requests.Session:
	session = requests.Session()
	response = session.post(f"{URL}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=30)
	assert response.ok, response.text
	return session


@pytest.fixture(scope="module")
def sales():
	"""A committed sales set-up, a sales rep and a Sales Master Manager of this module's own."""
	tag = frappe.generate_hash(length=6)
	with committed_cleanup() as cleanup:
		setup = sales_setup(tag=tag)
		cleanup += setup.created
		rep = make_user(["Sales User"], email="printed-text-rep@test.sales-flow.fr")
		manager = make_user(["Sales Master Manager"], email="printed-text-master@test.sales-flow.fr")
		for user in (rep, manager):
			update_password(user, PASSWORD)
			cleanup.append(("User", user))
		frappe.db.commit()
		yield frappe._dict(
			setup=setup, tag=tag, cleanup=cleanup, rep=login(rep), manager=login(manager), rep_email=rep
		)


class Rest:
	"""The rep's REST calls, each created document noted for deletion."""

	def __init__(self, sales):
		self.sales = sales
		self.http = sales.rep

	def insert(self, doc: dict) -> dict:
		response = self.http.post(f"{URL}/api/resource/{doc['doctype']}", json=doc, timeout=60)
		assert response.ok, response.text[:2000]
		data = response.json()["data"]
		self.sales.cleanup.append((data["doctype"], data["name"]))
		return data

	def get(self, doctype: str, name: str) -> dict:
		response = self.http.get(f"{URL}/api/resource/{doctype}/{name}", timeout=60)
		assert response.ok, response.text[:2000]
		return response.json()["data"]

	def put(self, doctype: str, name: str, values: dict) -> requests.Response:
		return self.http.put(f"{URL}/api/resource/{doctype}/{name}", json=values, timeout=60)

	def quotation(self, **values) -> dict:
		setup = self.sales.setup
		return self.insert(
			{
				"doctype": "Quotation",
				"company": setup.company,
				"quotation_to": "Customer",
				"party_name": setup.customer,
				"transaction_date": nowdate(),
				"taxes_and_charges": setup.ht,
				"items": [{"item_code": setup.a, "qty": 2}],
				**values,
			}
		)

	def submitted_quotation(self) -> dict:
		draft = self.quotation()
		response = self.put("Quotation", draft["name"], {"docstatus": 1})
		assert response.ok, response.text[:2000]
		return response.json()["data"]

	def print_body(self, doctype: str, name: str, print_format: str) -> str:
		"""The printed document of Frappe's print view, without the page around it."""
		response = self.http.get(
			f"{URL}/printview",
			params={"doctype": doctype, "name": name, "format": print_format, "no_letterhead": 1},
			timeout=120,
		)
		assert response.ok, response.text[:2000]
		page = response.text
		assert '<div class="print-format">' in page, page[:2000]
		# the page's own script comes after the document
		return page.split('<div class="print-format">', 1)[1].rsplit("<script>", 1)[0]


@pytest.fixture
def rest(sales):
	return Rest(sales)


def test_the_text_sent_with_the_submit_is_stored_and_printed_without_script(rest):
	draft = rest.quotation()
	doc = rest.get("Quotation", draft["name"])
	doc.update(docstatus=1, printed_comment=PAYLOAD, terms=PAYLOAD)
	doc["items"][0]["description"] = PAYLOAD
	response = rest.put("Quotation", doc["name"], doc)
	assert response.ok, response.text[:2000]

	stored = rest.get("Quotation", doc["name"])
	assert stored["docstatus"] == 1
	for text in (stored["printed_comment"], stored["terms"], stored["items"][0]["description"]):
		assert_harmless(text)
		assert "<b>gras</b>" in text  # harmless formatting stays
	printed = rest.print_body("Quotation", doc["name"], "Devis")
	assert_harmless(printed)
	assert printed.count("<b>gras</b>") == 3


def test_an_order_created_submitted_in_one_request_is_sanitized_and_prints_without_script(rest):
	setup = rest.sales.setup
	order = rest.insert(
		{
			"doctype": "Sales Order",
			"docstatus": 1,
			"company": setup.company,
			"customer": setup.customer,
			"transaction_date": nowdate(),
			"delivery_date": nowdate(),
			"taxes_and_charges": setup.ht,
			"printed_comment": PAYLOAD,
			"items": [{"item_code": setup.a, "qty": 1, "description": PAYLOAD}],
		}
	)
	assert order["docstatus"] == 1
	for text in (order["printed_comment"], order["items"][0]["description"]):
		assert_harmless(text)
	printed = rest.print_body("Sales Order", order["name"], "Commande client")
	assert_harmless(printed)
	assert "<b>gras</b>" in printed


def test_a_draft_cannot_smuggle_a_script_as_json(rest):
	draft = rest.quotation(printed_comment=JSON_PAYLOAD)
	stored = rest.get("Quotation", draft["name"])["printed_comment"]
	assert_harmless(stored)
	assert "<b>gras</b>" in stored
	assert_harmless(rest.print_body("Quotation", draft["name"], "Devis"))


def test_rows_added_after_submit_are_sanitized(rest):
	quotation = rest.submitted_quotation()
	doc = rest.get("Quotation", quotation["name"])
	doc["follow_ups"] = [{"follow_up_date": nowdate(), "channel": "Phone", "note": PAYLOAD}]
	response = rest.put("Quotation", doc["name"], doc)
	assert response.ok, response.text[:2000]
	(follow_up,) = rest.get("Quotation", doc["name"])["follow_ups"]
	assert_harmless(follow_up["note"])
	assert "<b>gras</b>" in follow_up["note"]

	# the desk's "Record Follow-up" (a whitelisted method saving after submit)
	response = rest.http.post(
		f"{URL}/api/method/run_doc_method",
		data={
			"dt": "Quotation",
			"dn": doc["name"],
			"method": "record_follow_up",
			"args": frappe.as_json({"channel": "Email", "note": PAYLOAD}),
		},
		timeout=60,
	)
	assert response.ok, response.text[:2000]
	notes = [row["note"] for row in rest.get("Quotation", doc["name"])["follow_ups"]]
	assert len(notes) == 2
	for note in notes:
		assert_harmless(note)


def test_the_lost_reason_is_sanitized_and_an_unknown_reason_is_not_echoed_raw(rest, sales):
	reason = f"Test Prix {sales.tag}"
	frappe.get_doc({"doctype": "Quotation Lost Reason", "order_lost_reason": reason}).insert()
	frappe.db.commit()
	sales.cleanup.append(("Quotation Lost Reason", reason))
	quotation = rest.submitted_quotation()

	def set_as_lost(reasons: list[str]) -> requests.Response:
		return rest.http.post(
			f"{URL}/api/method/run_doc_method",
			data={
				"dt": "Quotation",
				"dn": quotation["name"],
				"method": "set_as_lost",
				"args": frappe.as_json({"lost_reasons": reasons, "detailed_reason": PAYLOAD}),
			},
			timeout=60,
		)

	refused = set_as_lost(["<img src=x onerror=alert(1)>"])
	assert refused.status_code == 417, refused.text[:2000]
	assert "not found" in refused.text
	assert_harmless(refused.text)

	response = set_as_lost([reason])
	assert response.ok, response.text[:2000]
	stored = rest.get("Quotation", quotation["name"])
	assert stored["status"] == "Lost"
	assert_harmless(stored["order_lost_reason"])


def test_a_refused_edit_after_submit_does_not_quote_the_script(rest):
	quotation = rest.submitted_quotation()
	response = rest.put("Quotation", quotation["name"], {"printed_comment": PAYLOAD})
	assert response.status_code == 417, response.text[:2000]
	assert "after submission" in response.text
	assert_harmless(response.text)
	assert not rest.get("Quotation", quotation["name"]).get("printed_comment")


def test_the_email_of_a_quotation_escapes_the_customer_name(rest, sales):
	setup = sales.setup
	frappe.db.set_value("Customer", setup.customer, "email_id", "client@example.com")
	frappe.db.commit()
	quotation = rest.quotation()
	frappe.db.set_value("Quotation", quotation["name"], "customer_name", "Dupont <i>&</i> Fils")
	frappe.db.commit()
	response = rest.http.get(
		f"{URL}/api/method/sales_flow.printing.email.email_defaults",
		params={"doctype": "Quotation", "name": quotation["name"]},
		timeout=60,
	)
	assert response.ok, response.text[:2000]
	message = response.json()["message"]["message"]
	assert "Dupont &lt;i&gt;&amp;&lt;/i&gt; Fils" in message, message


# ---------------------------------------------------------------- Terms and Conditions


def terms_title(sales, label: str) -> str:
	return f"Test CGV {label} {sales.tag}"


@pytest.mark.parametrize(
	"label, template, refusal",
	[
		("auth", AUTH_SQL, "frappe is not one of them"),
		("users", USERS_LIST, "frappe is not one of them"),
		("self", "{{ self }}", "self is not one of them"),
		("class", "{{ customer_name.__class__ }}", "a name starting with an underscore is private"),
		("item", "{{ doc['__class__'] }}", "a name starting with an underscore is private"),
		("attr", "{{ customer_name | attr('upper') }}", "cannot use the filter attr"),
		("include", "{% include 'sales_flow/hooks.py' %}", "cannot include, import or extend"),
	],
)
def test_terms_reaching_beyond_the_document_are_refused_at_save(sales, label, template, refusal):
	title = terms_title(sales, label)
	response = sales.manager.post(
		f"{URL}/api/resource/Terms and Conditions",
		json={"title": title, "terms": f"<p>Conditions {template}</p>"},
		timeout=60,
	)
	if response.ok:
		sales.cleanup.append(("Terms and Conditions", title))
	assert response.status_code == 417, response.text[:2000]
	assert refusal in frappe.utils.strip_html(response.json()["_server_messages"]), response.text[:2000]
	frappe.db.rollback()
	assert not frappe.db.exists("Terms and Conditions", title)


def forced_terms(sales, label: str, template: str) -> str:
	"""Terms stored without their checks (as an older version of the app let them in)."""
	title = terms_title(sales, label)
	doc = frappe.get_doc({"doctype": "Terms and Conditions", "title": title, "terms": template, "selling": 1})
	doc.name = title
	doc.db_insert()
	frappe.db.commit()
	sales.cleanup.append(("Terms and Conditions", title))
	return title


@pytest.mark.parametrize("label, template", [("auth-db", AUTH_SQL), ("users-db", USERS_LIST)])
def test_terms_stored_earlier_render_no_data_for_a_sales_rep(rest, sales, label, template):
	title = forced_terms(sales, label, f"<p>Conditions {template}</p>")
	response = rest.http.post(
		f"{URL}/api/method/sales_flow.sales_flow.doctype.terms_and_conditions.terms_and_conditions.get_terms_and_conditions",
		json={"template_name": title, "doc": {"doctype": "Quotation", "customer_name": "Client"}},
		timeout=60,
	)
	assert response.status_code == 417, response.text[:2000]
	assert "can only use the fields of the document" in response.text
	assert "message" not in response.json()
	for user in (sales.rep_email, "printed-text-master@test.sales-flow.fr"):
		assert user not in response.text


def test_terms_render_the_fields_of_the_document_escaped_with_formatting_filters(rest, sales):
	title = terms_title(sales, "ok")
	template = (
		"<p>Offre pour {{ customer_name }} valable jusqu'au {{ valid_till | date }}, "
		"{{ grand_total | money('EUR') }}{% for row in items %}, {{ row.item_code | upper }}{% endfor %}.</p>"
	)
	response = sales.manager.post(
		f"{URL}/api/resource/Terms and Conditions", json={"title": title, "terms": template}, timeout=60
	)
	assert response.ok, response.text[:2000]
	sales.cleanup.append(("Terms and Conditions", title))
	response = rest.http.post(
		f"{URL}/api/method/sales_flow.sales_flow.doctype.terms_and_conditions.terms_and_conditions.get_terms_and_conditions",
		json={
			"template_name": title,
			"doc": {
				"doctype": "Quotation",
				"customer_name": "<img src=x onerror=alert(1)>",
				"valid_till": "2026-12-31",
				"grand_total": 1234.5,
				"items": [{"item_code": "abc"}],
			},
		},
		timeout=60,
	)
	assert response.ok, response.text[:2000]
	rendered = response.json()["message"]
	# the name is shown as written, escaped
	assert rendered.startswith("<p>Offre pour &lt;img src=x onerror=alert(1)&gt; valable jusqu'au ")
	assert_harmless(rendered)
	assert re.search(r"1\D?234[.,]50", rendered), rendered
	assert rendered.endswith(", ABC.</p>")
