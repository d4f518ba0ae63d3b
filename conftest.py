"""pytest on a real Frappe site: connect once, run every test as Administrator, roll back after each.

Run from the bench's `sites` folder (scripts/test.sh does), with SF_TEST_SITE naming the site.
"""

import os

import frappe
import pytest
from hypothesis import settings

# the suite runs from the bench's sites/ folder: keep hypothesis from writing a database there
settings.register_profile("sales_flow", database=None, deadline=None)
settings.load_profile("sales_flow")


def pytest_configure(config: pytest.Config) -> None:
	site = os.environ.get("SF_TEST_SITE")
	if not site:
		raise pytest.UsageError("SF_TEST_SITE is not set: run the suite through scripts/test.sh")
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.flags.in_test = True
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	from tests.support import ensure_standard_test_users

	ensure_standard_test_users()


def pytest_unconfigure(config: pytest.Config) -> None:
	if getattr(frappe.local, "site", None):
		frappe.db.rollback()
		frappe.destroy()


@pytest.fixture(autouse=True)
def _isolated_transaction():
	"""Each test sees the committed site and leaves nothing behind.

	Messages are checked in English (the site itself speaks French: tests/test_translations.py checks that)."""
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	frappe.local.flags.pop("sales_flow_cache", None)
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.message_log = []
