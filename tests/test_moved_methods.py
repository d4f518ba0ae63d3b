"""The app's whitelisted methods that moved to their package still answer at the path they had
(hooks.py, _MOVED_METHODS): an integration or a saved number card written against the old path
gets the same answer as the new one."""

import os

import frappe
import pytest
import requests

from sales_flow import hooks

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")


@pytest.fixture(scope="module")
def admin() -> requests.Session:
	http = requests.Session()
	response = http.post(
		f"{URL}/api/method/login",
		data={"usr": "Administrator", "pwd": os.environ.get("SF_ADMIN_PASSWORD", "admin")},
		timeout=30,
	)
	assert response.status_code == 200, response.text
	return http


def test_every_old_path_points_at_a_whitelisted_method_of_the_app():
	assert len(hooks._MOVED_METHODS) >= 15
	for old, new in hooks._MOVED_METHODS.items():
		assert old != new and new.startswith("sales_flow.")
		assert frappe.get_attr(new) in frappe.whitelisted, new


@pytest.mark.parametrize(
	"old, args",
	[
		("sales_flow.engine.kpis.revenue_this_month", {}),
		("sales_flow.engine.kpis.top_items", {}),
		("sales_flow.engine.pricing_apply.may_edit_price_list_rate", {}),
	],
)
def test_an_old_path_answers_as_the_new_one(admin, old, args):
	new = hooks._MOVED_METHODS[old]
	answers = [admin.post(f"{URL}/api/method/{path}", json=args, timeout=60) for path in (old, new)]
	assert [answer.status_code for answer in answers] == [200, 200], answers[0].text
	assert answers[0].json()["message"] == answers[1].json()["message"]
