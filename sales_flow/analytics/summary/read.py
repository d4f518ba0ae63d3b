"""Reading a summary as a report does: `rows()` groups a summary table's rows of one document type,
company and date range, restricted by the user's permissions when the summary keeps the columns they
test, with the superseded quotations taken out."""

import re
from datetime import date

import frappe
from frappe.desk.reportview import build_match_conditions
from frappe.utils import add_days, add_months, get_first_day, getdate

from sales_flow.analytics.summary.tables import CUSTOMER, CUSTOMER_FIELD, DAILY, ITEM, MONTHLY, source

# the document columns a permission may test -> the summary column that keeps them
KEPT_FOR_PERMISSIONS = {
	CUSTOMER: lambda doctype: {
		"company": "company",
		CUSTOMER_FIELD[doctype]: "customer",
		"customer_group": "customer_group",
		"territory": "territory",
	},
	ITEM: lambda doctype: {"company": "company"},
}
COLUMN_REFERENCE = re.compile(r"`tab([^`]+)`\.`?(\w+)`?")


def rows(
	table: str,
	doctype: str,
	fields: dict[str, str],
	filters: dict,
	group_by: list[str],
	by_month: bool = False,
) -> list[frappe._dict] | None:
	"""`select fields from table where document_type = doctype and filters group by group_by`.

	fields: alias -> SQL over the summary's columns (aggregates for the measures: sum(qty)...);
	no group_by: one row of totals (none when nothing counts).
	filters: company (required), from_date and to_date on the day, any other summary column = value.
	by_month: the fields need no day finer than the month: the whole months of the range are read
	from the monthly table (posting_date is then the month's first day), the days around them from
	the daily one. Groups whose documents (lines) add up to none are left out, as a GROUP BY of the
	documents has none of them. None when the user's permissions on `doctype` test a column the
	summary does not keep: the caller then reads the documents themselves."""
	permissions = summary_permissions(table, doctype)
	if permissions is None:
		return None
	src = source(table, doctype)
	others = {key: value for key, value in filters.items() if key not in ("from_date", "to_date")}
	where, values = filter_sql(others, {column: f"s.`{column}`" for column in src.grain})
	values.update(
		doctype=doctype, from_date=getdate(filters["from_date"]), to_date=getdate(filters["to_date"])
	)
	parts = [(table, "s.posting_date between %(from_date)s and %(to_date)s")]
	months = whole_months(values["from_date"], values["to_date"]) if by_month else None
	if months:
		values.update(first_month=months[0], after_months=months[1])
		parts = [
			(MONTHLY[table], "s.posting_date >= %(first_month)s and s.posting_date < %(after_months)s"),
			(
				table,
				"""(s.posting_date >= %(from_date)s and s.posting_date < %(first_month)s
				or s.posting_date >= %(after_months)s and s.posting_date <= %(to_date)s)""",
			),
		]
	sources = [
		f"`tab{part}` s where s.document_type = %(doctype)s and {dates} {where} {permissions}"
		for part, dates in parts
	]
	columns = ", ".join(f"s.`{column}`" for column in src.columns)
	selects = [f"select {columns} from {part}" for part in sources]
	if doctype == "Quotation":  # its revision counts instead of it
		selects.append(superseded_sql(src, doctype, filters))
	# one table read directly (its index alone); several through a derived table
	rows_sql = f"({' union all '.join(selects)}) s" if len(selects) > 1 else sources[0]
	select = ", ".join(f"{sql} as `{alias}`" for alias, sql in fields.items())
	return frappe.db.sql(
		f"""select {select} from {rows_sql}
		{"group by " + ", ".join(f"`{alias}`" for alias in group_by) if group_by else ""}
		having sum(s.`{src.count}`) != 0""",
		values,
		as_dict=True,
	)


def by_month_source(table: str, doctype: str, filters: dict) -> tuple[str, dict]:
	"""The rows of a daily table for one document type, company and date range (filters:
	company, from_date, to_date), as a table aliased `s` for a query that needs no day finer than
	the month: the whole months from the monthly table (posting_date the month's first day), the
	days around them from the daily one. Returns (SQL, the values it adds to the query's)."""
	from_date, to_date = getdate(filters["from_date"]), getdate(filters["to_date"])
	months = whole_months(from_date, to_date)
	if not months:
		return f"`tab{table}` s", {}
	columns = ", ".join(f"`{column}`" for column in source(table, doctype).columns)
	rows = "document_type = %(by_month_doctype)s and company = %(by_month_company)s"
	return (
		f"""(select {columns} from `tab{MONTHLY[table]}`
			where {rows} and posting_date >= %(first_month)s and posting_date < %(after_months)s
		union all
		select {columns} from `tab{table}`
			where {rows} and (posting_date >= %(by_month_from)s and posting_date < %(first_month)s
				or posting_date >= %(after_months)s and posting_date <= %(by_month_to)s)) s""",
		{
			"by_month_doctype": doctype,
			"by_month_company": filters["company"],
			"by_month_from": from_date,
			"by_month_to": to_date,
			"first_month": months[0],
			"after_months": months[1],
		},
	)


def whole_months(from_date: date, to_date: date) -> tuple[date, date] | None:
	"""(first day of the first whole month of the range, first day after its last whole month)."""
	first = from_date if from_date.day == 1 else add_months(get_first_day(from_date), 1)
	after = add_days(to_date, 1)
	after = after if after.day == 1 else get_first_day(after)
	return (getdate(first), getdate(after)) if first < after else None


def filter_sql(filters: dict, columns: dict[str, str]) -> tuple[str, dict]:
	"""Conditions on the summary's columns (`columns`: column -> its SQL) and their values."""
	conditions, values = [], {}
	for key, value in filters.items():
		if key == "from_date":
			conditions.append(f"{columns['posting_date']} >= %(from_date)s")
		elif key == "to_date":
			conditions.append(f"{columns['posting_date']} <= %(to_date)s")
		elif key in columns:
			conditions.append(f"{columns[key]} = %(f_{key})s")
		else:
			raise ValueError(f"{key} is not a column of the summary")  # the caller's mistake, not a user's
		values[key if key in ("from_date", "to_date") else f"f_{key}"] = value
	return "".join(f" and {condition}" for condition in conditions), values


def superseded_sql(src, doctype: str, filters: dict) -> str:
	"""The superseded quotations' figures, negated, shaped as summary rows (few: status indexed)."""
	parent = f"`tab{doctype}`"
	where, _values = filter_sql(filters, src.grain)
	grain = ", ".join(f"{sql} as `{column}`" for column, sql in src.grain.items())
	measures = ", ".join(f"-{sql} as `{column}`" for column, sql in src.measures.items())
	permissions = build_match_conditions(doctype)
	return f"""select {grain}, {measures}
		from {src.tables}
		where {parent}.docstatus = 1 and {parent}.status = 'Superseded' {src.conditions} {where}
			{f"and ({permissions})" if permissions else ""}
		group by {src.group_by}"""


def summary_permissions(table: str, doctype: str) -> str | None:
	"""The user's match conditions on `doctype` rewritten on the summary's columns, "" when there
	are none, None when one tests something the summary does not keep (an owner, a subquery...)."""
	condition = build_match_conditions(doctype)
	if not condition:
		return ""
	kept = KEPT_FOR_PERMISSIONS[DAILY.get(table, table)](doctype)
	references = COLUMN_REFERENCE.findall(condition)
	if (
		"select" in condition.lower()
		or condition.count("`tab") != len(references)
		or any(ref_doctype != doctype or column not in kept for ref_doctype, column in references)
	):
		return None
	return " and ({})".format(COLUMN_REFERENCE.sub(lambda match: f"s.`{kept[match.group(2)]}`", condition))
