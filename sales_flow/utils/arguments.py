"""Checks on the arguments of whitelisted methods, in the user's language.

Frappe checks a whitelisted function's arguments against its type hints, but answers in English
("Argument 'name' should be of type 'str'..."), takes NaN, Infinity and 1e308 for numbers, and leaves
JSON, names and dates to the method: a malformed argument (typed by hand in an API call, or hostile)
ends in a 500, an English message or a wrong answer. `checked_arguments` makes the type check ours,
in French; the helpers below check what a type hint cannot say.
"""

import datetime
import functools
import inspect
import math
import types
import typing
from collections.abc import Callable

import frappe
from frappe import _

# Frappe's name columns are varchar(140)
MAX_NAME_LENGTH = 140
# a Small Text or Text column holds 65,535 bytes
MAX_TEXT_BYTES = 65_535
# a currency column (decimal(21,9)) holds 12 digits before the point; beyond 1e15 no figure of a
# sales document makes sense, and a float loses its cents
MAX_NUMBER = 1e15


def refuse(message: str, exception: type[Exception] = frappe.ValidationError) -> typing.NoReturn:
	frappe.throw(message, exception, title=_("Invalid Argument"))


# --- type hints ----------------------------------------------------------------------------------


def checked_arguments(fn: Callable) -> Callable:
	"""Under @frappe.whitelist(): each argument given is checked against `fn`'s type hints (numbers
	sent as text converted, as Frappe does), a missing one named, in the user's language. The
	wrapper shows Frappe no type hint, so that Frappe's own check (in English) finds nothing left."""
	signature = inspect.signature(fn)
	hints = {name: hint for name, hint in typing.get_type_hints(fn).items() if name != "return"}

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		# Frappe drops the unknown arguments of a function, not those of a document's method
		# (run_doc_method): one would end in a TypeError
		unknown = [name for name in kwargs if name not in signature.parameters]
		if unknown and not accepts_any_keyword(signature):
			refuse(_("Unknown argument: {0}").format(", ".join(map(str, unknown))[:MAX_NAME_LENGTH]))
		bound = signature.bind_partial(*args, **kwargs)
		for name, parameter in signature.parameters.items():
			if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD) or name == "self":
				continue
			value = bound.arguments.get(name)
			if value is None:
				if parameter.default is parameter.empty:
					refuse(_("The argument {0} is missing.").format(name))
				bound.arguments[name] = parameter.default  # null for an optional argument: its default
			elif name in hints:
				bound.arguments[name] = typed_value(name, value, hints[name])
		return fn(*bound.args, **bound.kwargs)

	wrapper.__annotations__ = {}
	return wrapper


def accepts_any_keyword(signature: inspect.Signature) -> bool:
	return any(p.kind == p.VAR_KEYWORD for p in signature.parameters.values())


def allowed_types(hint) -> tuple:
	if typing.get_origin(hint) in (typing.Union, types.UnionType):
		return typing.get_args(hint)
	return (typing.get_origin(hint) or hint,)


def typed_value(name: str, value, hint):
	"""`value` as one of the types `hint` allows, or a clear refusal."""
	allowed = allowed_types(hint)
	if any(kind is typing.Any or not isinstance(kind, type) for kind in allowed):
		return value
	if datetime.date in allowed and isinstance(value, str):
		return date_argument(value, name)
	for kind in allowed:
		converted = converted_to(kind, value)
		if converted is not None:
			if isinstance(converted, float | int) and not isinstance(converted, bool):
				return finite_number(converted, name)
			return converted
	expected = functools.reduce(
		lambda words, kind: _("{0} or {1}").format(words, kind),
		[type_words(kind) for kind in allowed if kind is not type(None)],
	)
	refuse(_("The argument {0} must be {1}, not {2}.").format(name, expected, type_words(type(value))))


def converted_to(kind: type, value):
	"""`value` as `kind` if it is one, or is a number or date written as text; None otherwise."""
	if kind is bool:
		return value if isinstance(value, bool) else None
	if isinstance(value, bool):
		return None  # not a number, whatever Python says
	if kind is float:
		return number_from(value)
	if kind is int:
		number = number_from(value)
		return int(number) if number is not None and math.isfinite(number) and number.is_integer() else None
	if kind is datetime.date and isinstance(value, str):
		return value if date_from(value) else None
	return value if isinstance(value, kind) else None


def number_from(value) -> float | None:
	if isinstance(value, int | float):
		return float(value)
	if isinstance(value, str):
		try:
			return float(value.strip().replace(",", "."))
		except ValueError:
			return None
	return None


def date_from(value: str) -> datetime.date | None:
	"""The date of an ISO text (YYYY-MM-DD, with a time or not), as the desk and the API send it."""
	try:
		return datetime.datetime.fromisoformat(value.strip()).date()
	except ValueError:
		return None


TYPE_WORDS = {
	str: "text",
	int: "a whole number",
	float: "a number",
	bool: "true or false",
	list: "a list",
	dict: "an object",
	datetime.date: "a date (YYYY-MM-DD)",
}


def type_words(kind: type) -> str:
	if kind not in TYPE_WORDS and issubclass(kind, int | float):
		kind = float
	return _(TYPE_WORDS.get(kind, kind.__name__))


# --- values --------------------------------------------------------------------------------------


def finite_number(value: float | int, argument: str) -> float | int:
	"""A number a sales document can hold: not NaN, not infinite, not beyond MAX_NUMBER."""
	if not math.isfinite(value):
		refuse(_("The argument {0} must be a number, not {1}.").format(argument, value))
	if abs(value) > MAX_NUMBER:
		refuse(
			_("The argument {0} is out of range: at most {1} in absolute value.").format(argument, "10^15")
		)
	return value


def date_argument(value, argument: str) -> str | datetime.date | None:
	"""A date as the desk sends it (YYYY-MM-DD), or None when none is given."""
	if value in (None, "") or isinstance(value, datetime.date):
		return value or None
	if not isinstance(value, str) or not date_from(value):
		refuse(_("The argument {0} must be a date (YYYY-MM-DD), not {1}.").format(argument, value))
	return value


def parse_json_argument(value, argument: str):
	"""`value` as sent: a JSON string is decoded, anything else is returned as it is."""
	if not isinstance(value, str):
		return value
	try:
		return frappe.parse_json(value)
	except RecursionError:
		refuse(_("{0} is nested too deeply.").format(argument))
	except ValueError:
		refuse(_("{0} must be valid JSON.").format(argument))


def json_argument(value, argument: str, expected: type[dict] | type[list]):
	"""A JSON object or list, sent as such or as its JSON text."""
	value = parse_json_argument(value, argument)
	if not isinstance(value, expected):
		kind = _("a JSON object") if expected is dict else _("a JSON list")
		refuse(_("{0} must be {1}.").format(argument, kind))
	return value


def name_argument(value, argument: str, doctype: str | None = None) -> str:
	"""The name of a record: text of a sane length, and when `doctype` is given, an existing one."""
	if not isinstance(value, str) or not value.strip():
		refuse(_("The argument {0} must be the name of a record.").format(argument))
	if len(value) > MAX_NAME_LENGTH:
		refuse(_("The argument {0} is too long: at most {1} characters.").format(argument, MAX_NAME_LENGTH))
	if doctype and not frappe.db.exists(doctype, value):
		frappe.throw(_("{0} {1} not found").format(_(doctype), value), frappe.DoesNotExistError)
	return value


def text_argument(value, argument: str, limit_bytes: int = MAX_TEXT_BYTES) -> str | None:
	"""Free text a user typed (a note, a reason), no longer than the column it is written to."""
	if value in (None, ""):
		return None
	if not isinstance(value, str):
		refuse(
			_("The argument {0} must be {1}, not {2}.").format(
				argument, type_words(str), type_words(type(value))
			)
		)
	size = len(value.encode("utf-8"))
	if size > limit_bytes:
		refuse(_("The argument {0} is too long: {1} bytes, at most {2}.").format(argument, size, limit_bytes))
	return value


def names_argument(value, argument: str) -> list[str]:
	"""A list of record names, sent as a list or as its JSON text."""
	names = json_argument(value, argument, list)
	for name in names:
		name_argument(name, argument)
	return names


def rows_argument(value, argument: str) -> list[dict]:
	"""A list of objects (rows), sent as a list or as its JSON text."""
	rows = json_argument(value, argument, list)
	if not all(isinstance(row, dict) for row in rows):
		refuse(_("{0} must be a list of rows.").format(argument))
	return rows


def check_doctype(doctype: str) -> str:
	"""The name of an existing DocType, before frappe.get_doc tries to import its controller."""
	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		frappe.throw(_("DocType {0} does not exist.").format(doctype), frappe.DoesNotExistError)
	return doctype


def document_argument(value, argument: str = "doc") -> dict:
	"""A document as the form sends it (an object or its JSON text), checked as far as
	frappe.get_doc needs: an existing DocType, each table a list of rows of its own DocType."""
	doc = json_argument(value, argument, dict)
	meta = frappe.get_meta(check_doctype(doc.get("doctype")))
	for table in meta.get_table_fields():
		rows = doc.get(table.fieldname)
		if rows is None:
			continue
		if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
			refuse(_("{0}: the table {1} must be a list of rows.").format(argument, _(table.label)))
		for row in rows:
			if row.get("doctype", table.options) != table.options:
				refuse(
					_("{0}: a row of the table {1} cannot be a {2}.").format(
						argument, _(table.label), row.get("doctype")
					)
				)
	return doc


def target_document_argument(value, doctype: str, argument: str = "target_doc") -> str | None:
	"""A mapper's target: the form's document of `doctype` the lines are added to (as JSON, which
	frappe.model.mapper.get_mapped_doc decodes), or None for a new one."""
	if value in (None, ""):
		return None
	doc = document_argument(value, argument)
	if doc["doctype"] != doctype:
		refuse(_("{0} must be a document of type {1}.").format(argument, _(doctype)))
	return frappe.as_json(doc)


def draft_from_form(doc: str | dict, argument: str = "doc"):
	"""The form's unsaved document, for a helper call: the user must be allowed to write it."""
	doc = frappe.get_doc(document_argument(doc, argument))
	if doc.is_new():
		frappe.has_permission(doc.doctype, "create", throw=True)
	else:
		doc.check_permission("write")
	return doc
