"""A JSON text of a request decoded within limits (at most MAX_JSON_DEPTH levels, walked without
recursion), and the problem a request is refused for (RequestProblem, a 400 unless it says
otherwise) worded."""

import json
from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe import _

from sales_flow.overrides import frappe_arguments

MAX_JSON_DEPTH = 64


class InvalidRequestBody(frappe.ValidationError):
	http_status_code = 400


@dataclass
class RequestProblem:
	message: str
	exception: type[frappe.ValidationError] = InvalidRequestBody


class Label:
	"""What a problem names ("The request body", "The argument filters"), put into words only when a
	problem is worded: most requests have none, and the first translation a request asks for loads
	the language's whole dictionary (half a millisecond of every REST write otherwise)."""

	__slots__ = ("words",)

	def __init__(self, words: Callable[[], str]) -> None:
		self.words = words

	def __str__(self) -> str:
		return self.words()


def looks_like_json(text: str) -> bool:
	return text.lstrip()[:1] in ("{", "[")


def could_nest_too_deep(text: str) -> bool:
	return text.count("[") + text.count("{") > MAX_JSON_DEPTH


def nesting_problem(text: str, label: Label) -> RequestProblem | None:
	try:
		value = json.loads(text)
	except RecursionError:
		return too_deep(label)
	except ValueError:
		return None  # a text, not JSON
	return too_deep(label) if json_depth_exceeds(value, MAX_JSON_DEPTH) else None


def decoded_json(text: str, label: Label) -> tuple[object, RequestProblem | None]:
	try:
		value = json.loads(text)
	except RecursionError:
		return None, too_deep(label)
	except ValueError as e:
		return None, not_json(label, e)
	if json_depth_exceeds(value, MAX_JSON_DEPTH):
		return None, too_deep(label)
	return value, None


def must_be(label: Label, types: tuple[type, ...], kind: str | None = None) -> RequestProblem:
	return RequestProblem(_("{0} must be {1}.").format(label, kind or frappe_arguments.kind_of(types)))


def not_json(what: Label, error: ValueError) -> RequestProblem:
	if isinstance(error, json.JSONDecodeError):
		return RequestProblem(
			_("{0} is not valid JSON (line {1}, column {2}).").format(what, error.lineno, error.colno)
		)
	return RequestProblem(_("{0} is not valid JSON.").format(what))


def too_deep(what: Label) -> RequestProblem:
	return RequestProblem(
		_("{0} is nested too deeply: at most {1} levels of JSON are accepted.").format(what, MAX_JSON_DEPTH)
	)


def json_depth_exceeds(value, limit: int) -> bool:
	"""Whether lists and objects nest deeper than `limit` (walked without recursion)."""
	pending = [(value, 1)]
	while pending:
		item, depth = pending.pop()
		if isinstance(item, dict):
			children = item.values()
		elif isinstance(item, list | tuple):
			children = item
		else:
			continue
		if depth > limit:
			return True
		pending.extend((child, depth + 1) for child in children)
	return False
