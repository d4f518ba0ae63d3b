"""What the print tests share: a company with its legal mentions, and a site URL wkhtmltopdf can reach.

Import the fixtures into a test module (`from tests.printing import ...  # noqa: F401`); they are
registered under the names the tests use: `setup`, `assets_url` and the autouse `reachable_site`.
"""

import functools
import http.server
import os
import threading

import frappe
import pytest

from tests.sales_setup import sales_setup

SIREN = "552100554"
LEGAL = {
	"legal_form": "SARL",
	"share_capital": 8000,
	"siren": SIREN,
	"siret": SIREN + "00013",
	"tax_id": "FR96" + SIREN,
	"rcs": "RCS Lyon B 552 100 554",
	"address_line1": "3 place Bellecour",
	"pincode": "69002",
	"city": "Lyon",
	"late_payment_penalty_rate": 12.5,
	"recovery_indemnity": 40,
	"bank_details": "IBAN FR76 3000 6000 0112 3456 7890 189",
}


class AssetsOnly(http.server.SimpleHTTPRequestHandler):
	"""Serves the bench's /assets (the print stylesheet) and nothing else of the sites folder."""

	def do_GET(self):
		if not self.path.startswith("/assets/"):
			self.send_error(404)
			return
		super().do_GET()

	def log_message(self, *args):
		pass


def serve_assets() -> tuple[http.server.ThreadingHTTPServer, str]:
	"""wkhtmltopdf fetches the print stylesheet from the site's URL, which must answer: a site name
	that does not resolve (such as *.localhost in a container) fails the PDF with HostNotFoundError."""
	handler = functools.partial(AssetsOnly, directory=os.path.abspath(frappe.local.sites_path))
	server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
	threading.Thread(target=server.serve_forever, daemon=True).start()
	return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module", name="assets_url")
def assets_url_fixture():
	server, url = serve_assets()
	yield url
	server.shutdown()
	server.server_close()


@pytest.fixture(autouse=True, name="reachable_site")
def reachable_site_fixture(assets_url, monkeypatch):
	monkeypatch.setitem(frappe.local.conf, "host_name", assets_url)


def legal_setup():
	"""The sales set-up of tests/sales_setup.py, its company carrying every legal mention."""
	setup = sales_setup()
	company = frappe.get_doc("Company", setup.company)
	company.update(LEGAL)
	company.save()
	return setup


@pytest.fixture(name="setup")
def setup_fixture():
	return legal_setup()
