"""The arguments of a request against the method it calls: none it requires missing, a JSON array
body only for a method taking `data`, each JSON argument of the shape Frappe's method expects, a
choice one of its values."""

import inspect

import frappe
import frappe.handler
from frappe import _
from werkzeug.wrappers import Request

from sales_flow.overrides import frappe_arguments
from sales_flow.overrides.request.json_limits import (
	MAX_JSON_DEPTH,
	Label,
	RequestProblem,
	could_nest_too_deep,
	decoded_json,
	json_depth_exceeds,
	looks_like_json,
	must_be,
	nesting_problem,
	too_deep,
)

# the parameters a keyword argument fills
NAMED_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def missing_argument(request: Request) -> RequestProblem | None:
	"""A whitelisted method called without an argument it requires (for Frappe a TypeError: 500)."""
	if not (method := called_method(request)):
		return None
	for name, parameter in inspect.signature(method).parameters.items():
		required = parameter.default is inspect.Parameter.empty and parameter.kind in NAMED_KINDS
		if required and name not in frappe.local.form_dict:
			return RequestProblem(_("The argument {0} is missing.").format(name))
	return None


def called_method(request: Request):
	"""The whitelisted Python function an /api/method/ request calls, as Frappe finds it."""
	if not (path := frappe_arguments.method_called(request)):
		return None
	path = (frappe.get_hooks("override_whitelisted_methods", {}).get(path) or [path])[-1]
	messages = len(frappe.local.message_log)
	try:
		method = frappe.handler.get_attr(path)
	except Exception:
		# not a Python method (a server script, the login): Frappe answers it, without the message
		# ("App ... is not installed") that looking for it left
		del frappe.local.message_log[messages:]
		return None
	# run_doc_method is not whitelisted: Frappe's handler lets it through by name
	return method if method in frappe.whitelisted or method is frappe.handler.run_doc_method else None


def takes_a_list_body(request: Request) -> bool:
	"""Frappe passes a JSON array body as the argument `data`: only a method with a parameter `data`
	may get one (a method taking **kwargs would get a `data` it never reads, and answer as if called
	without arguments)."""
	if not (method := called_method(request)):
		return True  # no method of ours to judge by: Frappe answers
	data = inspect.signature(method).parameters.get("data")
	return data is not None and data.kind in NAMED_KINDS


def arguments_problem(arguments: dict, request: Request) -> RequestProblem | None:
	required = frappe_arguments.json_arguments(request)
	bracketed = frappe_arguments.bracketed_json_arguments(request)
	for name, value in arguments.items():
		types = required.get(name)
		if types is None and isinstance(value, str) and looks_like_json(value):
			types = bracketed.get(name)
		label = argument_label(name)
		if isinstance(value, str) and types:
			if not value.strip() and frappe_arguments.NONE in types:
				continue  # empty: no filters
			value, problem = decoded_json(value, label)
			if problem:
				return problem
		elif isinstance(value, str):
			# Frappe's methods try json.loads on many an argument and keep the text when it is not
			# JSON (a name may begin with "["), but nothing catches the RecursionError of JSON
			# nested 20,000 deep
			if could_nest_too_deep(value) and (problem := nesting_problem(value, label)):
				return problem
			continue
		elif json_depth_exceeds(value, MAX_JSON_DEPTH):
			return too_deep(label)
		if types and (problem := shape_problem(name, value, types, label)):
			return problem
	for name, values in frappe_arguments.choices(request).items():
		if name in arguments and arguments[name] not in values:
			label = _("The argument {0}").format(name)
			return RequestProblem(_("{0} must be one of: {1}.").format(label, ", ".join(values)))
	return None


def argument_label(name: str) -> Label:
	return Label(lambda: _("The argument {0}").format(name))


def shape_problem(name: str, value, types: tuple[type, ...], label: Label) -> RequestProblem | None:
	if not isinstance(value, types):
		return must_be(label, types)
	if types is frappe_arguments.FILTERS and not frappe_arguments.is_filter_list(value):
		return RequestProblem(
			_("{0} must be filters: {{field: value}} or a list of [field, operator, value].").format(label)
		)
	if name in ("doc", "docs"):
		for document in [value] if isinstance(value, dict) else value:
			if not isinstance(document, dict):
				return must_be(label, (list,), _("a JSON list of objects"))
			doctype = document.get("doctype")
			if not (isinstance(doctype, str) and frappe.db.exists("DocType", doctype)):
				return RequestProblem(
					_("DocType {0} does not exist.").format(doctype), frappe.DoesNotExistError
				)
	return None
