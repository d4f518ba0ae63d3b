"""Dunnings and the statement of account over HTTP with ERPNext's names, against the test server:
the accountant's dunning for two late invoices to the cent, its submission, bad rows refused with a
4xx naming the row, a sales rep refused, the statement as data and as a PDF."""

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
PASSWORD = "Relances-Passw0rd!"


def session_for(user: str) -> requests.Session:
	http = requests.Session()
	response = http.post(f"{URL}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=30)
	assert response.status_code == 200, response.text
	return http


def late_invoice(setup, lines, posted: int, due: int, cleanup) -> str:
	doc = transaction(
		"Sales Invoice",
		setup,
		lines,
		posting_date=add_days(nowdate(), -posted),
		due_date=add_days(nowdate(), -due),
	)
	doc.set_posting_time = 1
	doc.insert()
	doc.submit()
	cleanup.append(("Sales Invoice", doc.name))
	return doc.name


@pytest.fixture
def world():
	with committed_cleanup() as cleanup:
		setup = sales_setup(tag=frappe.generate_hash(length=6))
		cleanup += setup.created
		settings = frappe.get_single("Selling Settings")
		previous = {f: settings.get(f) for f in ("late_payment_interest_rate", "ecb_refinancing_rate")}
		frappe.db.set_single_value(
			"Selling Settings", {"late_payment_interest_rate": 8, "ecb_refinancing_rate": 2}
		)
		users = {}
		for roles in (["Accounts User"], ["Sales User"]):
			email = make_user(roles, email=f"relances-{roles[0].split()[0].lower()}@test.sales-flow.fr")
			update_password(email, PASSWORD)
			cleanup.append(("User", email))
			users[roles[0]] = email
		first = late_invoice(setup, [(setup.a, 5)], posted=70, due=60, cleanup=cleanup)  # 600.00
		second = late_invoice(setup, [(setup.c, 3)], posted=20, due=10, cleanup=cleanup)  # 12.00
		not_due = late_invoice(setup, [(setup.a, 1)], posted=1, due=-30, cleanup=cleanup)
		frappe.db.commit()
		try:
			yield frappe._dict(setup=setup, users=users, invoices=(first, second, not_due), cleanup=cleanup)
		finally:
			frappe.db.set_single_value("Selling Settings", previous)
			frappe.db.commit()


def dunning_body(world, *invoices) -> dict:
	return {
		"customer": world.setup.customer,
		"company": world.setup.company,
		"overdue_payments": [{"sales_invoice": name} for name in invoices],
	}


def test_the_accountant_duns_two_late_invoices_over_rest(world):
	http = session_for(world.users["Accounts User"])
	first, second, _not_due = world.invoices
	created = http.post(f"{URL}/api/resource/Dunning", json=dunning_body(world, first, second), timeout=60)
	assert created.status_code == 200, created.text
	dunning = created.json()["data"]
	world.cleanup.append(("Dunning", dunning["name"]))

	# 8 % a year as set in Selling Settings, by hand: 600.00 x 8 % x 60 / 365 = 7.8904...,
	# 12.00 x 8 % x 10 / 365 = 0.0263...; 40 € for each of the two invoices
	rows = [
		(r["sales_invoice"], r["overdue_days"], r["outstanding"], r["interest"])
		for r in dunning["overdue_payments"]
	]
	assert rows == [(first, 60, 600.0, 7.89), (second, 10, 12.0, 0.03)]
	assert (dunning["rate_of_interest"], dunning["total_interest"], dunning["recovery_indemnity"]) == (
		8.0,
		7.92,
		80.0,
	)
	assert (dunning["total_outstanding"], dunning["grand_total"]) == (612.0, 699.92)
	assert (dunning["dunning_type"], dunning["status"]) == ("Relance 1", "Draft")

	submitted = http.put(f"{URL}/api/resource/Dunning/{dunning['name']}", json={"docstatus": 1}, timeout=60)
	assert submitted.status_code == 200, submitted.text
	assert submitted.json()["data"]["status"] == "Unresolved"

	# the invoice lists its dunnings (its dashboard's connection)
	listed = http.get(
		f"{URL}/api/resource/Dunning",
		params={"filters": frappe.as_json([["Overdue Payment", "sales_invoice", "=", second]])},
		timeout=30,
	)
	assert [row["name"] for row in listed.json()["data"]] == [dunning["name"]]


def test_bad_rows_and_a_sales_rep_are_refused_over_rest(world):
	http = session_for(world.users["Accounts User"])
	first, _second, not_due = world.invoices
	refused = http.post(f"{URL}/api/resource/Dunning", json=dunning_body(world, not_due), timeout=60)
	assert refused.status_code == 417, refused.text
	assert "Row 1" in refused.text and not_due in refused.text and "Traceback" not in refused.text
	assert http.post(f"{URL}/api/resource/Dunning", json=dunning_body(world), timeout=60).status_code == 417

	rep = session_for(world.users["Sales User"])
	assert (
		rep.post(f"{URL}/api/resource/Dunning", json=dunning_body(world, first), timeout=60).status_code
		== 403
	)
	proposed = rep.post(f"{URL}/api/method/sales_flow.receivables.proposals.propose_dunnings_now", timeout=60)
	assert proposed.status_code == 403


def test_the_statement_over_rest_as_data_and_pdf(world):
	http = session_for(world.users["Accounts User"])
	method = f"{URL}/api/method/sales_flow.receivables.statement"
	period = {"customer": world.setup.customer, "company": world.setup.company}
	period.update(from_date=add_days(nowdate(), -30), to_date=nowdate())
	statement = http.get(f"{method}.get_statement", params=period, timeout=60)
	assert statement.status_code == 200, statement.text
	data = statement.json()["message"]
	assert (data["opening_balance"], data["closing_balance"]) == (600.0, 732.0)  # 600 + 12 + 120
	assert [row["balance"] for row in data["rows"]] == [612.0, 732.0]

	pdf = http.get(f"{method}.download_statement", params=period, timeout=120)
	assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
	assert "pdf" in pdf.headers["Content-Type"]

	bad = http.get(f"{method}.get_statement", params={**period, "from_date": "hier"}, timeout=60)
	assert bad.status_code == 417 and "from_date" in bad.text
