"""A document's tax rows filled from its tax template carry everything the template's rows say,
their EN 16931 VAT category, exemption code and reason included; over REST, against the real
test server."""

import os
from types import SimpleNamespace

import frappe
import pytest
import requests
from frappe.utils import nowdate
from frappe.utils.password import update_password

from tests.sales_setup import sales_setup
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Tax-Rows-Passw0rd!"
REVERSE_CHARGE = {
	"vat_category": "AE",
	"vatex_code": "VATEX-EU-AE",
	"exemption_reason": "Autoliquidation",
}


@pytest.fixture(scope="module")
def env():
	"""A committed sales set-up, a reverse-charge tax template and a logged-in sales rep."""
	tag = frappe.generate_hash(length=6)
	with committed_cleanup() as cleanup:
		setup = sales_setup(tag=tag)
		cleanup += setup.created
		template = frappe.get_doc(
			{
				"doctype": "Sales Taxes and Charges Template",
				"title": f"Test Autoliquidation {tag}",
				"company": setup.company,
				"taxes": [
					{
						"charge_type": "On Net Total",
						"account_head": "TVA autoliquidation",
						"description": "Autoliquidation",
						"rate": 0,
						**REVERSE_CHARGE,
					}
				],
			}
		).insert()
		cleanup.append((template.doctype, template.name))
		email = make_user(["Sales User"], email="tax-rows-rep@test.sales-flow.fr")
		update_password(email, PASSWORD)
		cleanup.append(("User", email))
		frappe.db.commit()
		session = requests.Session()
		login = session.post(f"{URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30)
		assert login.ok, login.text
		yield SimpleNamespace(setup=setup, template=template.name, session=session, cleanup=cleanup)
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


def test_a_quotation_made_with_a_template_carries_the_vat_category_of_its_rows(env):
	setup = env.setup
	response = env.session.post(
		f"{URL}/api/resource/Quotation",
		json={
			"company": setup.company,
			"quotation_to": "Customer",
			"party_name": setup.customer,
			"transaction_date": nowdate(),
			"taxes_and_charges": env.template,
			"items": [{"item_code": setup.a, "qty": 2}],
		},
		timeout=120,
	)
	assert response.ok, response.text
	name = response.json()["data"]["name"]
	env.cleanup.append(("Quotation", name))

	stored = env.session.get(f"{URL}/api/resource/Quotation/{name}", timeout=30).json()["data"]
	assert [{field: row[field] for field in REVERSE_CHARGE} for row in stored["taxes"]] == [REVERSE_CHARGE]
	assert stored["taxes"][0]["description"] == "Autoliquidation"
	assert (stored["total_taxes_and_charges"], stored["grand_total"]) == (0, 200)
