"""Keeping the summaries up to date: a submitted document adds its figures, a cancelled one subtracts
them (an amendment then adds its own), one INSERT ... SELECT ... ON DUPLICATE KEY UPDATE per table;
`rebuild()` recomputes both tables from the submitted documents.

Locks: a summary row is a counter that every document of its day, customer or item adds to, held
from the write until the commit. Rows are written by primary key, table after table and in key
order, so two transactions of one document each never deadlock on them: the second waits for the
first's commit. A transaction of several documents (a batch job) would lock the rows of one, then of
the next, in no global order, and deadlock with another such batch; within `deferred()` and in
background jobs the figures are therefore written when the transaction commits (Frappe's
before_commit, in the same transaction), all documents together in table and key order, and the
hot rows (an item's month) are held for the commit only."""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import frappe

from sales_flow.analytics.summary.tables import CUSTOMER, DOCTYPES, ITEM, MONTHLY, key_sql, source

TABLES = (CUSTOMER, ITEM, MONTHLY[CUSTOMER], MONTHLY[ITEM])
_migrated: set[str] = set()  # sites whose summary tables exist (the process remembers, no query)


def add_document(doc, method: str | None = None) -> None:
	"""doc_events on_submit of Quotation, Sales Order and Sales Invoice."""
	if not summaries_exist():
		return
	if deferring():
		defer(doc.doctype, doc.name, 1)
		return
	for table in TABLES:
		write(table, doc.doctype, 1, f"`tab{doc.doctype}`.name = %(name)s", {"name": doc.name})


def subtract_document(doc, method: str | None = None) -> None:
	"""doc_events on_cancel: the same figures taken back; the document's rows left at zero go."""
	if not summaries_exist():
		return
	if deferring():
		defer(doc.doctype, doc.name, -1)
		return
	subtract_documents(doc.doctype, [doc.name])


def subtract_documents(doctype: str, names: list[str]) -> None:
	"""Submitted documents' figures taken back at once, as their cancels would (also for clean-ups
	that delete test or benchmark documents in bulk)."""
	if not names or not summaries_exist():
		return
	where, values = f"`tab{doctype}`.name in %(names)s", {"names": tuple(names)}
	for table in TABLES:
		remove_zero_rows(table, doctype, write(table, doctype, -1, where, values))


def remove_zero_rows(table: str, doctype: str, keys: list[str]) -> None:
	"""The rows just subtracted from (their keys), deleted where nothing is left."""
	if keys:
		count = source(table, doctype).count
		frappe.db.sql(
			f"delete from `tab{table}` where name in %(keys)s and `{count}` = 0", {"keys": tuple(keys)}
		)


# --- written at the commit --------------------------------------------------------------------------


@contextmanager
def deferred() -> Iterator[None]:
	"""Within: the figures of the documents submitted or cancelled are written at each commit and
	when the block ends, all together, in table and key order (see the module's docstring)."""
	previous = frappe.flags.sales_summary_deferred
	frappe.flags.sales_summary_deferred = True
	try:
		yield
	finally:
		frappe.flags.sales_summary_deferred = previous
	write_pending()


def deferring() -> bool:
	"""In a `deferred()` block, or in a background job (Frappe commits at its end)."""
	return bool(frappe.flags.sales_summary_deferred or getattr(frappe.local, "job", None))


def defer(doctype: str, name: str, sign: int) -> None:
	"""The document noted, with the first sign seen (1: submitted in this transaction, -1: cancelled)."""
	pending = getattr(frappe.local, "sales_summary_pending", None)
	if pending is None:
		pending = frappe.local.sales_summary_pending = {}
		frappe.db.before_commit.add(write_pending)
		frappe.db.after_rollback.add(forget_pending)
	pending.setdefault((doctype, name), sign)


def forget_pending() -> None:
	frappe.local.sales_summary_pending = None


def write_pending() -> None:
	"""The noted documents' figures, one statement per table, document type and sign: every
	transaction takes the rows in the order (table, document type, sign, key)."""
	pending = getattr(frappe.local, "sales_summary_pending", None)
	forget_pending()
	if not pending:
		return
	changes = sorted(net_changes(pending).items())
	for table in TABLES:
		for (doctype, sign), names in changes:
			where, values = f"`tab{doctype}`.name in %(names)s", {"names": tuple(names)}
			keys = write(table, doctype, sign, where, values)
			if sign < 0:
				remove_zero_rows(table, doctype, keys)


def net_changes(pending: dict[tuple[str, str], int]) -> dict[tuple[str, int], list[str]]:
	"""(doctype, sign) -> the documents, from their state now: one submitted here adds its figures if
	it still is submitted, one cancelled here subtracts them if it still is cancelled (a savepoint
	rolled back may have undone either); submitted and cancelled here: nothing."""
	first_signs: dict[str, dict[str, int]] = defaultdict(dict)
	for (doctype, name), sign in pending.items():
		first_signs[doctype][name] = sign
	changes: dict[tuple[str, int], list[str]] = defaultdict(list)
	for doctype, signs in first_signs.items():
		docstatus = dict(
			frappe.db.sql(
				f"select name, docstatus from `tab{doctype}` where name in %(names)s",
				{"names": tuple(signs)},
			)
		)
		for name in sorted(signs):
			sign = (docstatus.get(name) == 1) - (signs[name] < 0)
			if sign:
				changes[(doctype, sign)].append(name)
	return changes


def summaries_exist() -> bool:
	"""A site not migrated since the summaries came has no tables yet: its documents still submit
	(`rebuild()` after the migrate counts them)."""
	if frappe.local.site not in _migrated and all(frappe.db.table_exists(table) for table in TABLES):
		_migrated.add(frappe.local.site)
	return frappe.local.site in _migrated


def write(table: str, doctype: str, sign: int, where: str, values: dict) -> list[str]:
	"""Add (sign 1) or subtract (-1) the grouped figures of the documents matching `where`.

	Read first, then written by key: the read is a consistent one, which locks nothing, where an
	INSERT ... SELECT share-locks every row it scans, other transactions' uncommitted documents too
	(a submit then waited for another user's commit). Returns the keys of the rows written."""
	src = source(table, doctype)
	rows = frappe.db.sql(
		f"""select {key_sql([f"g.`{column}`" for column in src.grain])} as row_key, g.*
		from ({grouped_select(src, sign)} where {where} {src.conditions} group by {src.group_by}) g
		order by row_key""",
		values,
		as_list=True,
	)
	if rows:
		upsert(table, src, rows)
	return [row[0] for row in rows]


def grouped_select(src, sign: int) -> str:
	grain = ", ".join(f"{sql} as `{column}`" for column, sql in src.grain.items())
	measures = ", ".join(f"{sign} * {sql} as `{column}`" for column, sql in src.measures.items())
	return f"select {grain}, {measures} from {src.tables}"


def upsert(table: str, src, rows: list[list]) -> None:
	"""The rows (key, grain..., measures...) added to the summary, in the order given (key order: two
	documents written at once lock their common rows in the same order)."""
	columns = ", ".join(f"`{column}`" for column in src.columns)
	updates = ", ".join(
		f"`tab{table}`.`{column}` = `tab{table}`.`{column}` + values(`{column}`)" for column in src.measures
	)
	row = "(%s, now(6), now(6), 'Administrator', 'Administrator', 0, 0, {})".format(
		", ".join(["%s"] * len(src.columns))
	)
	frappe.db.sql(
		f"""insert into `tab{table}` (name, creation, modified, owner, modified_by, docstatus, idx, {columns})
		values {", ".join([row] * len(rows))}
		on duplicate key update {updates}""",
		[value for values in rows for value in values],
	)


def insert_select(table: str, doctype: str, where: str, values: dict) -> None:
	"""The rebuild's set-based write: every submitted document at once, nothing to wait for."""
	src = source(table, doctype)
	columns = ", ".join(f"`{column}`" for column in src.columns)
	frappe.db.sql(
		f"""insert into `tab{table}` (name, creation, modified, owner, modified_by, docstatus, idx, {columns})
		select {key_sql([f"g.`{column}`" for column in src.grain])}, now(6), now(6),
			'Administrator', 'Administrator', 0, 0, {columns}
		from ({grouped_select(src, 1)} where {where} {src.conditions} group by {src.group_by}) g""",
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
			insert_select(daily, doctype, where, values)
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
