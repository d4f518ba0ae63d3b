"""Keeping the summaries up to date: a submitted document adds its figures, a cancelled one subtracts
them (an amendment then adds its own), one INSERT ... SELECT ... ON DUPLICATE KEY UPDATE per table;
`rebuild()` recomputes both tables from the submitted documents."""

import frappe

from sales_flow.analytics.summary.tables import CUSTOMER, DOCTYPES, ITEM, MONTHLY, key_sql, source

TABLES = (CUSTOMER, ITEM, MONTHLY[CUSTOMER], MONTHLY[ITEM])
_migrated: set[str] = set()  # sites whose summary tables exist (the process remembers, no query)


def add_document(doc, method: str | None = None) -> None:
	"""doc_events on_submit of Quotation, Sales Order and Sales Invoice."""
	if not summaries_exist():
		return
	for table in TABLES:
		write(table, doc.doctype, 1, f"`tab{doc.doctype}`.name = %(name)s", {"name": doc.name})


def subtract_document(doc, method: str | None = None) -> None:
	"""doc_events on_cancel: the same figures taken back; the document's rows left at zero go."""
	if not summaries_exist():
		return
	where, values = f"`tab{doc.doctype}`.name = %(name)s", {"name": doc.name}
	for table in TABLES:
		write(table, doc.doctype, -1, where, values)
		src = source(table, doc.doctype)
		frappe.db.sql(  # by key: the rows this document wrote, not a scan of its day
			f"""delete s from `tab{table}` s join (
				select {key_sql(list(src.grain.values()))} as row_key from {src.tables}
				where {where} {src.conditions} group by {src.group_by}
			) g on g.row_key = s.name
			where s.`{src.count}` = 0""",
			values,
		)


def summaries_exist() -> bool:
	"""A site not migrated since the summaries came has no tables yet: its documents still submit
	(`rebuild()` after the migrate counts them)."""
	if frappe.local.site not in _migrated and all(frappe.db.table_exists(table) for table in TABLES):
		_migrated.add(frappe.local.site)
	return frappe.local.site in _migrated


def write(table: str, doctype: str, sign: int, where: str, values: dict) -> None:
	"""Add (sign 1) or subtract (-1) the grouped figures of the documents matching `where`."""
	src = source(table, doctype)
	grain = ", ".join(f"{sql} as `{column}`" for column, sql in src.grain.items())
	measures = ", ".join(f"{sign} * {sql} as `{column}`" for column, sql in src.measures.items())
	columns = ", ".join(f"`{column}`" for column in src.columns)
	updates = ", ".join(
		f"`tab{table}`.`{column}` = `tab{table}`.`{column}` + values(`{column}`)" for column in src.measures
	)
	# ordered by key: two documents written at once lock their common rows in the same order
	frappe.db.sql(
		f"""insert into `tab{table}` (name, creation, modified, owner, modified_by, docstatus, idx, {columns})
		select {key_sql([f"g.`{column}`" for column in src.grain])} as row_key, now(6), now(6),
			'Administrator', 'Administrator', 0, 0, {columns}
		from (
			select {grain}, {measures} from {src.tables}
			where {where} {src.conditions}
			group by {src.group_by}
		) g
		order by row_key
		on duplicate key update {updates}""",
		values,
	)


def rebuild(company: str | None = None) -> None:
	"""The summaries recomputed from every submitted document (of one company, or all), in
	set-based SQL: `bench --site SITE execute sales_flow.analytics.summary.rebuild`. The daily
	tables from the documents, the monthly ones from the daily (ten times fewer rows to read)."""
	values = {"company": company}
	for table in TABLES:
		if company:
			frappe.db.sql(f"delete from `tab{table}` where company = %(company)s", values)
		else:
			frappe.db.sql(f"delete from `tab{table}`")
	for daily, monthly in MONTHLY.items():
		for doctype in DOCTYPES:
			where = f"`tab{doctype}`.docstatus = 1" + (
				f" and `tab{doctype}`.company = %(company)s" if company else ""
			)
			write(daily, doctype, 1, where, values)
		months_from_days(daily, monthly, " and company = %(company)s" if company else "", values)


def months_from_days(daily: str, monthly: str, where: str, values: dict) -> None:
	src = source(daily, DOCTYPES[0])
	grain = [f"`{column}`" for column in src.grain if column != "posting_date"]
	month = "makedate(year(posting_date), 1) + interval (month(posting_date) - 1) month"
	columns = ", ".join([*grain, "posting_date", *(f"`{column}`" for column in src.measures)])
	frappe.db.sql(
		f"""insert into `tab{monthly}` (name, creation, modified, owner, modified_by, docstatus, idx, {columns})
		select {key_sql([*grain[:2], "g.posting_date", *grain[2:]])}, now(6), now(6), 'Administrator',
			'Administrator', 0, 0, {columns}
		from (
			select {", ".join(grain)}, {month} as posting_date,
				{", ".join(f"sum(`{column}`) as `{column}`" for column in src.measures)}
			from `tab{daily}` where 1 = 1 {where}
			group by {", ".join(grain)}, {month}
		) g""",
		values,
	)
