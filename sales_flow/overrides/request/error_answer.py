"""after_request: an error answer in the user's language, without traceback (but for a System
Manager of a developer's site), with a message, and of a sane size; a request Frappe refused
before our checks ran, or a locked login address, answered as ours are."""

import json
import re
from dataclasses import dataclass

import frappe
from frappe import _
from werkzeug.wrappers import Request, Response

from sales_flow.overrides.login import login_lockout_seconds
from sales_flow.overrides.request.body import answer_language, request_problem

TRACEBACK_KEYS = ("exc", "exception", "_exc_source", "_debug_messages")
TRACEBACK_MARK = "Traceback (most recent call last)"

# what an error message may echo: a run without spaces of at most LONG_RUN characters (a name, a
# value) and MAX_MESSAGE characters in all
LONG_RUN = 200
MAX_MESSAGE = 2000
LONG_RUN_PATTERN = re.compile(rf"\S{{{LONG_RUN + 1},}}")


@dataclass
class ErrorAnswer:
	"""The answer given in place of Frappe's."""

	status: int
	message: str
	title: str
	exc_type: str
	headers: dict


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
