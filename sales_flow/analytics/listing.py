"""What the reports listing many rows share (80,000 invoices, 170,000 order lines): their own total
row, their rows read as one JSON array each, and sorting them in Python as MariaDB would.

Frappe reads a row of N columns cell by cell in Python (pymysql: a length, bytes, a decode and a
conversion per cell, about half a microsecond each), then sums every cell of the total row in a
Python loop: at 170,000 rows x 15 columns each costs about a second. Here MariaDB writes each row as
a JSON array that json.loads (C) reads at once, and the total row is summed by C loops.
"""

import gc
from contextlib import contextmanager
from datetime import date
from itertools import repeat
from json import dumps, loads
from math import fsum
from operator import itemgetter

import frappe
from frappe import _
from frappe.core.doctype.user_permission.user_permission import get_user_permissions


class TotalRow(list):
	"""A total row a report appends itself: Frappe's is not added then (sales_flow.overrides.report)."""


# the column types Frappe's add_total_row sums (a Percent is averaged), and those it leaves the
# "Total" label out of when they come first
SUMMED_TYPES = ("Currency", "Int", "Float", "Percent", "Duration")
UNLABELLED_TYPES = ("Currency", "Int", "Float", "Percent", "Date")


def with_total_row(columns: list[dict], rows: list) -> list:
	"""`rows` (dicts) and, after them, the total row Frappe's add_total_row would append (the desk
	drops it and sums the rows it shows; exports keep it), summed by C loops where Frappe's loops
	over every cell in Python (a third of the time of a report of 100,000 rows).

	Left to Frappe for a user with user permissions: Frappe may then drop rows after the report
	runs (a Link column the user may not see), and the total must be that of the rows kept."""
	if rows and not get_user_permissions():
		rows.append(total_row(columns, rows))
	return rows


def total_row(columns: list[dict], rows: list) -> TotalRow:
	row = TotalRow(column_total(column, rows) for column in columns)
	if columns[0]["fieldtype"] not in UNLABELLED_TYPES:
		row[0] = _("Total")
	return row


def column_total(column: dict, rows: list) -> float | str:
	"""A column's sum of its non-zero cells, blank without one; a percentage's average; blank for
	a column that is no figure or that asks for no total (a sum of ages)."""
	if column["fieldtype"] not in SUMMED_TYPES or column.get("disable_total"):
		return ""
	cell = itemgetter(column["fieldname"])
	if column["fieldtype"] == "Percent":
		return fsum(filter(None, map(cell, rows))) / len(rows)
	# any() stops at the first figure; no list of 170,000 cells is built
	return fsum(filter(None, map(cell, rows))) if any(map(cell, rows)) else ""


# the column types MariaDB reports for numbers (pymysql's FIELD_TYPE: DECIMAL, TINY, SHORT, LONG, FLOAT,
# DOUBLE, LONGLONG, INT24, YEAR, NEWDECIMAL): written into the JSON as they print, the rest quoted
NUMBER_TYPES = frozenset((0, 1, 2, 3, 4, 5, 8, 9, 13, 246))


def json_rows(select: dict[str, str], rest: str, values: dict, dates: tuple[str, ...] = ()) -> list:
	"""The rows of `select <expression> as <fieldname>, ... <rest>` (rest: from, where, group and order
	by), the values frappe.db.sql(as_dict=True) gives, each row read as one JSON array: MariaDB writes
	it, json.loads (C) reads it, NULLs and numbers included. A date comes as text: `dates` are parsed."""
	return as_rows(list(select), json_arrays(select, rest, values), dates)


def json_arrays(select: dict[str, str], rest: str, values: dict) -> list[list]:
	"""The rows of `select ... <rest>` as lists in the order of `select`, read as JSON arrays. Each
	array is written by concat(): MariaDB's json_array() spends 40 % more on each row, in converting
	its decimals. The columns' types, from a `limit 0` run of the query (no row read), say which
	cells are numbers written as they are and which are quoted (json_quote escapes them)."""
	frappe.db.sql(
		f"select {', '.join(f'{sql} as `{name}`' for name, sql in select.items())} {rest} limit 0", values
	)
	types = [column[1] for column in frappe.db.get_description()]
	cells = ", ',', ".join(
		f"coalesce({sql}, 'null')" if kind in NUMBER_TYPES else f"coalesce(json_quote({sql}), 'null')"
		for sql, kind in zip(select.values(), types, strict=True)
	)
	arrays = frappe.db.sql(f"select concat('[', {cells}, ']') {rest}", values)
	with collection_paused():
		# one json.loads of them all: json.loads of each row spends more in its Python wrapper than in C
		return loads("[" + ",".join(array for (array,) in arrays) + "]")


def as_rows(fieldnames: list[str], arrays: list[list], dates: tuple[str, ...] = ()) -> list:
	"""Rows of `fieldnames` from arrays (longer arrays: their extra cells dropped), dates parsed."""
	with collection_paused():
		rows = list(map(frappe._dict, map(zip, repeat(fieldnames), arrays)))
	for fieldname in dates:
		for row in rows:
			if row[fieldname]:
				row[fieldname] = date.fromisoformat(row[fieldname])
	return rows


def collation_ranks(texts: set[str]) -> dict[str, int]:
	"""Each text's rank in MariaDB's order of the site's text columns (utf8mb4_unicode_ci: case and
	accents aside, the same rank for texts it holds equal), for rows sorted in Python in the order an
	ORDER BY on the column gives."""
	ranked = frappe.db.sql(
		"""select text, dense_rank() over (order by text collate utf8mb4_unicode_ci)
		from json_table(%s, '$[*]' columns (text varchar(1000) character set utf8mb4 path '$')) texts""",
		dumps(sorted(texts)),
	)
	return dict(ranked)


@contextmanager
def collection_paused():
	"""Python's garbage collector paused while a report builds its rows: 170,000 new dicts set off
	collections that walk every row built so far (a sixth of the report's time), and free nothing."""
	was_enabled = gc.isenabled()
	gc.disable()
	try:
		yield
	finally:
		if was_enabled:
			gc.enable()
