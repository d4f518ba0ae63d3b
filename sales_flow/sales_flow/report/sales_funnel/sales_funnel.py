"""Sales Funnel: how many leads, opportunities, quotations and orders a period brought, and the
share of each stage that reached the next one (counted, not traced document by document).

Leads have no company: every lead of the period counts. Opportunities, quotations and orders are
the company's; superseded quotations are left out (their revision counts)."""

import frappe
from frappe import _

from sales_flow.analytics import reporting, summary

# stage -> (DocType, its date column, submitted documents only, amount column)
STAGES = (
	("Lead", "creation", False, None),
	("Opportunity", "transaction_date", False, "opportunity_amount"),
	("Quotation", "transaction_date", True, "base_net_total"),
	("Sales Order", "transaction_date", True, "base_net_total"),
)


def execute(filters: dict | None = None):
	filters = reporting.report_filters(filters, default_months=3)
	reporting.require_report_access("Quotation", "Sales Order")
	data, previous = [], None
	for doctype, date_column, submitted, amount_column in STAGES:
		count, amount = stage_figures(doctype, date_column, submitted, amount_column, filters)
		data.append(
			{
				"stage": _(doctype),
				"count": count,
				"amount": amount,
				"conversion": reporting.percent(count, previous) if previous is not None else None,
			}
		)
		previous = count
	chart = reporting.bar_chart(
		[row["stage"] for row in data], _("Number of Documents"), [row["count"] for row in data]
	)
	return get_columns(), data, None, chart


def stage_figures(
	doctype: str, date_column: str, submitted: bool, amount_column: str | None, filters: frappe._dict
) -> tuple[int, float]:
	"""(count, amount) of the stage's documents dated in the period; nothing for a stage whose
	DocType is not installed or that the user may not report on."""
	if not frappe.db.table_exists(doctype) or not frappe.has_permission(doctype, "report"):
		return 0, 0.0
	if doctype in summary.DOCTYPES:
		figures = summary_figures(doctype, filters)
		if figures is not None:
			return figures
	table = f"`tab{doctype}`"
	conditions = "docstatus = 1" if submitted else "docstatus < 2"
	if doctype == "Quotation":
		conditions += " and status != 'Superseded'"  # a revision replaces it: counted once
	if frappe.db.has_column(doctype, "company"):
		conditions += (
			f" and ({table}.company = %(company)s or {table}.company is null or {table}.company = '')"
		)
	amount = (
		f"sum({amount_column})" if amount_column and frappe.db.has_column(doctype, amount_column) else "0"
	)
	count, total = frappe.db.sql(
		f"""select count(*), coalesce({amount}, 0) from {table}
		where {conditions} and {table}.{date_column} >= %(from_date)s
			and {table}.{date_column} < date_add(%(to_date)s, interval 1 day)
			{reporting.permission_sql(doctype)}""",
		filters,
	)[0]
	return int(count), float(total)


def summary_figures(doctype: str, filters: frappe._dict) -> tuple[int, float] | None:
	"""(count, amount) from the daily and monthly customer summaries (superseded quotations out),
	None when the user's permissions need the documents themselves."""
	rows = summary.rows(
		summary.CUSTOMER,
		doctype,
		{"documents": "sum(document_count)", "amount": "sum(base_net_amount)"},
		{"company": filters.company, "from_date": filters.from_date, "to_date": filters.to_date},
		[],
		by_month=True,
	)
	if rows is None:
		return None
	return (int(rows[0].documents), float(rows[0].amount)) if rows else (0, 0.0)


def get_columns() -> list[dict]:
	return [
		{"label": _("Stage"), "fieldname": "stage", "fieldtype": "Data", "width": 160},
		{"label": _("Number of Documents"), "fieldname": "count", "fieldtype": "Int", "width": 140},
		{"label": _("Amount"), "fieldname": "amount", "fieldtype": "Currency", "width": 140},
		{
			"label": _("Conversion from Previous Stage (%)"),
			"fieldname": "conversion",
			"fieldtype": "Percent",
			"width": 200,
		},
	]
