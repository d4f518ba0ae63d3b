"""Every request's body and arguments checked before Frappe's methods use them, and every error
answer tidied.

Frappe decodes a JSON body itself (app.make_form_dict) before any hook runs, its methods json.loads
their `doc` / `docs` / `filters`... arguments and are called with whatever arguments came: a body
that is not UTF-8, not JSON, nested 20,000 deep, or a required argument missing, ends in a bare 500.
`check_request_body` (before_request) refuses these with a French 4xx naming the problem; when
Frappe's own decoding failed first, `tidy_error_response` (after_request) gives the same answer in
place of its 500.

`tidy_error_response` also keeps Python tracebacks for System Managers of a site in developer mode
(everybody else gets the message, never the code), gives a message to an error raised without one,
answers a locked login address with a French 429 (sales_flow.overrides.login) and shortens what an
error echoes back, so that a 1 MB value sent is not answered with 6 MB.
"""

import inspect
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

import frappe
import frappe.handler
from frappe import _
from frappe.translate import get_language
from werkzeug.wrappers import Request, Response

from sales_flow.overrides import frappe_arguments
from sales_flow.overrides.login import login_lockout_seconds

MAX_JSON_DEPTH = 64
# far above a 2,000-line document saved from the desk (every field of every line), far below
# what would tie a worker up; file uploads keep Frappe's own limit (max_file_size)
MAX_BODY_BYTES = 10 * 1024 * 1024

REQUIRED_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)

UPLOAD_PATHS = ("/api/method/upload_file", "/api/method/frappe.handler.upload_file")

TRACEBACK_KEYS = ("exc", "exception", "_exc_source", "_debug_messages")
TRACEBACK_MARK = "Traceback (most recent call last)"

# what an error message may echo: a run without spaces of at most LONG_RUN characters (a name, a
# value) and MAX_MESSAGE characters in all
LONG_RUN = 200
MAX_MESSAGE = 2000
LONG_RUN_PATTERN = re.compile(rf"\S{{{LONG_RUN + 1},}}")


class InvalidRequestBody(frappe.ValidationError):
	http_status_code = 400


class RequestBodyTooLarge(frappe.ValidationError):
	http_status_code = 413


@dataclass
class RequestProblem:
	message: str
	exception: type[frappe.ValidationError] = InvalidRequestBody


@dataclass
class ErrorAnswer:
	"""The answer given in place of Frappe's."""

	status: int
	message: str
	title: str
	exc_type: str
	headers: dict


def check_request_body() -> None:
	"""before_request: refuse a body or an argument that Frappe could only answer with a 500."""
	frappe.local.flags.sales_flow_body_checked = True
	if request_problem(frappe.request) or missing_argument(frappe.request):
		# a visitor's request is answered in English by Frappe (its language is read before the
		# session): theirs, or the site's
		frappe.local.lang = answer_language()
		problem = request_problem(frappe.request) or missing_argument(frappe.request)
		frappe.throw(problem.message, problem.exception, title=_("Invalid Request"))


def missing_argument(request: Request) -> RequestProblem | None:
	"""A whitelisted method called without an argument it requires (for Frappe a TypeError: 500)."""
	if not (method := called_method(request)):
		return None
	for name, parameter in inspect.signature(method).parameters.items():
		required = parameter.default is inspect.Parameter.empty and parameter.kind in REQUIRED_KINDS
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
	"""Frappe passes a JSON array body as the argument `data`: only a method taking it may get one."""
	if not (method := called_method(request)):
		return True  # no method of ours to judge by: Frappe answers
	parameters = inspect.signature(method).parameters.values()
	return any(p.name == "data" or p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters)


def request_problem(request: Request) -> RequestProblem | None:
	if request.path in UPLOAD_PATHS or request.mimetype == "multipart/form-data":
		return None
	if (request.content_length or 0) > MAX_BODY_BYTES:
		return too_large()
	body = request.get_data(cache=True)
	if len(body) > MAX_BODY_BYTES:
		return too_large()
	try:
		text = body.decode("utf-8")
		query = parse_qsl(request.query_string.decode("utf-8"), errors="strict")
	except UnicodeDecodeError:
		return RequestProblem(_("The request is not valid UTF-8 text."))
	if problem := arguments_problem(dict(query), request):
		return problem
	if request.mimetype == "application/x-www-form-urlencoded":
		try:
			return arguments_problem(dict(parse_qsl(text, errors="strict")), request)
		except UnicodeDecodeError:
			return RequestProblem(_("The request is not valid UTF-8 text."))
	if (request.is_json and text.strip()) or looks_like_json(text):
		return json_body_problem(text, request)
	return None


def looks_like_json(text: str) -> bool:
	return text.lstrip()[:1] in ("{", "[")


def too_large() -> RequestProblem:
	return RequestProblem(
		_("The request is too large: {0} MB at most.").format(MAX_BODY_BYTES // (1024 * 1024)),
		RequestBodyTooLarge,
	)


def json_body_problem(text: str, request: Request) -> RequestProblem | None:
	label = _("The request body")
	body, problem = decoded_json(text, label)
	if problem:
		return problem
	if frappe_arguments.is_rest_write(request):
		# the body is the document: its keys are fields, not arguments
		return None if isinstance(body, dict) else must_be(label, frappe_arguments.OBJECT)
	if isinstance(body, dict):
		return arguments_problem(body, request)
	if isinstance(body, list) and takes_a_list_body(request):
		return None
	return must_be(label, frappe_arguments.OBJECT)


def arguments_problem(arguments: dict, request: Request) -> RequestProblem | None:
	required = frappe_arguments.json_arguments(request)
	bracketed = frappe_arguments.bracketed_json_arguments(request)
	for name, value in arguments.items():
		types = required.get(name)
		if types is None and isinstance(value, str) and looks_like_json(value):
			types = bracketed.get(name)
		label = _("The argument {0}").format(name)
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


def could_nest_too_deep(text: str) -> bool:
	return text.count("[") + text.count("{") > MAX_JSON_DEPTH


def nesting_problem(text: str, label: str) -> RequestProblem | None:
	try:
		value = json.loads(text)
	except RecursionError:
		return too_deep(label)
	except ValueError:
		return None  # a text, not JSON
	return too_deep(label) if json_depth_exceeds(value, MAX_JSON_DEPTH) else None


def decoded_json(text: str, label: str) -> tuple[object, RequestProblem | None]:
	try:
		value = json.loads(text)
	except RecursionError:
		return None, too_deep(label)
	except ValueError as e:
		return None, not_json(label, e)
	if json_depth_exceeds(value, MAX_JSON_DEPTH):
		return None, too_deep(label)
	return value, None


def shape_problem(name: str, value, types: tuple[type, ...], label: str) -> RequestProblem | None:
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


def must_be(label: str, types: tuple[type, ...], kind: str | None = None) -> RequestProblem:
	return RequestProblem(_("{0} must be {1}.").format(label, kind or frappe_arguments.kind_of(types)))


def not_json(what: str, error: ValueError) -> RequestProblem:
	if isinstance(error, json.JSONDecodeError):
		return RequestProblem(
			_("{0} is not valid JSON (line {1}, column {2}).").format(what, error.lineno, error.colno)
		)
	return RequestProblem(_("{0} is not valid JSON.").format(what))


def too_deep(what: str) -> RequestProblem:
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


def tidy_error_response(response: Response | None, request: Request) -> None:
	"""after_request: an error answer in French, without traceback, of a sane size."""
	if response is None or response.status_code < 400 or response.direct_passthrough:
		return
	if response.mimetype == "text/html":
		if response.status_code >= 500 and not may_see_tracebacks():
			drop_html_traceback(response)
		return
	if response.mimetype != "application/json":
		return
	if replacement := replacement_answer(response, request):
		response.status_code = replacement.status
		response.headers.extend(replacement.headers)
		answer = {
			"exc_type": replacement.exc_type,
			"_server_messages": server_messages(
				{"message": replacement.message, "title": replacement.title, "indicator": "red"}
			),
		}
	else:
		try:
			answer = json.loads(response.get_data())
		except ValueError:
			return
		if not isinstance(answer, dict):
			return
	if not may_see_tracebacks():
		drop_tracebacks(answer)
	if response.status_code < 500 and not has_message(answer):
		add_message(answer, refusal_message(answer.get("exc_type")))
	shorten_messages(answer)
	response.set_data(json.dumps(answer, separators=(",", ":")))


def has_message(answer: dict) -> bool:
	errors = answer.get("errors")  # API v2
	if isinstance(errors, list):
		return any(isinstance(e, dict) and e.get("message") for e in errors) or bool(answer.get("messages"))
	return bool(answer.get("_server_messages")) or isinstance(answer.get("message"), str)


def add_message(answer: dict, message: str) -> None:
	errors = answer.get("errors")
	if isinstance(errors, list) and errors and isinstance(errors[0], dict):
		errors[0]["message"] = message
	else:
		answer["_server_messages"] = server_messages({"message": message, "indicator": "red"})


def refusal_message(exc_type: str | None) -> str:
	"""For an exception raised without a message for the user (it was only in the traceback)."""
	if exc_type == "FrappeTypeError":  # Frappe's check of a whitelisted method's type hints
		return _("An argument of the request does not have the type the method expects.")
	if exc_type == "DocstatusTransitionError":
		return _(
			"A draft is submitted before it is cancelled, and a submitted document never returns to draft."
		)
	return _("The request was refused ({0}).").format(exc_type or _("unknown reason"))


def replacement_answer(response: Response, request: Request) -> ErrorAnswer | None:
	"""Our answer to a request Frappe refused before our checks ran (its 500, or English)."""
	if not frappe.local.flags.sales_flow_body_checked:
		# Frappe's own decoding of the body (or the login) failed before before_request
		frappe.local.lang = answer_language()
		if problem := request_problem(request):
			return ErrorAnswer(
				status=problem.exception.http_status_code,
				message=problem.message,
				title=_("Invalid Request"),
				exc_type=problem.exception.__name__,
				headers={},
			)
	if response.status_code >= 500 and (seconds := login_lockout_seconds()):
		frappe.local.lang = answer_language()
		return ErrorAnswer(
			status=429,
			message=_("Too many failed login attempts from your address: try again in {0} seconds.").format(
				seconds
			),
			title=_("Too Many Requests"),
			exc_type=frappe.TooManyRequestsError.__name__,
			headers={"Retry-After": str(seconds)},
		)
	return None


def answer_language() -> str:
	"""The session's language; for a request refused before its session was read, the visitor's
	(cookie, Accept-Language) or else the site's."""
	if frappe.session.user in (None, "", "Guest"):
		return get_language()
	return frappe.local.lang


def may_see_tracebacks() -> bool:
	return bool(frappe.conf.developer_mode) and "System Manager" in frappe.get_roles()


def drop_tracebacks(answer: dict) -> None:
	for key in TRACEBACK_KEYS:
		answer.pop(key, None)
	for error in answer.get("errors") or []:  # API v2
		if isinstance(error, dict):
			error.pop("exception", None)
	if (messages := decode_messages(answer)) is not None:
		answer["_server_messages"] = server_messages(*map(without_traceback, messages))
	if isinstance(answer.get("messages"), list):  # API v2
		answer["messages"] = [without_traceback(m) for m in answer["messages"]]


def without_traceback(message):
	text = message.get("message") if isinstance(message, dict) else message
	if not isinstance(text, str) or TRACEBACK_MARK not in text:
		return message
	hidden = _("The server met an error. It has been logged for the administrator.")
	return {**message, "message": hidden} if isinstance(message, dict) else hidden


def drop_html_traceback(response: Response) -> None:
	page = response.get_data(as_text=True)
	if TRACEBACK_MARK in page:
		response.set_data(re.sub(r"<pre>.*?</pre>", "", page, flags=re.DOTALL))


def shorten_messages(answer: dict) -> None:
	for key in ("message", "exception", "_error_message"):
		if isinstance(answer.get(key), str):
			answer[key] = shorten(answer[key])
	if (messages := decode_messages(answer)) is not None:
		answer["_server_messages"] = server_messages(*map(shortened_message, messages))
	for key in ("errors", "messages"):  # API v2
		if isinstance(answer.get(key), list):
			answer[key] = [shortened_message(m) for m in answer[key]]


def shortened_message(message):
	if isinstance(message, str):
		return shorten(message)
	if isinstance(message, dict):
		return {
			k: shorten(v) if k in ("message", "title", "exception") and isinstance(v, str) else v
			for k, v in message.items()
		}
	return message


def shorten(text: str) -> str:
	"""At most LONG_RUN characters of any word (a name, a value echoed), MAX_MESSAGE in all."""
	if len(text) <= LONG_RUN:
		return text
	text = LONG_RUN_PATTERN.sub(lambda run: run.group()[:LONG_RUN] + "…", text)
	return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "…"


def decode_messages(answer: dict) -> list | None:
	"""Frappe's `_server_messages` (a JSON list of JSON-encoded messages) decoded; None when there are
	none, or in a shape this does not know (left as they are)."""
	try:
		encoded = json.loads(answer["_server_messages"])
	except (KeyError, TypeError, ValueError):
		return None
	if not isinstance(encoded, list):
		return None
	messages = []
	for item in encoded:
		try:
			messages.append(json.loads(item) if isinstance(item, str) else item)
		except ValueError:
			messages.append(item)
	return messages


def server_messages(*messages) -> str:
	"""Frappe's `_server_messages` again, from decoded messages."""
	return json.dumps([json.dumps(m) for m in messages])
