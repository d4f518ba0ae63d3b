"""Sales Analytics: net amount or quantity sold per customer, customer group, item, item group or
territory and per week, month, quarter or year, from orders or invoices (ERPNext's filter names)."""

from frappe import _

from sales_flow.engine import analytics

DOC_TYPES = ("Sales Order", "Sales Invoice", "Quotation")
VALUE_QUANTITY = ("Value", "Quantity")


def execute(filters: dict | None = None):
	filters = analytics.report_filters(filters)
	doc_type = analytics.choice(filters, "doc_type", DOC_TYPES, "Sales Invoice")
	tree_type = analytics.choice(filters, "tree_type", tuple(analytics.TREE_TYPES), "Customer")
	range_ = analytics.choice(filters, "range", analytics.RANGES, "Monthly")
	value_quantity = analytics.choice(filters, "value_quantity", VALUE_QUANTITY, "Value")
	analytics.require_report_access(doc_type)

	measure = "value" if value_quantity == "Value" else "qty"
	rows = analytics.sales_by_period(doc_type, tree_type, range_, filters)
	table = analytics.pivot_by_period(rows, (measure,))
	data = analytics.entity_rows(tree_type, table, doc_type)
	starts = analytics.periods(filters.from_date, filters.to_date, range_)
	columns = get_columns(tree_type, starts, range_, "Currency" if measure == "value" else "Float")
	chart = analytics.period_chart(starts, range_, data, "", _(value_quantity))
	return columns, data, None, chart


def get_columns(tree_type: str, starts: list, range_: str, fieldtype: str) -> list[dict]:
	link = analytics.TREE_TYPES[tree_type][2]
	columns = [
		{"label": _(tree_type), "fieldname": "entity", "fieldtype": "Link", "options": link, "width": 180}
	]
	if tree_type in ("Customer", "Item"):
		columns.append({"label": _("Name"), "fieldname": "entity_name", "fieldtype": "Data", "width": 180})
	columns += analytics.period_columns(starts, range_, fieldtype)
	columns.append({"label": _("Total"), "fieldname": "total", "fieldtype": fieldtype, "width": 130})
	return columns
