"""What the sales reports, number cards and charts share: access checks, the user's permissions as
SQL, filters, columns, periods and trees
(the indexes they read are indexes.py).

Every figure is one SQL aggregation over indexed columns; Python only reshapes the few grouped rows
that come back (periods into columns, tree groups rolled up), never loops over documents.
"""

from collections import defaultdict
from datetime import date, timedelta
from functools import lru_cache

import frappe
from frappe import _
from frappe.desk.reportview import build_match_conditions
from frappe.utils import add_months, flt, get_first_day, getdate, nowdate

from sales_flow.analytics import summary
from sales_flow.analytics.summary.tables import CUSTOMER_FIELD, DATE_FIELD

# DATE_FIELD, CUSTOMER_FIELD (where each sales document keeps its date and its customer) come from
# summary.tables and are read from here by the reports
RANGES = ("Weekly", "Monthly", "Quarterly", "Yearly")
# tree type -> (column, on the parent or the line, the DocType it links to, is a tree)
TREE_TYPES = {
	"Customer": ("customer", "parent", "Customer", False),
	"Customer Group": ("customer_group", "parent", "Customer Group", True),
	"Territory": ("territory", "parent", "Territory", True),
	"Item": ("item_code", "line", "Item", False),
	"Item Group": ("item_group", "line", "Item Group", True),
	# a variant counts under its template (an item that is none under itself)
	"Item Template": ("item_code", "template", "Item", False),
}


def require_report_access(*doctypes: str) -> None:
	"""A report reads these DocTypes: the user needs the Report right on each (Frappe checks only
	the report's ref_doctype, and only when it runs through the desk)."""
	for doctype in doctypes:
		if not frappe.has_permission(doctype, "report"):
			frappe.throw(
				_("You are not permitted to report on {0}").format(_(doctype)), frappe.PermissionError
			)


def permission_sql(doctype: str) -> str:
	"""The user's user permissions and permission query conditions on `doctype`, as an SQL
	condition on its full table name (empty for a user who sees everything)."""
	condition = build_match_conditions(doctype)
	return f" and ({condition})" if condition else ""


def table_has_column(doctype: str, column: str) -> bool:
	"""Other modules add DocTypes and fields: a card or report reading them answers without them."""
	return frappe.db.table_exists(doctype) and frappe.db.has_column(doctype, column)


def report_filters(filters: dict | None, default_months: int = 12) -> frappe._dict:
	"""The filters with a company and a date range, checked."""
	filters = frappe._dict(filters or {})
	filters.company = filters.get("company") or default_company()
	filters.to_date = getdate(filters.get("to_date") or nowdate())
	filters.from_date = getdate(filters.get("from_date") or add_months(filters.to_date, -default_months))
	if filters.from_date > filters.to_date:
		frappe.throw(_("From Date must be before To Date"))
	return filters


def checked_period_filters(filters: dict | None) -> frappe._dict:
	"""The filters of a report that needs a company and a date range given by the user (no default)."""
	filters = frappe._dict(filters or {})
	if not filters.company:
		frappe.throw(_("Choose a company."))
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Choose the period (from and to dates)."))
	if getdate(filters.from_date) > getdate(filters.to_date):
		frappe.throw(_("The from date is after the to date."))
	return filters


def default_company() -> str | None:
	return frappe.defaults.get_user_default("Company") or frappe.defaults.get_global_default("company")


def choice(filters: dict, key: str, allowed: tuple, default: str) -> str:
	value = filters.get(key) or default
	if value not in allowed:
		frappe.throw(_("{0} must be one of {1}").format(_(key), ", ".join(_(a) for a in allowed)))
	return value


def column(label: str, fieldname: str, fieldtype: str, width: int = 110, options: str | None = None) -> dict:
	"""A report column; `label` is the English source, translated here."""
	return {
		"label": _(label),
		"fieldname": fieldname,
		"fieldtype": fieldtype,
		"options": options,
		"width": width,
	}


def period_start_sql(column: str, range_: str) -> str:
	"""SQL giving the first day (a DATE) of the period a date falls in (weeks start on Monday)."""
	return {
		"Weekly": f"date_sub({column}, interval weekday({column}) day)",
		"Monthly": f"makedate(year({column}), 1) + interval (month({column}) - 1) month",
		"Quarterly": f"makedate(year({column}), 1) + interval (quarter({column}) - 1) quarter",
		"Yearly": f"makedate(year({column}), 1)",
	}[range_]


def period_start(day: date, range_: str) -> date:
	if range_ == "Weekly":
		return day - timedelta(days=day.weekday())
	if range_ == "Monthly":
		return get_first_day(day)
	if range_ == "Quarterly":
		return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
	return date(day.year, 1, 1)


def next_period(start: date, range_: str) -> date:
	if range_ == "Weekly":
		return start + timedelta(days=7)
	return getdate(add_months(start, {"Monthly": 1, "Quarterly": 3, "Yearly": 12}[range_]))


def periods(from_date: date, to_date: date, range_: str) -> list[date]:
	starts, start = [], period_start(getdate(from_date), range_)
	while start <= getdate(to_date):
		starts.append(start)
		start = next_period(start, range_)
	return starts


def period_label(start: date, range_: str) -> str:
	if range_ == "Weekly":
		return _("Week {0} {1}").format(start.isocalendar()[1], start.isocalendar()[0])
	if range_ == "Monthly":
		return start.strftime("%m/%Y")
	if range_ == "Quarterly":
		return _("Q{0} {1}").format((start.month - 1) // 3 + 1, start.year)
	return str(start.year)


@lru_cache(maxsize=1024)
def period_key(start: date | str) -> str:
	# a date from SQL as is: parsing 20,000 strings would cost more than the query; a report's
	# rows share a few dozen periods: each formatted once
	return "p_" + (start if isinstance(start, date) else getdate(start)).strftime("%Y_%m_%d")


def period_columns(starts: list[date], range_: str, fieldtype: str = "Currency", suffix: str = "") -> list:
	return [
		{
			"label": period_label(start, range_) + suffix,
			"fieldname": period_key(start) + suffix.strip().lower().replace(" ", "_"),
			"fieldtype": fieldtype,
			"width": 120,
		}
		for start in starts
	]


def roll_up_tree(doctype: str, values: dict[str, dict[str, float]]) -> list[frappe._dict]:
	"""Rows for every node of a tree DocType that has figures itself or below it, in tree order,
	each with its own figures plus its descendants' (`indent`, `parent` for the report tree).

	values: node -> {column: figure}. The tree is a master (a few hundred nodes at most)."""
	parent_field = "parent_" + frappe.scrub(doctype)
	nodes = frappe.db.sql(
		f"select name, `{parent_field}` as parent, lft, rgt from `tab{doctype}` order by lft", as_dict=True
	)
	totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
	by_name = {node.name: node for node in nodes}
	for name, figures in values.items():
		node = name
		while node:  # the node and each of its ancestors
			for column, figure in figures.items():
				totals[node][column] += flt(figure)
			node = by_name[node].parent if node in by_name else None
	rows, stack = [], []
	for node in nodes:
		while stack and stack[-1].rgt < node.lft:
			stack.pop()
		if node.name in totals:
			rows.append(
				frappe._dict(
					entity=node.name, parent=node.parent or "", indent=len(stack), **totals[node.name]
				)
			)
		stack.append(node)
	return rows


def percent(part: float, whole: float) -> float:
	return flt(100.0 * flt(part) / flt(whole), 2) if flt(whole) else 0.0


def sales_by_period(doctype: str, tree_type: str, range_: str, filters: frappe._dict) -> list[frappe._dict]:
	"""Quantity and net amount (company currency) of the submitted documents, grouped by the tree
	type's value and the period: (entity, period, qty, value) rows, read from the daily summaries
	(the documents themselves when the user's permissions need columns the summaries do not keep)."""
	rows = summary_by_period(doctype, tree_type, range_, filters)
	return rows if rows is not None else documents_by_period(doctype, tree_type, range_, filters)


def summary_by_period(
	doctype: str, tree_type: str, range_: str, filters: frappe._dict
) -> list[frappe._dict] | None:
	column, level, _link, _is_tree = TREE_TYPES[tree_type]
	table = summary.CUSTOMER if level == "parent" else summary.ITEM
	rows = summary.rows(
		table,
		doctype,
		{
			"entity": "item_code" if level == "template" else column,
			"period": period_start_sql("posting_date", range_),
			"qty": "sum(qty)",
			"value": "sum(base_net_amount)",
		},
		{"company": filters.company, "from_date": filters.from_date, "to_date": filters.to_date},
		["entity", "period"],
		by_month=range_ != "Weekly",
	)
	if rows and level == "template":  # a variant counts under its template
		templates = dict(
			frappe.db.sql(
				"select name, variant_of from `tabItem` where name in %(items)s and ifnull(variant_of, '') != ''",
				{"items": list({row.entity for row in rows})},
			)
		)
		for row in rows:
			row.entity = templates.get(row.entity, row.entity)
	return rows


def documents_by_period(
	doctype: str, tree_type: str, range_: str, filters: frappe._dict
) -> list[frappe._dict]:
	"""sales_by_period from the documents and their lines.

	Customer, group and territory are on the document: its totals are summed (alternatives and
	section rows are already out of them), from the covering index alone. Items and item groups
	need the lines (stock quantities)."""
	column, level, _link, _is_tree = TREE_TYPES[tree_type]
	if column == "customer":
		column = CUSTOMER_FIELD[doctype]
	parent = f"`tab{doctype}`"
	date_column = f"{parent}.{DATE_FIELD[doctype]}"
	conditions = ""
	if doctype == "Quotation":
		conditions += f" and {parent}.status != 'Superseded'"  # its revision is counted instead
	if level == "parent":
		entity, qty, value, source = (
			f"{parent}.{column}",
			f"{parent}.total_qty",
			f"{parent}.base_net_total",
			parent,
		)
	else:
		entity, qty, value = f"line.{column}", "line.stock_qty", "line.base_net_amount"
		# a Sales Invoice Item belongs to a Sales Invoice only: no parenttype test, the index covers
		source = f"{parent} join `tab{doctype} Item` line on line.parent = {parent}.name"
		if level == "template":
			entity = "coalesce(nullif(item.variant_of, ''), line.item_code)"
			source += " left join `tabItem` item on item.name = line.item_code"
		if table_has_column(f"{doctype} Item", "is_alternative"):
			conditions += " and line.is_alternative = 0"  # an alternative is not sold until chosen
	return frappe.db.sql(
		f"""select {entity} as entity, {period_start_sql(date_column, range_)} as period,
			sum({qty}) as qty, sum({value}) as value
		from {source}
		where {parent}.docstatus = 1 and {parent}.company = %(company)s
			and {date_column} between %(from_date)s and %(to_date)s
			{conditions} {permission_sql(doctype)}
		group by entity, period""",
		filters,
		as_dict=True,
	)


def pivot_by_period(rows: list[dict], measures: tuple[str, ...]) -> dict[str, dict[str, float]]:
	"""entity -> {period column (suffixed by measure when several): figure, total...}."""
	table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
	for row in rows:
		for measure in measures:
			suffix = f"_{measure}" if len(measures) > 1 else ""
			table[row.entity or ""][period_key(row.period) + suffix] += flt(row[measure])
			table[row.entity or ""]["total" + suffix] += flt(row[measure])
	return table


def entity_names(doctype: str, names: list[str], title_field: str) -> dict[str, str]:
	if not names:
		return {}
	return dict(
		frappe.db.sql(
			f"select name, `{title_field}` from `tab{doctype}` where name in %(names)s", {"names": names}
		)
	)


def entity_rows(tree_type: str, table: dict[str, dict[str, float]], doctype: str) -> list[frappe._dict]:
	"""One row per customer / item (with its name), or the group tree rolled up."""
	_column, _level, link, is_tree = TREE_TYPES[tree_type]
	if is_tree:
		return roll_up_tree(link, table)
	if tree_type == "Customer" and doctype == "Quotation":
		names = entity_names("Customer", list(table), "customer_name")
	else:
		names = entity_names(link, list(table), "customer_name" if link == "Customer" else "item_name")
	rows = [frappe._dict(entity=e, entity_name=names.get(e, e), **figures) for e, figures in table.items()]
	return sorted(rows, key=lambda r: -flt(r.get("total") or r.get("total_value")))


def bar_chart(labels: list, name: str, values: list, **options) -> dict:
	"""A report's bar chart of one dataset; `options` as Frappe's chart takes them (fieldtype, colors)."""
	return {
		"data": {"labels": labels, "datasets": [{"name": name, "values": values}]},
		"type": "bar",
		**options,
	}


def period_chart(starts: list[date], range_: str, rows: list[dict], key_suffix: str, label: str) -> dict:
	"""A line chart of the top-level rows' sum per period."""
	top = [r for r in rows if not r.get("indent")]
	return {
		"data": {
			"labels": [period_label(s, range_) for s in starts],
			"datasets": [
				{
					"name": label,
					"values": [sum(flt(r.get(period_key(s) + key_suffix)) for r in top) for s in starts],
				}
			],
		},
		"type": "line",
	}
