"""Late Invoices by Dunning Level: every instalment past due and unpaid on a date, with the
dunning level it has reached (none yet, Relance 1, ..., Mise en demeure) and the amounts late at
each level (sales_flow/receivables/overdue.py)."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from sales_flow.analytics import listing, reporting
from sales_flow.receivables.levels import dunning_levels
from sales_flow.receivables.overdue import late_by_level


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	company = filters.get("company") or reporting.default_company()
	reporting.require_report_access("Sales Invoice")
	names = {level.dunning_level: level.name for level in dunning_levels()}
	data = late_by_level(getdate(filters.get("report_date") or nowdate()), company, filters.get("customer"))
	for row in data:
		row["level"] = (
			names.get(row["dunning_level"], str(row["dunning_level"]))
			if row["dunning_level"]
			else _("Not dunned yet")
		)
	columns, chart = get_columns(), get_chart(data, names)
	return columns, listing.with_total_row(columns, data), None, chart


def get_chart(data: list[dict], names: dict[int, str]) -> dict:
	levels = [0, *sorted(names)]
	return reporting.bar_chart(
		[names.get(level, _("Not dunned yet")) for level in levels],
		_("Outstanding"),
		[sum(row["outstanding"] for row in data if row["dunning_level"] == level) for level in levels],
		fieldtype="Currency",
	)


def get_columns() -> list[dict]:
	return [
		reporting.column("Dunning Level", "level", "Data", 140),
		reporting.column("Sales Invoice", "sales_invoice", "Link", 160, "Sales Invoice"),
		reporting.column("Customer", "customer", "Link", 150, "Customer"),
		reporting.column("Customer Name", "customer_name", "Data", 160),
		reporting.column("Payment Term", "description", "Data", 120),
		reporting.column("Due Date", "due_date", "Date", 110),
		# a sum of days late means nothing: the total row leaves it blank
		{**reporting.column("Overdue Days", "overdue_days", "Int", 100), "disable_total": 1},
		reporting.column("Outstanding", "outstanding", "Currency", 130),
		reporting.column("Do Not Send Dunning", "exclude_from_dunning", "Check", 110),
	]
