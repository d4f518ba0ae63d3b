"""The common case decided in one pass of comparisons: a row whose every value is plainly valid
for its field (an int or float within its column, a text short enough, an option of its Select, a
Check of 0 or 1, an empty value) needs no other check; a row holding any other value is checked
value by value by `values.checked_value` as before, which accepts it or words the error. A 100-line
document holds some 13,000 values, nearly all of them plain, and a call for each took most of the
checks' time.

Each test below accepts only values `checked_value` accepts and would return unchanged, so the
outcome is the same: a bool, a number sent as text, NaN, an infinity, a float in an Int field, a
date and any value of an unusual type take the full check of their row.
"""

import datetime
import sys
from dataclasses import dataclass

from frappe.model.docstatus import DocStatus
from frappe.model.meta import Meta

from sales_flow.controllers.field_checks.fields import (
	CHECK,
	DATE,
	DATETIME,
	INTEGER,
	NUMBER,
	SELECT,
	TEXT,
	TIME,
	FieldSpec,
	field_specs,
)
from sales_flow.controllers.field_checks.values import is_date, is_time

# a column without a declared size still holds no infinity (NaN fails every comparison)
LARGEST_FLOAT = sys.float_info.max
# utf-8 writes a character in at most 4 bytes: a text of n characters fits n * 4 bytes
MAX_BYTES_PER_CHARACTER = 4


@dataclass(frozen=True)
class CheckPlan:
	"""The fields of a DocType grouped by their plain test, (fieldname, limit[, options]) each."""

	numbers: tuple[tuple[str, float], ...]  # an int or a float within the limit (decimal columns)
	integers: tuple[tuple[str, float], ...]  # an int within the limit (Int, Long Int, idx)
	texts: tuple[tuple[str, float], ...]  # a str of at most `limit` characters
	selects: tuple[tuple[str, float, frozenset[str]], ...]  # a str among the options
	checks: tuple[str, ...]  # the int 0 or 1
	dates: tuple[tuple[str, str], ...]  # (fieldname, kind): a date, datetime or time, or its text
	others: tuple[str, ...]  # JSON and the like: plain only when empty


def check_plan(meta: Meta) -> CheckPlan:
	"""The plan of `meta`'s field specs, kept on the meta object beside them."""
	specs = field_specs(meta)
	cached = meta.__dict__.get("_sales_flow_check_plan")
	if cached is None or cached[0] is not specs:
		cached = meta.__dict__["_sales_flow_check_plan"] = (specs, make_plan(specs))
	return cached[1]


def make_plan(specs: tuple[FieldSpec, ...]) -> CheckPlan:
	groups = {key: [] for key in ("numbers", "integers", "texts", "selects", "checks", "dates", "others")}
	for spec in specs:
		limit = LARGEST_FLOAT if spec.limit is None else spec.limit
		if spec.kind == NUMBER:
			groups["numbers"].append((spec.fieldname, limit))
		elif spec.kind == INTEGER and spec.fieldname != "docstatus":
			groups["integers"].append((spec.fieldname, limit))
		elif spec.kind == TEXT or (spec.kind == SELECT and not spec.options):
			groups["texts"].append((spec.fieldname, characters_allowed(spec)))
		elif spec.kind == SELECT:
			groups["selects"].append((spec.fieldname, characters_allowed(spec), spec.options))
		elif spec.kind == CHECK:
			groups["checks"].append(spec.fieldname)
		elif spec.kind in (DATE, DATETIME, TIME):
			groups["dates"].append((spec.fieldname, spec.kind))
		elif spec.fieldname != "docstatus":  # tested in numbers_are_plain
			groups["others"].append(spec.fieldname)
	return CheckPlan(**{group: tuple(fields) for group, fields in groups.items()})


def characters_allowed(spec: FieldSpec) -> float:
	"""The length a str may have and surely fit (a longer one is measured by the full check)."""
	if spec.limit is None:
		return float("inf")
	if spec.limit_in_bytes:
		return spec.limit // MAX_BYTES_PER_CHARACTER
	return spec.limit


def is_plain_row(values: dict, plan: CheckPlan) -> bool:
	"""Every value of a row (its __dict__) plainly valid, or empty."""
	return numbers_are_plain(values, plan) and texts_are_plain(values, plan) and dates_are_plain(values, plan)


def numbers_are_plain(values: dict, plan: CheckPlan) -> bool:
	get = values.get
	docstatus = get("docstatus")
	if docstatus.__class__ is DocStatus or docstatus.__class__ is int:  # Frappe sets a DocStatus
		if not 0 <= docstatus <= 2:
			return False
	elif docstatus is not None and docstatus != "":
		return False
	for fieldname, limit in plan.numbers:
		value = get(fieldname)
		kind = value.__class__
		if kind is float or kind is int:
			if not -limit <= value <= limit:
				return False
		elif value is not None and value != "":
			return False
	for fieldname, limit in plan.integers:
		value = get(fieldname)
		if value.__class__ is int:
			if not -limit <= value <= limit:
				return False
		elif value is not None and value != "":
			return False
	return True


def texts_are_plain(values: dict, plan: CheckPlan) -> bool:
	get = values.get
	for fieldname, limit in plan.texts:
		value = get(fieldname)
		if value.__class__ is str:
			if len(value) > limit:
				return False
		elif value is not None:
			return False
	for fieldname, limit, options in plan.selects:
		value = get(fieldname)
		if value.__class__ is str:
			if value and (value not in options or len(value) > limit):
				return False
		elif value is not None:
			return False
	for fieldname in plan.checks:
		value = get(fieldname)
		if value.__class__ is int:
			if value != 0 and value != 1:
				return False
		elif value is not None and value != "":
			return False
	return True


def dates_are_plain(values: dict, plan: CheckPlan) -> bool:
	get = values.get
	for fieldname, kind in plan.dates:
		value = get(fieldname)
		if value is None or value == "" or is_plain_date(kind, value):
			continue
		return False
	return all(get(fieldname) in (None, "") for fieldname in plan.others)


def is_plain_date(kind: str, value) -> bool:
	"""What `values.check_date` accepts."""
	if kind == TIME:
		return value.__class__ in (datetime.time, datetime.timedelta) or is_time(value)
	if value.__class__ is str:
		return is_date(value, with_time=kind == DATETIME)
	return value.__class__ is datetime.datetime or (kind == DATE and value.__class__ is datetime.date)
