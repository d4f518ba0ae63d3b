"""The figures of the "Ventes" workspace that a plain count or sum of one DocType cannot give: the
methods of its custom number cards (the chart sources are charts.py).

Each one is a single SQL aggregation, checks that the user may read what it counts and applies the
user's permissions. Filters come from the card or chart (a JSON string or a dict); `company` is
optional (every company the user sees when absent). Each is read-only (`frappe.read_only`): on a site
that sets `read_from_replica` it reads the replica, as Frappe's reports do.
"""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, flt, get_first_day, getdate, nowdate

from sales_flow.analytics.reporting import percent, permission_sql, require_report_access, table_has_column
from sales_flow.analytics.subscriptions import MONTHLY_VALUE, running_on
from sales_flow.analytics.targets import year_achievement
from sales_flow.utils.arguments import date_argument, name_argument, parse_json_argument, refuse

WIN_RATE_DAYS = 90
WON = ("Ordered", "Partially Ordered")
DECIDED = (*WON, "Lost", "Expired")


def parse_filters(filters) -> frappe._dict:
	"""The card's or chart's filters, of which `company` and the dates are read: each checked, as
	they go into the SQL as values (a list there would be spliced as a tuple)."""
	filters = parse_json_argument(filters, "filters") or {}
	if isinstance(filters, list):  # the card's [doctype, field, op, value] rows: only company is used
		filters = {row[1]: row[3] for row in rows_of_card(filters) if len(row) >= 4 and row[2] == "="}
	if not isinstance(filters, dict):
		refuse(_("{0} must be {1}.").format("filters", _("a JSON object")))
	if filters.get("company"):
		name_argument(filters["company"], "filters.company")
	for key in ("from_date", "to_date"):
		filters[key] = date_argument(filters.get(key), f"filters.{key}")
	return frappe._dict(filters)


def rows_of_card(rows: list) -> list[list]:
	if not all(isinstance(row, list) for row in rows):
		refuse(_("{0} must be a list of rows.").format("filters"))
	return rows


def company_sql(doctype: str, filters: frappe._dict) -> str:
	return f" and `tab{doctype}`.company = %(company)s" if filters.get("company") else ""


def readable(doctype: str) -> None:
	"""A card is a small report: the user needs the Report right on what it counts."""
	require_report_access(doctype)


def currency_result(value: float) -> dict:
	return {"value": flt(value, 2), "fieldtype": "Currency"}


@frappe.whitelist()
@frappe.read_only()
def follow_ups_due_today(filters=None) -> dict:
	"""Open quotations whose next follow-up date is today or past."""
	readable("Quotation")
	filters = parse_filters(filters)
	if not table_has_column("Quotation", "next_follow_up_date"):
		return {"value": 0, "fieldtype": "Int"}
	count = frappe.db.sql(
		f"""select count(*) from `tabQuotation`
		where docstatus = 1 and status = 'Open' and next_follow_up_date <= %(today)s
			{company_sql("Quotation", filters)} {permission_sql("Quotation")}""",
		{**filters, "today": nowdate()},
	)[0][0]
	return {"value": int(count), "fieldtype": "Int", "route": ["List", "Quotation"]}


@frappe.whitelist()
@frappe.read_only()
def quotation_win_rate(filters=None) -> dict:
	"""Of the quotations of the last 90 days that are decided (ordered, lost or expired), the share
	ordered, in percent. Open ones are not decided yet; superseded ones were replaced by a revision."""
	readable("Quotation")
	filters = parse_filters(filters)
	won, decided = frappe.db.sql(
		f"""select coalesce(sum(status in %(won)s), 0), count(*) from `tabQuotation`
		where docstatus = 1 and status in %(decided)s and transaction_date > %(since)s
			{company_sql("Quotation", filters)} {permission_sql("Quotation")}""",
		{**filters, "won": WON, "decided": DECIDED, "since": add_days(nowdate(), -WIN_RATE_DAYS)},
	)[0]
	return {"value": percent(won, decided), "fieldtype": "Percent"}


def revenue_between(from_date, to_date, filters: frappe._dict) -> float:
	"""Net invoiced (credit notes deducted), company currency."""
	return flt(
		frappe.db.sql(
			f"""select coalesce(sum(base_net_total), 0) from `tabSales Invoice`
			where docstatus = 1 and posting_date between %(from_date)s and %(to_date)s
				{company_sql("Sales Invoice", filters)} {permission_sql("Sales Invoice")}""",
			{**filters, "from_date": from_date, "to_date": to_date},
		)[0][0],
		2,
	)


def month_revenues(filters: frappe._dict, today=None) -> tuple[float, float]:
	"""(this month so far, last month until the same day): as many days on each side, so that the
	change does not read +700 % on the 5th against a whole month."""
	today = getdate(today or nowdate())
	first = get_first_day(today)
	this_month = revenue_between(first, add_days(add_months(first, 1), -1), filters)
	last_month = revenue_between(add_months(first, -1), add_months(today, -1), filters)
	return this_month, last_month


@frappe.whitelist()
@frappe.read_only()
def revenue_this_month(filters=None) -> dict:
	readable("Sales Invoice")
	return currency_result(month_revenues(parse_filters(filters))[0])


@frappe.whitelist()
@frappe.read_only()
def revenue_change_vs_last_month(filters=None) -> dict:
	"""This month's revenue so far against last month's over the same days, in percent (+12.5 = 12.5 %
	more; 0 without revenue then). `signed`: the desk shows its sign ("+12,5 %")."""
	readable("Sales Invoice")
	this_month, last_month = month_revenues(parse_filters(filters))
	change = flt(100.0 * (this_month - last_month) / abs(last_month), 2) if last_month else 0.0
	return {"value": change, "fieldtype": "Percent", "signed": 1}


@frappe.whitelist()
@frappe.read_only()
def monthly_recurring_revenue(filters=None) -> dict:
	"""MRR today, as the "Monthly Recurring Revenue" report counts it (its SQL, not a second
	definition). 0 while the subscription module is not installed."""
	filters = parse_filters(filters)
	needed = ("Subscription", "Subscription Plan", "Subscription Plan Detail")
	if not all(frappe.db.table_exists(doctype) for doctype in needed):
		return currency_result(0)
	readable("Subscription")
	value = frappe.db.sql(
		f"""select coalesce(sum({MONTHLY_VALUE}), 0)
		from `tabSubscription` sub
		join `tabSubscription Plan Detail` detail on detail.parent = sub.name and detail.parenttype = 'Subscription'
		join `tabSubscription Plan` plan on plan.name = detail.plan
		where {running_on("%(today)s")} {" and sub.company = %(company)s" if filters.get("company") else ""}
			{permission_sql("Subscription").replace("`tabSubscription`", "sub")}""",
		{**filters, "today": nowdate()},
	)[0][0]
	return currency_result(value)


@frappe.whitelist()
@frappe.read_only()
def target_achievement(filters=None) -> dict:
	"""How much of this year's amount targets of the sales persons submitted orders achieved so far."""
	filters = parse_filters(filters)
	return {"value": year_achievement(filters.get("company")), "fieldtype": "Percent"}
