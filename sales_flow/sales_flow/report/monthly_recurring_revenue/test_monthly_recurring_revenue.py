"""MRR / ARR / churn on subscriptions with plans of every interval, normalised to a month."""

import frappe
import pytest

from sales_flow.sales_flow.report.monthly_recurring_revenue.monthly_recurring_revenue import execute
from tests.sales_setup import sales_setup


def plan(s, name: str, cost: float, interval: str, count: int = 1) -> str:
	doc = {
		"doctype": "Subscription Plan",
		"plan_name": name,
		"item": s.a,
		"cost": cost,
		"billing_interval": interval,
		"billing_interval_count": count,
	}
	return frappe.get_doc(doc).insert().name


def subscribe(s, company: str, start: str, plans: list[tuple[str, float]], **values) -> str:
	doc = {
		"doctype": "Subscription",
		"party": s.customer,
		"company": company,
		"start_date": start,
		"plans": [{"plan": p, "qty": q} for p, q in plans],
		**values,
	}
	return frappe.get_doc(doc).insert().name


def test_mrr_arr_and_churn_per_month():
	s = sales_setup()
	company = (
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": "Test MRR SAS",
				"abbr": "TMRR",
				"default_currency": "EUR",
				"country": "France",
			}
		)
		.insert()
		.name
	)
	yearly = plan(s, "Test MRR Yearly", 1200.0, "Year")  # 100 a month
	weekly = plan(s, "Test MRR Weekly", 12.0, "Week")  # 52 a month
	daily = plan(s, "Test MRR Daily", 1.0, "Day")  # 30.4166... a month
	quarterly = plan(s, "Test MRR Quarterly", 90.0, "Month", 3)  # 30 a month
	subscribe(s, company, "2024-01-10", [(yearly, 1)])
	subscribe(s, company, "2024-01-20", [(weekly, 1)], end_date="2024-02-29")  # churns in March
	subscribe(s, company, "2024-02-05", [(daily, 2)])
	subscribe(
		s,
		company,
		"2024-02-01",
		[(quarterly, 1)],
		trial_period_start="2024-02-01",
		trial_period_end="2024-03-15",
	)
	columns, data, _message, chart = execute(
		{"company": company, "from_date": "2024-01-01", "to_date": "2024-03-31"}
	)
	by_month = {row["period"]: row for row in data}
	assert list(by_month) == ["01/2024", "02/2024", "03/2024"]
	january, february, march = by_month.values()
	assert (january["active"], january["mrr"], january["arr"], january["new_mrr"]) == (
		2,
		152.0,
		1824.0,
		152.0,
	)
	# February: + 2 x 365 / 12 = 60.83 from the daily plan; the quarterly one is still in its trial
	assert (february["active"], february["mrr"], february["new_mrr"]) == (
		3,
		pytest.approx(212.83),
		pytest.approx(60.83),
	)
	assert february["churned_mrr"] == 0
	# March: the weekly plan ended on 29 February; the quarterly plan's trial ended
	assert march["churned"] == 1 and march["churned_mrr"] == 52.0
	assert march["churn_rate"] == pytest.approx(52 * 100 / 212.83, abs=0.01)
	assert march["mrr"] == pytest.approx(100 + 60.83 + 30)
	assert march["new_mrr"] == 30.0  # revenue starts after the trial
	assert [c["fieldname"] for c in columns][:4] == ["period", "active", "mrr", "arr"]
	assert chart["data"]["labels"] == ["01/2024", "02/2024", "03/2024"]
