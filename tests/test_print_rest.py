"""The desk's downloads over HTTP, against the real test server: Factur-X and the bulk PDF."""

import io
import os

import facturx
import frappe
import pytest
import requests
from frappe.utils.password import update_password
from pypdf import PdfReader

from tests.printing import LEGAL
from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Print-Rest-Passw0rd!"


@pytest.fixture
def accountant():
	"""Three submitted invoices and a draft, committed, and an Accounts User's session."""
	tag = frappe.generate_hash(length=6)
	with committed_cleanup() as cleanup:
		setup = sales_setup(tag=tag)
		cleanup += setup.created
		frappe.db.set_value("Company", setup.company, dict(LEGAL))  # set_value adds "modified" to its dict
		invoices = []
		for qty in (1, 2, 3):
			invoice = transaction("Sales Invoice", setup, [(setup.a, qty)]).insert()
			invoice.submit()
			invoices.append(invoice.name)
		draft = transaction("Sales Invoice", setup, [(setup.a, 1)]).insert().name
		cleanup += [("Sales Invoice", name) for name in [*invoices, draft]]
		user = make_user(["Accounts User"], email="print-rest@test.sales-flow.fr")
		update_password(user, PASSWORD)
		cleanup.append(("User", user))
		frappe.db.commit()
		session = requests.Session()
		assert session.post(f"{URL}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=30).ok
		yield session, invoices, draft
	# the invoice counters of the throwaway company
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


def test_an_accountant_downloads_the_facturx_of_an_invoice_not_of_a_draft(accountant):
	session, invoices, draft = accountant
	response = session.get(
		f"{URL}/api/method/sales_flow.regional.france.facturx.download_facturx",
		params={"name": invoices[0]},
		timeout=120,
	)
	assert response.ok, response.text[:500]
	assert response.headers["Content-Type"].startswith("application/pdf")
	assert f"{invoices[0]}-factur-x.pdf" in response.headers["Content-Disposition"]
	filename, xml = facturx.get_xml_from_pdf(response.content, check_xsd=True)
	assert filename == "factur-x.xml" and invoices[0].encode() in xml

	refused = session.get(
		f"{URL}/api/method/sales_flow.regional.france.facturx.download_facturx",
		params={"name": draft},
		timeout=60,
	)
	assert refused.status_code == 417
	assert "Only a submitted invoice can be issued as Factur-X" in refused.text


def test_the_list_view_prints_the_selected_invoices_in_one_pdf(accountant):
	session, invoices, _draft = accountant
	order = [invoices[1], invoices[2], invoices[0]]
	response = session.get(
		f"{URL}/api/method/sales_flow.printing.pdf.print_merged",
		params={"doctype": "Sales Invoice", "names": frappe.as_json(order)},
		timeout=120,
	)
	assert response.ok, response.text[:500]
	pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
	assert len(pages) == 3
	for page, name in zip(pages, order, strict=True):
		assert name in page
