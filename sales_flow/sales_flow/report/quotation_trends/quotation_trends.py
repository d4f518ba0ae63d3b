"""Quotation Trends: quantity and net amount quoted per customer, group, item or territory and per
period, from the submitted quotations (alternatives left out)."""

from frappe import _

from sales_flow.analytics import reporting


def execute(filters: dict | None = None):
	filters = reporting.report_filters(filters)
	based_on = reporting.choice(filters, "based_on", tuple(reporting.TREE_TYPES), "Customer")
	range_ = reporting.choice(filters, "period", reporting.RANGES, "Monthly")
	reporting.require_report_access("Quotation")

	rows = reporting.sales_by_period("Quotation", based_on, range_, filters)
	table = reporting.pivot_by_period(rows, ("qty", "value"))
	data = reporting.entity_rows(based_on, table, "Quotation")
	starts = reporting.periods(filters.from_date, filters.to_date, range_)
	chart = reporting.period_chart(starts, range_, data, "_value", _("Quoted Amount"))
	return get_columns(based_on, starts, range_), data, None, chart


def get_columns(based_on: str, starts: list, range_: str) -> list[dict]:
	link = reporting.TREE_TYPES[based_on][2]
	columns = [
		{"label": _(based_on), "fieldname": "entity", "fieldtype": "Link", "options": link, "width": 180}
	]
	if based_on in ("Customer", "Item"):
		columns.append({"label": _("Name"), "fieldname": "entity_name", "fieldtype": "Data", "width": 180})
	for start in starts:
		label, key = reporting.period_label(start, range_), reporting.period_key(start)
		columns.append(
			{
				"label": _("{0} (Qty)").format(label),
				"fieldname": key + "_qty",
				"fieldtype": "Float",
				"width": 110,
			}
		)
		columns.append(
			{
				"label": _("{0} (Amt)").format(label),
				"fieldname": key + "_value",
				"fieldtype": "Currency",
				"width": 120,
			}
		)
	columns.append({"label": _("Total (Qty)"), "fieldname": "total_qty", "fieldtype": "Float", "width": 110})
	columns.append(
		{"label": _("Total (Amt)"), "fieldname": "total_value", "fieldtype": "Currency", "width": 130}
	)
	return columns
