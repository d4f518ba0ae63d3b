"""One value against its field: a number finite and within its column (a number sent as text
parsed), a whole number for Int, 0 or 1 for Check, a real date or time written the way the database
reads it, a text no longer than its column, a Select one of its options."""

import datetime
import math
import re
from decimal import Decimal

from frappe import _

from sales_flow.controllers.field_checks.fields import (
	ANY,
	CHECK,
	DATE,
	DATETIME,
	INTEGER,
	NUMBER,
	SELECT,
	TEXT,
	TIME,
	FieldSpec,
)
from sales_flow.controllers.field_checks.messages import invalid, shown

NUMBER_PATTERN = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
INTEGER_PATTERN = re.compile(r"^\s*[+-]?\d+\s*$")
DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATETIME_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?$")
TIME_PATTERN = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$")


def checked_value(spec: FieldSpec, value, label):
	"""`value` as it may be stored (a number sent as text parsed), or a clear error.

	`label` is called only to word an error: most values are fine, and labels cost translations."""
	if isinstance(value, list | dict | tuple | set) and spec.kind != ANY:
		invalid(_("{0} must be a single value, not a list or an object.").format(label()))
	if spec.kind == NUMBER:
		return checked_number(spec, value, label)
	if spec.kind == INTEGER:
		return checked_integer(spec, value, label)
	if spec.kind == CHECK:
		if value not in (0, 1, "0", "1"):
			invalid(_("{0}: {1} must be 0 or 1.").format(label(), shown(value)))
		return value
	if spec.kind in (DATE, DATETIME, TIME):
		check_date(spec, value, label)
		return value
	if spec.kind in (TEXT, SELECT):
		check_text(spec, value, label)
	return value


def checked_number(spec: FieldSpec, value, label) -> float | int:
	if isinstance(value, str) and NUMBER_PATTERN.match(value):
		number = float(value)
	elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
		number = value
	else:
		invalid(_("{0}: {1} is not a number.").format(label(), shown(value)))
	if not math.isfinite(number):
		invalid(_("{0}: {1} is not a finite number.").format(label(), shown(value)))
	if spec.limit is not None and abs(number) > spec.limit:
		out_of_range(spec, value, label)
	return number if isinstance(value, str) else value


def checked_integer(spec: FieldSpec, value, label) -> int:
	if isinstance(value, str) and INTEGER_PATTERN.match(value):
		number = int(value)
	elif isinstance(value, int) and not isinstance(value, bool):
		number = value
	elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
		number = int(value)
	else:
		invalid(_("{0}: {1} is not a whole number.").format(label(), shown(value)))
	if abs(number) > spec.limit:
		out_of_range(spec, value, label)
	if spec.fieldname == "docstatus" and number not in (0, 1, 2):
		invalid(_("{0}: {1} is not one of the allowed values: {2}.").format(label(), shown(value), "0, 1, 2"))
	return value if isinstance(value, int) else number


def out_of_range(spec: FieldSpec, value, label) -> None:
	invalid(
		_("{0}: {1} is out of range: at most {2} in absolute value.").format(
			label(), shown(value), f"{spec.limit:,}".replace(",", " ")
		)
	)


def check_date(spec: FieldSpec, value, label) -> None:
	if spec.kind == TIME:
		if isinstance(value, datetime.time | datetime.timedelta) or is_time(value):
			return
		invalid(_("{0}: {1} is not a valid time (HH:MM:SS).").format(label(), shown(value)))
	if isinstance(value, datetime.date):  # a datetime is a date too
		if spec.kind == DATE or isinstance(value, datetime.datetime):
			return
	elif isinstance(value, str) and is_date(value, with_time=spec.kind == DATETIME):
		return
	if spec.kind == DATE:
		invalid(_("{0}: {1} is not a valid date (YYYY-MM-DD).").format(label(), shown(value)))
	invalid(_("{0}: {1} is not a valid date and time (YYYY-MM-DD HH:MM:SS).").format(label(), shown(value)))


def is_date(value: str, with_time: bool) -> bool:
	"""A real calendar date within MariaDB's range, written the way the database reads it."""
	match = DATETIME_PATTERN.match(value.strip()) if with_time else DATE_PATTERN.match(value.strip())
	if not match:
		return False
	try:
		day = datetime.date.fromisoformat(value.strip()[:10])
	except ValueError:
		return False
	time = match.group(2) if with_time else None
	return 1000 <= day.year and (time is None or is_time(time))


def is_time(value) -> bool:
	match = isinstance(value, str) and TIME_PATTERN.match(value.strip())
	if not match:
		return False
	hours, minutes, seconds = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
	return hours <= 838 and minutes < 60 and seconds < 60


def check_text(spec: FieldSpec, value, label) -> None:
	if isinstance(value, bool) or not isinstance(value, str | int):
		invalid(_("{0}: {1} is not text.").format(label(), shown(value)))
	if spec.kind == SELECT and spec.options and str(value) not in spec.options:
		invalid(
			_("{0}: {1} is not one of the allowed values: {2}.").format(
				label(), shown(value), ", ".join(sorted(spec.options))
			)
		)
	if spec.limit is None:
		return
	size = len(str(value).encode("utf-8")) if spec.limit_in_bytes else len(str(value))
	if size > spec.limit:
		if spec.limit_in_bytes:
			message = _("{0} is too long: {1} bytes, at most {2}.")
		else:
			message = _("{0} is too long: {1} characters, at most {2}.")
		invalid(message.format(label(), size, spec.limit))
