"""Every report of the app against every demo role, over HTTP against the real test server: a role
runs a report exactly when it has the Report right on the DocTypes the report reads (the
accountant, who lists quotations, runs Quotation Trends), and is refused with a 403 otherwise."""

import os

import frappe
import pytest
import requests
from frappe.utils.password import update_password

from tests.report_roles import DEMO_ROLES, may_report_on
from tests.sales_setup import sales_setup
from tests.support import as_user, committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Report-Roles-Passw0rd!"
# no data needed: who may run what (the filters every report accepts)
PERIOD = {"from_date": "2026-01-01", "to_date": "2026-12-31"}


@pytest.fixture(scope="module")
def users():
	with committed_cleanup() as cleanup:
		tag = frappe.generate_hash(length=5)
		setup = sales_setup(tag=tag)
		cleanup += setup.created
		emails = {}
		for role in DEMO_ROLES:
			email = make_user(
				[role], f"report-roles-{role.lower().replace(' ', '-')}-{tag}@test.sales-flow.fr"
			)
			frappe.db.set_value("User", email, "language", "fr")
			update_password(email, PASSWORD)
			cleanup.append(("User", email))
			emails[role] = email
		frappe.db.commit()
		yield setup.company, emails


def test_every_report_follows_the_report_right_on_its_doctypes(users):
	company, users = users
	reports = frappe.get_all("Report", filters={"module": "Sales Flow"}, pluck="name")
	assert len(reports) >= 14, reports
	outcomes = {}
	for role, email in users.items():
		http = requests.Session()
		assert http.post(f"{URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30).ok
		for report in reports:
			with as_user(email):
				allowed = may_report_on(report)
			response = http.post(
				f"{URL}/api/method/frappe.desk.query_report.run",
				json={"report_name": report, "filters": {"company": company, **PERIOD}},
				timeout=120,
			)
			outcomes[(role, report)] = (allowed, response.status_code)
			assert response.status_code == (200 if allowed else 403), (role, report, response.text[:500])
	assert outcomes[("Accounts User", "Quotation Trends")] == (True, 200)
