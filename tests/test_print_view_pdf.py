"""The print view's PDF over HTTP, against the real test server, as the French accountant: the
version check the print view makes before each PDF passes (no "Invalid wkhtmltopdf version"
modal with Debian's build), and the PDF, drawn by Chromium, holds the document with the header
and the page-numbered footer of Frappe's Standard format repeated on every page."""

import io
import os

import frappe
import pytest
import requests
from frappe.utils.password import update_password
from pypdf import PdfReader

from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Print-View-Pdf-Passw0rd!"


@pytest.fixture
def world():
	tag = frappe.generate_hash(length=5)
	with committed_cleanup() as cleanup:
		setup = sales_setup(tag=tag)
		cleanup += setup.created
		# enough lines for two pages
		invoice = transaction("Sales Invoice", setup, [(setup.a, qty) for qty in range(1, 41)]).insert()
		invoice.submit()
		cleanup.append(("Sales Invoice", invoice.name))
		user = make_user(["Accounts User"], f"print-view-pdf-{tag}@test.sales-flow.fr")
		frappe.db.set_value("User", user, "language", "fr")
		update_password(user, PASSWORD)
		cleanup.append(("User", user))
		repeat = frappe.db.get_single_value("Print Settings", "repeat_header_footer")
		frappe.db.set_single_value("Print Settings", "repeat_header_footer", 1)
		frappe.db.commit()
		session = requests.Session()
		assert session.post(f"{URL}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=30).ok
		try:
			yield session, invoice.name
		finally:
			frappe.db.set_single_value("Print Settings", "repeat_header_footer", repeat)
			frappe.db.commit()
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


def pdf_pages(session: requests.Session, name: str, print_format: str) -> list[str]:
	response = session.get(
		f"{URL}/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Sales Invoice", "name": name, "format": print_format, "no_letterhead": 1},
		timeout=120,
	)
	assert response.ok, response.text[:2000]
	assert response.headers["Content-Type"].startswith("application/pdf")
	return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def compact(text: str) -> str:
	"""Without spaces: the extraction cuts words at glyph gaps ("FA-TCS -2026")."""
	return "".join(text.split())


def test_the_print_views_version_check_passes(world):
	session, _name = world
	response = session.get(f"{URL}/api/method/frappe.utils.pdf.is_wkhtmltopdf_valid", timeout=60)
	assert response.ok and response.json()["message"] is True, response.text


def test_the_pdf_repeats_the_header_and_numbers_the_pages(world):
	session, name = world
	pages = pdf_pages(session, name, "Standard")
	assert len(pages) >= 2, pages
	for number, text in enumerate(pages, start=1):
		# the Standard format's header (title and number) and footer, on every page
		assert name in compact(text) and f"Page {number} sur {len(pages)}" in text, text

	pages = pdf_pages(session, name, "Facture")
	assert name in compact(pages[0]) and "FACTURE" in compact(pages[0]), pages[0]
