"""The desk's scripts against the server: the statuses that decide a quotation's buttons come from the
server's own lists (in the boot of the desk page, over HTTP), and each form registers its handlers
one way."""

import json
import os
import re
from pathlib import Path

import frappe
import pytest
import requests

from sales_flow.controllers.status import FOLLOW_UPS_STOPPED, QUOTATION_ORDERABLE
from sales_flow.quotation_desk.lost import LOSABLE
from sales_flow.quotation_desk.revisions import REVISABLE

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
APP = Path(frappe.get_app_path("sales_flow"))
DOCTYPES = APP / "sales_flow" / "doctype"
QUOTATION_STATUSES = ("Open", "Partially Ordered", "Ordered", "Expired", "Lost", "Superseded")


def desk_boot() -> dict:
	"""The boot the desk page /app gives a logged-in user (`frappe.boot = {...};` in the page)."""
	http = requests.Session()
	password = os.environ.get("SF_ADMIN_PASSWORD", "admin")
	login = http.post(f"{URL}/api/method/login", data={"usr": "Administrator", "pwd": password}, timeout=30)
	assert login.status_code == 200, login.text
	page = http.get(f"{URL}/app", timeout=120)
	assert page.status_code == 200, page.status_code
	boot = re.search(r"frappe\.boot = (\{.*?\});\s*\n", page.text, re.S)
	assert boot, "no frappe.boot in the desk page"
	return json.loads(boot.group(1))


def test_the_desk_boot_carries_the_quotation_status_lists_the_server_checks():
	lists = desk_boot()["sales_flow_statuses"]["Quotation"]
	assert lists == {
		"losable": ["Open", "Expired"],
		"revisable": ["Open", "Expired"],
		"orderable": ["Open", "Partially Ordered", "Expired"],
		"follow_ups_stopped": ["Ordered", "Lost", "Expired", "Superseded", "Cancelled"],
	}
	# the very lists the server's checks read (quotation_desk/lost.py, revisions.py, status.py)
	assert lists["losable"] == list(LOSABLE)
	assert lists["revisable"] == list(REVISABLE)
	assert lists["orderable"] == list(QUOTATION_ORDERABLE)
	assert lists["follow_ups_stopped"] == list(FOLLOW_UPS_STOPPED)


def test_the_quotation_form_script_copies_no_status():
	script = (DOCTYPES / "quotation" / "quotation.js").read_text()
	copied = [status for status in QUOTATION_STATUSES if f'"{status}"' in script]
	assert not copied, f"quotation.js names statuses the boot lists: {copied}"


def registrations(script: str) -> list[str]:
	"""The DocTypes a form script registers handlers for, once per registration."""
	on = re.findall(r"frappe\.ui\.form\.on\(\s*\"([^\"]+)\"", script)
	shared = re.findall(r"sales_flow\.setup_sales_form\(\s*\"([^\"]+)\"", script)
	return on + shared


@pytest.mark.parametrize(
	"path",
	sorted(
		str(p.relative_to(DOCTYPES))
		for p in DOCTYPES.glob("*/*.js")
		if not p.name.endswith(("_list.js", "_tree.js", "_dashboard.js"))
	),
)
def test_a_form_script_registers_each_doctype_once(path):
	"""One map of handlers per DocType (through sales_flow.setup_sales_form for a sales document):
	a second registration elsewhere in the file is a second place to look for what a field does."""
	found = registrations((DOCTYPES / path).read_text())
	twice = sorted({doctype for doctype in found if found.count(doctype) > 1})
	assert not twice, f"{path} registers handlers for {twice} more than once"
