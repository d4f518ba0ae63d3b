"""before_request: the body of a request (its size, its encoding, its JSON) and its arguments
checked before Frappe's methods read them, refused with a 4xx in the user's language."""

from urllib.parse import parse_qsl

import frappe
from frappe import _
from frappe.translate import get_language
from werkzeug.wrappers import Request

from sales_flow.overrides import frappe_arguments
from sales_flow.overrides.request.arguments import arguments_problem, missing_argument, takes_a_list_body
from sales_flow.overrides.request.json_limits import (
	Label,
	RequestProblem,
	decoded_json,
	looks_like_json,
	must_be,
)
from sales_flow.overrides.request.list_query import list_query_problem

# far above a 2,000-line document saved from the desk (every field of every line), far below
# what would tie a worker up; file uploads keep Frappe's own limit (max_file_size)
MAX_BODY_BYTES = 10 * 1024 * 1024

UPLOAD_PATHS = ("/api/method/upload_file", "/api/method/frappe.handler.upload_file")


class RequestBodyTooLarge(frappe.ValidationError):
	http_status_code = 413


def check_request_body() -> None:
	"""before_request: refuse a body or an argument that Frappe could only answer with a 500."""
	frappe.local.flags.sales_flow_body_checked = True
	if (
		request_problem(frappe.request)
		or missing_argument(frappe.request)
		or list_query_problem(frappe.request)
	):
		# a visitor's request is answered in English by Frappe (its language is read before the
		# session): theirs, or the site's
		frappe.local.lang = answer_language()
		problem = (
			request_problem(frappe.request)
			or missing_argument(frappe.request)
			or list_query_problem(frappe.request)
		)
		frappe.throw(problem.message, problem.exception, title=_("Invalid Request"))


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


def too_large() -> RequestProblem:
	return RequestProblem(
		_("The request is too large: {0} MB at most.").format(MAX_BODY_BYTES // (1024 * 1024)),
		RequestBodyTooLarge,
	)


def json_body_problem(text: str, request: Request) -> RequestProblem | None:
	label = Label(lambda: _("The request body"))
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


def answer_language() -> str:
	"""The session's language; for a request refused before its session was read, the visitor's
	(cookie, Accept-Language) or else the site's."""
	if frappe.session.user in (None, "", "Guest"):
		return get_language()
	return frappe.local.lang
