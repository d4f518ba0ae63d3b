"""Requests Frappe could only answer with a 500 (a body that is not UTF-8, not JSON, nested 20,000
deep, too large), error answers without traceback and of a sane size, and what a desk user sees of
the other users: over HTTP, against the test server, as a French sales rep and as a visitor."""

import json
import os

import frappe
import pytest
import requests
from frappe.utils.password import update_password

from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Http-Errors-Passw0rd!"
JSON = {"Content-Type": "application/json"}


def french_user(roles: list[str], email: str, cleanup: list) -> str:
	"""A committed user of our own, in French, with PASSWORD; deleted by `cleanup`."""
	make_user(roles, email=email)
	frappe.db.set_value("User", email, "language", "fr")
	update_password(email, PASSWORD)
	frappe.db.commit()
	cleanup.append(("User", email))
	return email


def session_for(user: str, headers: dict | None = None) -> requests.Session:
	http = requests.Session()
	http.headers.update(headers or {})
	response = http.post(f"{URL}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=30)
	assert response.status_code == 200, response.text
	return http


def messages(response: requests.Response) -> str:
	"""The texts of Frappe's `_server_messages`, joined."""
	encoded = json.loads(response.json().get("_server_messages") or "[]")
	return " ".join(json.loads(m)["message"] for m in encoded)


def assert_no_traceback(response: requests.Response) -> None:
	body = response.json()
	assert not {"exc", "exception", "_exc_source"} & set(body), body.keys()
	assert "Traceback" not in response.text and 'File \\"' not in response.text, response.text[:2000]


@pytest.fixture(scope="module")
def rep():
	"""A French sales rep's session, and the count of customers before the test."""
	with committed_cleanup() as cleanup:
		email = french_user(
			["Sales User"], f"http-errors-{frappe.generate_hash(length=6)}@test.sales-flow.fr", cleanup
		)
		yield session_for(email)


def customers() -> int:
	frappe.db.rollback()  # what the server committed
	return frappe.db.count("Customer")


@pytest.mark.parametrize("as_guest", (True, False), ids=("guest", "sales rep"))
def test_a_body_that_is_not_json_gets_a_french_400(rep, as_guest):
	http = requests.Session() if as_guest else rep
	before = customers()
	response = http.post(
		f"{URL}/api/resource/Customer", data=b'{"customer_name": "Test', headers=JSON, timeout=30
	)
	assert response.status_code == 400, response.text
	assert "n'est pas un JSON valide (ligne 1, colonne 19)" in messages(response)
	assert_no_traceback(response)
	assert customers() == before


def test_a_body_that_is_not_utf8_gets_a_french_400(rep):
	before = customers()
	for body, headers in (
		(b'{"customer_name": "Test \xff\xfe"}', JSON),
		(
			b"doc=%7B%22doctype%22%3A%22Customer%22%2C%22customer_name%22%3A%22%FF%22%7D",
			{"Content-Type": "application/x-www-form-urlencoded"},
		),
	):
		response = rep.post(f"{URL}/api/method/frappe.client.insert", data=body, headers=headers, timeout=30)
		assert response.status_code == 400, response.text
		assert "pas un texte UTF-8 valide" in messages(response)
		assert_no_traceback(response)
	assert customers() == before


def test_json_nested_20000_deep_gets_a_french_400(rep):
	deep = "[" * 20000 + "]" * 20000
	answers = [
		rep.post(f"{URL}/api/resource/Customer", data=deep.encode(), headers=JSON, timeout=30),
		rep.post(f"{URL}/api/method/frappe.client.save", data={"doc": deep}, timeout=30),
		# valid JSON that Python decodes, only deeper than anything the app sends
		rep.post(f"{URL}/api/resource/Customer", json={"customer_name": nested(100)}, timeout=30),
	]
	for response in answers:
		assert response.status_code == 400, response.text
		assert "trop imbriqué : au plus 64 niveaux de JSON sont acceptés" in messages(response)
		assert_no_traceback(response)


def nested(depth: int):
	value = "x"
	for _ in range(depth):
		value = [value]
	return value


def test_malformed_doc_arguments_of_frappes_methods_get_a_french_400(rep):
	before = customers()
	cases = (
		(
			"frappe.client.save",
			{"doc": '{"doctype": "Customer", "customer_name": '},
			"L'argument doc n'est pas un JSON valide",
		),
		(
			"frappe.desk.form.save.savedocs",
			{"doc": "{'doctype': 'Customer'}", "action": "Save"},
			"L'argument doc n'est pas un JSON valide",
		),
		(
			"frappe.desk.form.save.savedocs",
			{"doc": "[]", "action": "Save"},
			"L'argument doc doit être un objet JSON",
		),
		("frappe.client.insert", {"doc": "Customer"}, "L'argument doc n'est pas un JSON valide"),
		("frappe.client.get_list", {"fields": '["name"]'}, "Il manque l'argument doctype."),
		(
			"frappe.client.insert_many",
			{"docs": '{"doctype": "Customer"}'},
			"L'argument docs doit être une liste JSON",
		),
		(
			"frappe.client.get_list",
			{"doctype": "Customer", "filters": '[["name", "=", '},
			"L'argument filters n'est pas un JSON valide",
		),
		(
			"frappe.client.get_list",
			{"doctype": "Customer", "fields": '["name"'},
			"L'argument fields n'est pas un JSON valide (ligne 1, colonne 8).",
		),
		(
			"frappe.client.get_list",
			{"doctype": "Customer", "filters": "[1, 2]"},
			"L'argument filters doit être des filtres",
		),
		(
			"frappe.desk.form.save.savedocs",
			{"doc": '{"doctype": "Customer", "customer_name": "Test"}', "action": "Delete"},
			"L'argument action doit valoir l'une de ces valeurs : Save, Submit, Update, Cancel.",
		),
	)
	for method, form, expected in cases:
		for send in ({"data": form}, {"json": form}):  # form-encoded as the desk sends, and JSON
			response = rep.post(f"{URL}/api/method/{method}", timeout=30, **send)
			assert response.status_code == 400, (method, send, response.text)
			assert expected in messages(response), (method, messages(response))
			assert_no_traceback(response)
	unknown = rep.post(
		f"{URL}/api/method/frappe.client.save", json={"doc": {"doctype": "Test Nope"}}, timeout=30
	)
	assert unknown.status_code == 404, unknown.text
	assert "Le DocType Test Nope n'existe pas." in messages(unknown)
	assert customers() == before


def test_the_desks_shorthand_calls_get_no_stray_message(rep):
	"""The desk calls document methods as /api/method/run_doc_method: looking for the method (to
	check its arguments) must leave no message of its own."""
	args = {"method": "get_onload", "dt": "Customer", "dn": "Test nobody", "args": "{}"}
	response = rep.post(f"{URL}/api/method/run_doc_method", data=args, timeout=30)
	assert response.status_code == 404, response.text
	assert "run_doc_method" not in messages(response), messages(response)


def test_malformed_arguments_of_the_rest_api_get_a_french_400(rep):
	before = customers()
	answers = {
		"fields not JSON": rep.get(f"{URL}/api/resource/Customer", params={"fields": "name"}, timeout=30),
		"filters a number list": rep.get(
			f"{URL}/api/resource/Customer", params={"filters": "[1]"}, timeout=30
		),
		"a list for a document": rep.post(
			f"{URL}/api/resource/Customer", json=[{"customer_name": "Test"}], timeout=30
		),
		"a number for a document": rep.post(f"{URL}/api/resource/Customer", json=12, timeout=30),
		"a list for an update": rep.put(f"{URL}/api/resource/Customer/Test", json=[1], timeout=30),
		"a list for a method": rep.post(
			f"{URL}/api/method/frappe.handler.run_doc_method", json=[1], timeout=30
		),
		# Frappe would pass it as `data`, which a method taking **kwargs never reads
		"a list for a method taking **kwargs": rep.post(
			f"{URL}/api/method/sales_flow.analytics.charts.top_items", json=[1], timeout=30
		),
	}
	expected = {
		"fields not JSON": "L'argument fields n'est pas un JSON valide (ligne 1, colonne 1).",
		"filters a number list": "L'argument filters doit être des filtres",
		"a list for a document": "Le corps de la requête doit être un objet JSON.",
		"a number for a document": "Le corps de la requête doit être un objet JSON.",
		"a list for an update": "Le corps de la requête doit être un objet JSON.",
		"a list for a method": "Le corps de la requête doit être un objet JSON.",
		"a list for a method taking **kwargs": "Le corps de la requête doit être un objet JSON.",
	}
	for label, response in answers.items():
		assert response.status_code == 400, (label, response.text)
		assert expected[label] in messages(response), (label, messages(response))
		assert_no_traceback(response)
	assert customers() == before


def test_a_body_over_10_mb_gets_a_french_413(rep):
	body = json.dumps({"customer_name": "Test trop gros", "customer_details": "x" * (11 * 1024 * 1024)})
	response = rep.post(f"{URL}/api/resource/Customer", data=body, headers=JSON, timeout=60)
	assert response.status_code == 413, response.text[:2000]
	assert "La requête est trop volumineuse : 10 Mo au plus." in messages(response)


def test_a_body_over_nginx_limit_gets_the_same_answer_in_json(rep):
	"""Over 50 MB nginx answers before Frappe sees the body: not its English HTML page."""
	body = b'{"customer_name": "' + b"x" * (51 * 1024 * 1024) + b'"}'
	try:
		response = rep.post(f"{URL}/api/resource/Customer", data=body, headers=JSON, timeout=120)
	except requests.ConnectionError:
		pytest.fail("nginx closed the connection instead of answering")
	assert response.status_code == 413, response.text[:2000]
	assert response.json()["message"].startswith("La requête est trop volumineuse : 50 Mo au plus.")


def test_error_answers_carry_no_traceback_for_guests_reps_or_administrators(rep):
	assert frappe.conf.developer_mode or not frappe.db.get_single_value(
		"System Settings", "allow_error_traceback"
	)
	admin = requests.Session()
	admin_login = {"usr": "Administrator", "pwd": os.environ.get("SF_ADMIN_PASSWORD", "admin")}
	assert admin.post(f"{URL}/api/method/login", data=admin_login, timeout=30).ok
	bad_customer = {"customer_name": "Test sans trace", "credit_limit": -1}
	answers = {
		"guest 403": requests.get(f"{URL}/api/resource/Customer", timeout=30),
		"guest 404": requests.get(f"{URL}/api/method/sales_flow.nothing.here", timeout=30),
		"rep 417": rep.post(f"{URL}/api/resource/Customer", json=bad_customer, timeout=30),
		"rep 404": rep.get(f"{URL}/api/resource/Customer/Test nobody", timeout=30),
		"rep 403": rep.post(f"{URL}/api/resource/Price List", json={"price_list_name": "Test"}, timeout=30),
		"administrator 417": admin.post(f"{URL}/api/resource/Customer", json=bad_customer, timeout=30),
	}
	for label, response in answers.items():
		assert 400 <= response.status_code < 500, (label, response.status_code)
		assert_no_traceback(response)
	assert "limite de crédit" in messages(answers["rep 417"]).lower()


def test_a_1_mb_value_is_not_echoed_back_whole(rep):
	before = customers()
	huge = "x" * 1_000_000
	response = rep.post(
		f"{URL}/api/resource/Customer", json={"customer_name": huge, "name": huge}, timeout=60
	)
	assert 400 <= response.status_code < 500, response.text[:2000]
	# was 6 MB: the value twice, and its traceback
	assert len(response.content) < 10_000, len(response.content)
	assert "trop long : 1000000 caractères, 140 au plus" in messages(response)
	assert_no_traceback(response)
	assert customers() == before
	# a message that names what was sent (a document not found) shows its beginning only
	response = rep.post(
		f"{URL}/api/method/frappe.client.get", json={"doctype": "Customer", "name": huge}, timeout=60
	)
	assert 400 <= response.status_code < 500, response.text[:2000]
	assert len(response.content) < 10_000, len(response.content)
	assert "x" * 200 + "…" in messages(response), messages(response)
	assert_no_traceback(response)


def test_docstatus_2_on_create_is_refused_in_french(rep):
	before = customers()
	response = rep.post(
		f"{URL}/api/resource/Customer", json={"customer_name": "Test annulé", "docstatus": 2}, timeout=30
	)
	assert response.status_code == 417, response.text
	assert "Un brouillon doit être validé avant d'être annulé" in messages(response)
	assert_no_traceback(response)
	assert customers() == before


def test_a_desk_user_sees_names_of_other_users_not_their_logins():
	with committed_cleanup() as cleanup:
		tag = frappe.generate_hash(length=6)
		viewer = french_user(["Sales User"], f"http-viewer-{tag}@test.sales-flow.fr", cleanup)
		other = french_user(["Sales Manager"], f"http-other-{tag}@test.sales-flow.fr", cleanup)
		session_for(other)  # gives them a last_ip and a last_login
		frappe.db.rollback()
		assert frappe.db.get_value("User", other, "last_ip")
		http = session_for(viewer)

		secret = ["name", "last_ip", "last_login", "last_active", "api_key"]
		listed = http.get(
			f"{URL}/api/resource/User",
			params={"fields": json.dumps(secret), "limit_page_length": 0},
			timeout=30,
		)
		assert listed.status_code in (200, 403), listed.text
		assert other not in listed.text
		report = http.post(
			f"{URL}/api/method/frappe.desk.reportview.get",
			data={"doctype": "User", "fields": json.dumps(secret)},
			timeout=30,
		)
		assert other not in report.text
		value = http.get(
			f"{URL}/api/method/frappe.client.get_value",
			params={"doctype": "User", "fieldname": "last_ip", "filters": other},
			timeout=30,
		)
		assert frappe.db.get_value("User", other, "last_ip") not in value.text.replace(viewer, "")

		# what assignments, shares and "Lead Owner" need: the name and the full name
		search = http.get(
			f"{URL}/api/method/frappe.desk.search.search_link",
			params={"doctype": "User", "txt": f"http-other-{tag}"},
			timeout=30,
		)
		assert search.json()["message"] == [{"value": other, "description": f"http-other-{tag}"}]
		link = http.get(
			f"{URL}/api/method/frappe.client.validate_link",
			params={
				"doctype": "User",
				"docname": other,
				"fields": json.dumps(["full_name", "last_ip", "last_login"]),
			},
			timeout=30,
		)
		assert link.json()["message"] == {"name": other, "full_name": f"http-other-{tag}"}
		probe = http.get(
			f"{URL}/api/method/frappe.desk.search.search_link",
			params={"doctype": "User", "txt": "", "filters": json.dumps({"last_ip": "127.0.0.1"})},
			timeout=30,
		)
		assert probe.status_code == 403
		assert "Les utilisateurs ne peuvent pas être recherchés par last_ip." in messages(probe)


def test_list_arguments_naming_no_column_or_a_negative_start_get_a_french_400(rep):
	"""MariaDB's errors on what Frappe hands it as it came (a 500 before)."""
	listing = f"{URL}/api/resource/Quotation"
	answers = {
		"order_by": rep.get(listing, params={"order_by": "nope desc"}, timeout=30),
		"group_by": rep.get(listing, params={"group_by": "`tabQuotation`.`nope`"}, timeout=30),
		"order_by of get_list": rep.post(
			f"{URL}/api/method/frappe.client.get_list",
			json={"doctype": "Quotation", "order_by": "creation desc, nope"},
			timeout=30,
		),
		"filters of get_count": rep.get(
			f"{URL}/api/method/frappe.client.get_count",
			params={"doctype": "Quotation", "filters": '{"nope": 1}'},
			timeout=30,
		),
		# a field of the lines: Frappe looks for it in the quotation's own table
		"filters on a line's field": rep.get(
			f"{URL}/api/method/frappe.client.get_count",
			params={"doctype": "Quotation", "filters": '{"nope": "x"}'},
			timeout=30,
		),
		"limit_start": rep.get(listing, params={"limit_start": "-5"}, timeout=30),
		"limit": rep.get(listing, params={"limit": "abc"}, timeout=30),
	}
	for label, response in answers.items():
		assert response.status_code == 400, (label, response.text)
		text = messages(response)
		assert "que Devis n'a pas : nope" in text or "doit être un nombre entier" in text, (label, text)
		assert_no_traceback(response)
	# what the desk and ERPNext's clients send still works: a column, an alias
	fine = {
		"desk order": rep.get(listing, params={"order_by": "`tabQuotation`.`modified` desc"}, timeout=30),
		"alias": rep.get(
			listing,
			params={
				"fields": '["count(name) as total", "status"]',
				"group_by": "status",
				"order_by": "total desc",
			},
			timeout=30,
		),
	}
	for label, response in fine.items():
		assert response.status_code == 200, (label, response.text)


def test_an_object_for_a_customers_name_gets_a_french_400_and_no_customer(rep):
	before = customers()
	for body in ({"customer_name": {"a": 1}}, {"customer_name": ["a"]}):
		response = rep.post(f"{URL}/api/resource/Customer", json=body, timeout=30)
		assert response.status_code == 417 or response.status_code == 400, response.text
		assert "doit être une valeur simple" in messages(response), messages(response)
		assert_no_traceback(response)
	response = rep.post(
		f"{URL}/api/method/frappe.client.insert",
		json={"doc": {"doctype": "Address", "address_title": {"a": 1}, "address_line1": "1 rue"}},
		timeout=30,
	)
	assert response.status_code in (400, 403, 417), response.text
	assert_no_traceback(response)
	assert customers() == before


def test_an_object_for_a_customers_name_on_update_gets_a_french_417_and_changes_nothing(rep):
	"""The customer's own before_validate reads its name before the doc_events checks run."""
	kept = f"Client PUT {frappe.generate_hash(length=6)}"
	name = frappe.get_doc({"doctype": "Customer", "customer_name": kept}).insert(ignore_permissions=True).name
	frappe.db.commit()
	for body in ({"customer_name": ["a"]}, {"customer_name": {"a": 1}}):
		response = rep.put(f"{URL}/api/resource/Customer/{name}", json=body, timeout=30)
		assert response.status_code == 417, response.text
		assert "doit être une valeur simple" in messages(response), messages(response)
		assert_no_traceback(response)
	assert frappe.db.get_value("Customer", name, "customer_name") == kept
	# a number is taken as its text, as Frappe takes it in any other text field
	response = rep.put(f"{URL}/api/resource/Customer/{name}", json={"customer_name": 12}, timeout=30)
	try:
		assert response.status_code == 200, response.text
		assert response.json()["data"]["customer_name"] == "12"
	finally:
		frappe.db.rollback()
		frappe.delete_doc("Customer", name, force=True, ignore_permissions=True)
		frappe.db.commit()
