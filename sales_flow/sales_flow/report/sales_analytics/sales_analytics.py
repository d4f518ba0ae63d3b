"""Sales Analytics: net amount or quantity sold per customer, customer group, item, item template (its
variants together), item group or territory and per week, month, quarter or year, from orders or
invoices (ERPNext's filter names)."""

from frappe import _

from sales_flow.analytics import reporting

DOC_TYPES = ("Sales Order", "Sales Invoice", "Quotation")
VALUE_QUANTITY = ("Value", "Quantity")


def execute(filters: dict | None = None):
	filters = reporting.report_filters(filters)
	doc_type = reporting.choice(filters, "doc_type", DOC_TYPES, "Sales Invoice")
	tree_type = reporting.choice(filters, "tree_type", tuple(reporting.TREE_TYPES), "Customer")
	range_ = reporting.choice(filters, "range", reporting.RANGES, "Monthly")
	value_quantity = reporting.choice(filters, "value_quantity", VALUE_QUANTITY, "Value")
	reporting.require_report_access(doc_type)

	measure = "value" if value_quantity == "Value" else "qty"
	rows = reporting.sales_by_period(doc_type, tree_type, range_, filters)
	table = reporting.pivot_by_period(rows, (measure,))
	data = reporting.entity_rows(tree_type, table, doc_type)
	starts = reporting.periods(filters.from_date, filters.to_date, range_)
	columns = get_columns(tree_type, starts, range_, "Currency" if measure == "value" else "Float")
	chart = reporting.period_chart(starts, range_, data, "", _(value_quantity))
	return columns, data, None, chart


def get_columns(tree_type: str, starts: list, range_: str, fieldtype: str) -> list[dict]:
	link = reporting.TREE_TYPES[tree_type][2]
	columns = [
		{"label": _(tree_type), "fieldname": "entity", "fieldtype": "Link", "options": link, "width": 180}
	]
	if tree_type in ("Customer", "Item", "Item Template"):
		columns.append({"label": _("Name"), "fieldname": "entity_name", "fieldtype": "Data", "width": 180})
	columns += reporting.period_columns(starts, range_, fieldtype)
	columns.append({"label": _("Total"), "fieldname": "total", "fieldtype": fieldtype, "width": 130})
	return columns
