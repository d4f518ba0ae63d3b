"""Sales targets: the checks on a Monthly Distribution and on the targets (Target Detail rows) of a
Sales Person or a Territory, and the two "Target Variance Based On Item Group" reports.

A target is set per item group and fiscal year (the calendar year, as the invoice numbering has it)
in amount and / or quantity, and spread over the months by its Monthly Distribution, evenly without
one. Achieved is read from submitted orders or invoices: a sales person is credited with their
allocated percentage of each line through the document's sales team, a territory with the whole
line of documents whose territory (the customer's) lies under it. A target counts the item groups
and the sales persons or territories under its own. One aggregated query per report."""

import re
from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import escape_html, flt, getdate, nowdate
from frappe.utils.nestedset import get_descendants_of

from sales_flow.analytics.reporting import column, percent, permission_sql, require_report_access

# a period -> how many months it spans
PERIODS = {"Monthly": 1, "Quarterly": 3, "Half-Yearly": 6, "Yearly": 12}
DATE_FIELD = {"Sales Order": "transaction_date", "Sales Invoice": "posting_date"}
# target on -> (the target's field, the line's measure)
TARGET_ON = {"Amount": ("target_amount", "base_net_amount"), "Quantity": ("target_qty", "stock_qty")}
# percent: twelve even shares typed as 8.333 add up to 99.996; each share is then read as its part of
# the sum, so an even distribution gives exactly a twelfth a month
TOLERANCE = 0.01


def validate_distribution(doc) -> None:
	"""Each month at most once, no negative share, the shares adding up to 100 %."""
	seen: set[str] = set()
	for row in doc.percentages:
		if row.month in seen:
			frappe.throw(_("Row {0}: {1} appears twice in the distribution.").format(row.idx, _(row.month)))
		seen.add(row.month)
		if flt(row.percentage_allocation) < 0:
			frappe.throw(
				_("Row {0}: the percentage of {1} cannot be negative.").format(row.idx, _(row.month))
			)
	total = sum(flt(row.percentage_allocation) for row in doc.percentages)
	if abs(total - 100) > TOLERANCE:
		frappe.throw(
			_("The monthly percentages add up to {0} %: they must add up to 100 %.").format(
				f"{flt(total, 3):g}"
			)
		)


def validate_targets(doc) -> None:
	"""Each target: a year, an amount or a quantity (none negative), once per item group and year."""
	seen: set[tuple[str, str]] = set()
	for row in doc.get("targets") or []:
		check_fiscal_year(row)
		check_target_figures(row)
		key = (row.item_group or "", row.fiscal_year)
		if key in seen:
			frappe.throw(
				_("Row {0}: there is already a target for item group {1} in {2}.").format(
					row.idx, escape_html(row.item_group or _("All Item Groups")), row.fiscal_year
				)
			)
		seen.add(key)


def check_fiscal_year(row) -> None:
	year = (row.fiscal_year or "").strip()
	if not re.fullmatch(r"(19|20|21)\d\d", year):
		frappe.throw(
			_("Row {0}: the fiscal year must be a year such as 2026, not {1}.").format(
				row.idx, escape_html(year)
			)
		)
	row.fiscal_year = year


def check_target_figures(row) -> None:
	if flt(row.target_qty) < 0 or flt(row.target_amount) < 0:
		frappe.throw(_("Row {0}: a target cannot be negative.").format(row.idx))
	if not flt(row.target_qty) and not flt(row.target_amount):
		frappe.throw(_("Row {0}: set a target quantity or a target amount.").format(row.idx))


def distribution_months() -> list[str]:
	"""January to December, as a distribution's rows name them (the options of their Select)."""
	return frappe.get_meta("Monthly Distribution Percentage").get_field("month").options.split("\n")


def monthly_shares(distribution_ids: set[str]) -> dict[str, list[float]]:
	"""Distribution -> the twelve fractions of the year's target, January first; "" -> even."""
	shares: dict[str, list[float]] = {"": [1 / 12] * 12}
	rows = frappe.get_all(
		"Monthly Distribution Percentage",
		filters={"parenttype": "Monthly Distribution", "parent": ("in", list(distribution_ids) or [""])},
		fields=["parent", "month", "percentage_allocation"],
	)
	months = distribution_months()
	for row in rows:
		shares.setdefault(row.parent, [0.0] * 12)[months.index(row.month)] = flt(row.percentage_allocation)
	for name, months in shares.items():
		total = sum(months)
		shares[name] = [share / total if total else 0.0 for share in months]
	return shares


def target_report(filters: dict | None, party: str):
	"""execute() of the target variance report of `party` (Sales Person or Territory)."""
	filters = checked_filters(filters, party)
	target_field, measure = TARGET_ON[filters.target_on]
	targets = targets_of(party, filters, target_field)
	achieved = achieved_by_month(party, filters, measure)
	shares = monthly_shares({t.distribution_id for t in targets if t.distribution_id})
	months = PERIODS[filters.period]
	rows = []
	for target in targets:
		monthly_target = [flt(target[target_field]) * s for s in shares.get(target.distribution_id or "", [])]
		monthly_achieved = achieved_for(target, party, achieved)
		for first in range(0, 12, months):
			rows.append(variance_row(target, party, filters, first, monthly_target, monthly_achieved))
	return columns(party, filters), rows, None, chart(rows, filters)


def checked_filters(filters: dict | None, party: str) -> frappe._dict:
	filters = frappe._dict(filters or {})
	filters.doctype = filters.get("doctype") or "Sales Order"
	filters.period = filters.get("period") or "Monthly"
	filters.target_on = filters.get("target_on") or "Amount"
	filters.fiscal_year = str(filters.get("fiscal_year") or getdate(nowdate()).year).strip()
	for key, allowed in (("doctype", DATE_FIELD), ("period", PERIODS), ("target_on", TARGET_ON)):
		if filters[key] not in allowed:
			frappe.throw(_("{0} cannot be {1}.").format(_(frappe.unscrub(key)), escape_html(filters[key])))
	if not re.fullmatch(r"\d{4}", filters.fiscal_year):
		frappe.throw(_("The fiscal year must be a year such as 2026."))
	require_report_access(filters.doctype, party)
	return filters


def targets_of(party: str, filters, target_field: str) -> list[frappe._dict]:
	"""The year's targets of the party (or of every one), with a figure in the measure chosen."""
	conditions = {"parenttype": party, "fiscal_year": filters.fiscal_year, target_field: (">", 0)}
	if filters.get(frappe.scrub(party)):
		conditions["parent"] = filters[frappe.scrub(party)]
	return frappe.get_all(
		"Target Detail",
		filters=conditions,
		fields=["parent", "item_group", "target_qty", "target_amount", "distribution_id"],
		order_by="parent, item_group, idx",
	)


def achieved_by_month(party: str, filters, measure: str) -> dict[tuple[str, str], list[float]]:
	"""(sales person or territory, item group) -> the twelve months' achieved figures."""
	doctype = filters.doctype
	parent = f"`tab{doctype}`"
	date_column = f"{parent}.{DATE_FIELD[doctype]}"
	if party == "Sales Person":
		entity, share = "team.sales_person", "team.allocated_percentage / 100"
		source = (
			f" join `tabSales Team` team on team.parent = {parent}.name and team.parenttype = %(doctype)s"
		)
	else:
		entity, share, source = f"{parent}.territory", "1", ""
	company = f" and {parent}.company = %(company)s" if filters.get("company") else ""
	rows = frappe.db.sql(
		f"""select {entity} as entity, line.item_group, month({date_column}) as month,
			sum(line.{measure} * {share}) as figure
		from {parent} join `tab{doctype} Item` line on line.parent = {parent}.name {source}
		where {parent}.docstatus = 1 and {date_column} between %(from_date)s and %(to_date)s
			{company} {permission_sql(doctype)}
		group by entity, line.item_group, month""",
		{
			"doctype": doctype,
			"company": filters.get("company"),
			"from_date": f"{filters.fiscal_year}-01-01",
			"to_date": f"{filters.fiscal_year}-12-31",
		},
		as_dict=True,
	)
	achieved: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0] * 12)
	for row in rows:
		achieved[(row.entity or "", row.item_group or "")][row.month - 1] += flt(row.figure)
	return achieved


def achieved_for(target, party: str, achieved: dict) -> list[float]:
	"""The months' achieved of the target's party and item group, their descendants included."""
	parties = {target.parent, *get_descendants_of(party, target.parent)}
	groups = (
		{target.item_group, *get_descendants_of("Item Group", target.item_group)}
		if target.item_group
		else None
	)
	months = [0.0] * 12
	for (entity, item_group), figures in achieved.items():
		if entity in parties and (groups is None or item_group in groups):
			months = [a + b for a, b in zip(months, figures, strict=True)]
	return months


def variance_row(target, party: str, filters, first: int, targets: list, achieved: list) -> dict:
	months = PERIODS[filters.period]
	target_figure = flt(sum(targets[first : first + months]), 2)
	achieved_figure = flt(sum(achieved[first : first + months]), 2)
	return {
		frappe.scrub(party): target.parent,
		"item_group": target.item_group or _("All Item Groups"),
		"period": period_label(first, filters),
		"target": target_figure,
		"achieved": achieved_figure,
		"variance": flt(achieved_figure - target_figure, 2),
		"achievement": percent(achieved_figure, target_figure),
	}


def period_label(first: int, filters) -> str:
	"""January 2026, Q1 2026, H1 2026 or 2026."""
	year, period = filters.fiscal_year, filters.period
	if period == "Monthly":
		return f"{_(distribution_months()[first])} {year}"
	if period == "Quarterly":
		return _("Q{0} {1}").format(first // 3 + 1, year)
	if period == "Half-Yearly":
		return _("H{0} {1}").format(first // 6 + 1, year)
	return year


def columns(party: str, filters) -> list[dict]:
	figure = "Currency" if filters.target_on == "Amount" else "Float"
	return [
		column(_(party), frappe.scrub(party), "Link", 160, party),
		column(_("Item Group"), "item_group", "Data", 160),
		column(_("Period"), "period", "Data", 120),
		column(_("Target"), "target", figure, 120),
		column(_("Achieved"), "achieved", figure, 120),
		column(_("Variance"), "variance", figure, 120),
		column(_("Achievement (%)"), "achievement", "Percent", 110),
	]


def chart(rows: list[dict], filters) -> dict:
	"""Target and achieved summed per period, side by side."""
	labels = list(dict.fromkeys(row["period"] for row in rows))
	totals = {label: [0.0, 0.0] for label in labels}
	for row in rows:
		totals[row["period"]][0] += row["target"]
		totals[row["period"]][1] += row["achieved"]
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": _("Target"), "values": [flt(totals[label][0], 2) for label in labels]},
				{"name": _("Achieved"), "values": [flt(totals[label][1], 2) for label in labels]},
			],
		},
		"type": "bar",
		"fieldtype": "Currency" if filters.target_on == "Amount" else "Float",
	}


def year_targets(company: str | None = None) -> tuple[list[dict], dict]:
	"""This year's amount targets of the sales persons, month by month, with their chart."""
	filters = {"period": "Monthly", "company": company, "fiscal_year": getdate(nowdate()).year}
	_columns, rows, _message, month_chart = target_report(filters, "Sales Person")
	return rows, month_chart


def year_achievement(company: str | None = None) -> float:
	"""How much of this year's amount targets of the sales persons is achieved so far, in %."""
	rows, _chart = year_targets(company)
	return percent(sum(row["achieved"] for row in rows), sum(row["target"] for row in rows))
