"""Monthly Recurring Revenue: per month, what the subscriptions running at the month's end bring in
a month (MRR), twelve times that (ARR), what started (new MRR) and what stopped (churned MRR, churn
rate against the MRR at the start of the month).

Every plan counts for one month of its price: a yearly plan 1/12, a weekly one 52/12, a daily one
365/12, divided by the interval count (a quarterly plan 1/3). A subscription in its trial brings
nothing yet. Prices are taken in the plan's currency, which is expected to be the company's."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import add_months, flt, get_last_day, getdate

from sales_flow.analytics import reporting
from sales_flow.analytics.subscriptions import MONTHLY_VALUE, running_on


def execute(filters: dict | None = None):
	filters = reporting.report_filters(filters)
	reporting.require_report_access("Subscription")
	data = get_data(filters)
	return get_columns(), data, None, get_chart(data)


def months_between(from_date: date, to_date: date) -> list[date]:
	"""First days of the months from the month before `from_date` (for the opening MRR) to `to_date`'s."""
	month, months = add_months(from_date.replace(day=1), -1), []
	while month <= to_date:
		months.append(getdate(month))
		month = getdate(add_months(month, 1))
	return months


def get_data(filters: frappe._dict) -> list[dict]:
	months = months_between(filters.from_date, filters.to_date)
	months_sql = " union all ".join(
		f"select {frappe.db.escape(str(m))} as month_start, {frappe.db.escape(str(get_last_day(m)))} as month_end"
		for m in months
	)
	ended = "coalesce(sub.cancelation_date, sub.end_date)"
	stopped = f"({ended} + interval 1 day)"
	first_paid = "greatest(sub.start_date, ifnull(sub.trial_period_end + interval 1 day, sub.start_date))"  # churned in the month of its first day without the plan
	rows = frappe.db.sql(
		f"""select m.month_start,
			sum(if({running_on("m.month_end")}, {MONTHLY_VALUE}, 0)) as mrr,
			count(distinct if({running_on("m.month_end")}, sub.name, null)) as active,
			sum(if({first_paid} between m.month_start and m.month_end and {running_on(first_paid)},
				{MONTHLY_VALUE}, 0)) as new_mrr,
			sum(if({stopped} between m.month_start and m.month_end
				and {running_on(ended)}, {MONTHLY_VALUE}, 0)) as churned_mrr,
			count(distinct if({stopped} between m.month_start and m.month_end, sub.name, null)) as churned
		from ({months_sql}) m
		cross join `tabSubscription` sub
		join `tabSubscription Plan Detail` detail on detail.parent = sub.name and detail.parenttype = 'Subscription'
		join `tabSubscription Plan` plan on plan.name = detail.plan
		where sub.company = %(company)s and sub.start_date <= m.month_end
		group by m.month_start order by m.month_start""",
		filters,
		as_dict=True,
	)
	by_month = {getdate(row.month_start): row for row in rows}
	data, opening = [], 0.0
	for month in months:
		row = by_month.get(month) or frappe._dict(mrr=0, active=0, new_mrr=0, churned_mrr=0, churned=0)
		if month >= filters.from_date.replace(day=1):
			mrr = flt(row.mrr, 2)
			data.append(
				{
					"month": month,
					"period": reporting.period_label(month, "Monthly"),
					"active": row.active,
					"mrr": mrr,
					"arr": flt(mrr * 12, 2),
					"new_mrr": flt(row.new_mrr, 2),
					"churned_mrr": flt(row.churned_mrr, 2),
					"churned": row.churned,
					"churn_rate": flt(flt(row.churned_mrr) * 100 / opening, 2) if opening else 0.0,
				}
			)
		opening = flt(row.mrr)
	return data


def get_columns() -> list[dict]:
	return [
		{"fieldname": "period", "label": _("Month"), "fieldtype": "Data", "width": 100},
		{"fieldname": "active", "label": _("Active Subscriptions"), "fieldtype": "Int", "width": 150},
		{"fieldname": "mrr", "label": _("MRR"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "arr", "label": _("ARR"), "fieldtype": "Currency", "width": 140},
		{"fieldname": "new_mrr", "label": _("New MRR"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "churned_mrr", "label": _("Churned MRR"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "churned", "label": _("Churned Subscriptions"), "fieldtype": "Int", "width": 160},
		{"fieldname": "churn_rate", "label": _("Churn Rate (%)"), "fieldtype": "Percent", "width": 120},
	]


def get_chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["period"] for row in data],
			"datasets": [
				{"name": _("MRR"), "values": [row["mrr"] for row in data]},
				{"name": _("Churned MRR"), "values": [row["churned_mrr"] for row in data]},
			],
		},
		"type": "line",
	}
