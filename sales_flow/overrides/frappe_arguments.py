"""What Frappe's own endpoints need of their arguments, where they json.loads them, index them or
take them for a DocType without a check (and answer a 500 when they are not so): the rules that
sales_flow.overrides.request applies before the call."""

import re

from frappe import _
from werkzeug.wrappers import Request

NONE = type(None)
OBJECT = (dict,)
LIST = (list,)
FILTERS = (list, dict, NONE)

_LIST_QUERY = {"filters": FILTERS, "or_filters": FILTERS}
_REPORT_VIEW = {**_LIST_QUERY, "fields": LIST}
# a link's search: its filters go to the link's own query when it has one, in whatever shape
_SEARCH = {"filters": (list, dict, NONE)}

# method -> {argument: the JSON types it must decode to}
JSON_ARGUMENTS = {
	"frappe.client.insert": {"doc": OBJECT},
	"frappe.client.save": {"doc": OBJECT},
	"frappe.client.submit": {"doc": OBJECT},
	"frappe.client.insert_many": {"docs": LIST},
	"frappe.client.bulk_update": {"docs": LIST},
	"frappe.desk.form.save.savedocs": {"doc": OBJECT},
	"frappe.model.workflow.apply_workflow": {"doc": OBJECT},
	"frappe.client.get_list": _LIST_QUERY,
	"frappe.client.get_count": _LIST_QUERY,
	"frappe.desk.reportview.get": _REPORT_VIEW,
	"frappe.desk.reportview.get_list": _REPORT_VIEW,
	"frappe.desk.reportview.get_count": _LIST_QUERY,
	"frappe.desk.search.search_link": _SEARCH,
	"frappe.desk.search.search_widget": _SEARCH,
}

# method -> {argument: the JSON types it must decode to when it begins with "[" or "{"} (a name or
# a comma-separated list otherwise)
BRACKETED_JSON_ARGUMENTS = {
	"frappe.client.get_list": {"fields": LIST},
	"frappe.client.get_value": {"fieldname": LIST},
}

# method -> {argument: the values it takes}; Frappe indexes a dictionary with them
CHOICES = {"frappe.desk.form.save.savedocs": {"action": ("Save", "Submit", "Update", "Cancel")}}

# /api/resource/<DocType>[/<name>] and /api/v2/document/<DocType>[/<name>]
REST_LIST = re.compile(r"/api/(?:resource|v2/document)/[^/]+/?")
REST_DOCUMENT = re.compile(r"/api/(?:resource|v2/document)/[^/]+(?:/[^/]+)?/?")
WRITES = ("POST", "PUT", "PATCH")


def method_called(request: Request) -> str | None:
	for prefix in ("/api/method/", "/api/v2/method/"):
		if request.path.startswith(prefix):
			return request.path.removeprefix(prefix).split("/")[0]
	return None


def json_arguments(request: Request) -> dict[str, tuple[type, ...]]:
	"""The arguments of this request that must be JSON, with the types they must decode to."""
	if request.method == "GET" and REST_LIST.fullmatch(request.path):
		return {**_LIST_QUERY, "fields": (list, NONE)}
	if is_rest_write(request):
		return {"data": OBJECT}  # a document sent form-encoded
	return JSON_ARGUMENTS.get(method_called(request), {})


def bracketed_json_arguments(request: Request) -> dict[str, tuple[type, ...]]:
	return BRACKETED_JSON_ARGUMENTS.get(method_called(request), {})


def choices(request: Request) -> dict[str, tuple]:
	return CHOICES.get(method_called(request), {})


def is_rest_write(request: Request) -> bool:
	return request.method in WRITES and bool(REST_DOCUMENT.fullmatch(request.path))


def kind_of(types: tuple[type, ...]) -> str:
	if dict in types and list in types:
		return _("a JSON list or object")
	return _("a JSON object") if dict in types else _("a JSON list")


def is_filter_list(value) -> bool:
	"""Frappe's filters: {field: value or [operator, value]} or a list of [field, operator, value]
	rows (or [DocType, field, operator, value], and the desk's fifth element: hidden or not); never
	a number, nor an object where a value goes."""
	if value is None:
		return True
	if isinstance(value, dict):
		return not any(isinstance(v, dict) for v in value.values())
	return all(
		isinstance(row, str | dict)
		or (isinstance(row, list) and 2 <= len(row) <= 5 and not any(isinstance(v, dict) for v in row))
		for row in value
	)
