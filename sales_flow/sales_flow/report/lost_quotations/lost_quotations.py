"""Lost Quotations: the quotations set as lost, per reason and per period of their date (count and
amount excluding VAT in the company's currency). A quotation lost for two reasons counts under each;
the summary counts it once."""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.analytics.reporting import bar_chart, checked_period_filters

PERIODS = {
	"Monthly": "date_format(q.transaction_date, '%%Y-%%m')",
	"Quarterly": "concat(year(q.transaction_date), '-Q', quarter(q.transaction_date))",
	"Yearly": "cast(year(q.transaction_date) as char)",
}


def execute(filters: dict | None = None):
	filters = checked_filters(filters)
	rows = lost_by_reason_and_period(filters)
	return columns(), rows, None, chart(rows), summary(filters)


def checked_filters(filters: dict | None) -> frappe._dict:
	filters = checked_period_filters(filters)
	filters.period = filters.period or "Monthly"
	if filters.period not in PERIODS:
		frappe.throw(_("Unknown period: {0}").format(filters.period))
	return filters


def lost_conditions(filters) -> str:
	condition = """q.docstatus = 1 and q.status = 'Lost' and q.company = %(company)s
		and q.transaction_date between %(from_date)s and %(to_date)s"""
	if filters.get("lost_reason"):
		condition += """ and exists (select 1 from `tabQuotation Lost Reason Detail` r
			where r.parent = q.name and r.parenttype = 'Quotation' and r.lost_reason = %(lost_reason)s)"""
	return condition


def lost_by_reason_and_period(filters) -> list[dict]:
	reason_filter = " and d.lost_reason = %(lost_reason)s" if filters.get("lost_reason") else ""
	return frappe.db.sql(
		f"""select d.lost_reason, {PERIODS[filters.period]} as period,
			count(distinct q.name) as quotations, sum(q.base_net_total) as amount
		from `tabQuotation` q
		join `tabQuotation Lost Reason Detail` d
			on d.parent = q.name and d.parenttype = 'Quotation' and d.parentfield = 'lost_reasons'
		where {lost_conditions(filters)}{reason_filter}
		group by d.lost_reason, period
		order by period, d.lost_reason""",
		filters,
		as_dict=True,
	)


def columns() -> list[dict]:
	return [
		{
			"label": _("Quotation Lost Reason"),
			"fieldname": "lost_reason",
			"fieldtype": "Link",
			"options": "Quotation Lost Reason",
			"width": 220,
		},
		{"label": _("Period"), "fieldname": "period", "fieldtype": "Data", "width": 110},
		{"label": _("Quotations"), "fieldname": "quotations", "fieldtype": "Int", "width": 110},
		{"label": _("Amount (excl. VAT)"), "fieldname": "amount", "fieldtype": "Currency", "width": 160},
	]


def chart(rows: list[dict]) -> dict:
	by_reason: dict[str, float] = {}
	for row in rows:
		by_reason[row.lost_reason] = flt(by_reason.get(row.lost_reason)) + flt(row.amount)
	return bar_chart(list(by_reason), _("Amount (excl. VAT)"), list(by_reason.values()), colors=["#e24c4c"])


def summary(filters) -> list[dict]:
	"""Each lost quotation once, whatever its number of reasons."""
	count, amount = frappe.db.sql(
		f"""select count(*), coalesce(sum(q.base_net_total), 0) from `tabQuotation` q
		where {lost_conditions(filters)}""",
		filters,
	)[0]
	return [
		{"label": _("Lost Quotations"), "value": count, "datatype": "Int", "indicator": "Red"},
		{"label": _("Amount (excl. VAT)"), "value": flt(amount), "datatype": "Currency"},
	]
