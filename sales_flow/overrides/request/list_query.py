"""The query arguments of a list request checked against its DocType before Frappe builds the SQL.

Frappe passes `order_by`, `group_by` and the field names of dictionary filters to MariaDB as they
come (after a check for dangerous words), and the paging numbers through `cint`: an unknown column
or a negative start is MariaDB's error, answered with a bare 500. A column is judged only when it
is written as a plain name (`field`, `` `tabDocType`.`field` ``, with asc or desc): expressions
and aliases of the requested fields are Frappe's to judge, as before.
"""

import json
import re

import frappe
from frappe import _
from werkzeug.wrappers import Request

from sales_flow.overrides import frappe_arguments
from sales_flow.overrides.request.json_limits import RequestProblem

LIST_METHODS = frozenset(
	{
		"frappe.client.get_list",
		"frappe.client.get_count",
		"frappe.desk.reportview.get",
		"frappe.desk.reportview.get_list",
		"frappe.desk.reportview.get_count",
	}
)
PAGING_ARGUMENTS = ("limit", "limit_start", "limit_page_length", "start", "page_length")
SORTING_ARGUMENTS = ("order_by", "group_by")

# a plain column: [`tabDocType`.]`field` [asc|desc]
PLAIN_COLUMN = re.compile(
	r"^(?:`?tab(?P<doctype>[^`.]+)`?\.)?`?(?P<field>[A-Za-z_][A-Za-z0-9_]*)`?(?:\s+(?:asc|desc))?$",
	re.IGNORECASE,
)
WHOLE_NUMBER = re.compile(r"^\s*\+?\d+\s*$")


def list_query_problem(request: Request) -> RequestProblem | None:
	"""An argument of a list request that Frappe would hand to MariaDB broken."""
	if not (doctype := listed_doctype(request)):
		return None
	arguments = frappe.local.form_dict
	for name in PAGING_ARGUMENTS:
		if (problem := paging_problem(name, arguments.get(name))) is not None:
			return problem
	for name in SORTING_ARGUMENTS:
		value = arguments.get(name)
		if isinstance(value, str) and (problem := sorting_problem(doctype, name, value, arguments)):
			return problem
	return filters_problem(doctype, decoded(arguments.get("filters")))


def listed_doctype(request: Request) -> str | None:
	"""The DocType a list request reads, when it is one (a wrong one is Frappe's 404 to give)."""
	if request.method == "GET" and frappe_arguments.REST_LIST.fullmatch(request.path):
		doctype = request.path.rstrip("/").rsplit("/", 1)[-1]
	elif frappe_arguments.method_called(request) in LIST_METHODS:
		doctype = frappe.local.form_dict.get("doctype")
	else:
		return None
	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		return None
	return None if frappe.get_meta(doctype).issingle else doctype


def paging_problem(name: str, value) -> RequestProblem | None:
	if value is None or value == "":
		return None
	if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
		return None
	if isinstance(value, str) and WHOLE_NUMBER.match(value):
		return None
	return RequestProblem(_("The argument {0} must be a whole number, 0 or more.").format(name))


def sorting_problem(doctype: str, name: str, value: str, arguments: dict) -> RequestProblem | None:
	for part in split_top_level(value):
		match = PLAIN_COLUMN.match(part.strip())
		if not match:
			continue  # an expression: Frappe's to judge
		table, field = match.group("doctype") or doctype, match.group("field")
		if match.group("doctype") is None and field in str(arguments.get("fields") or ""):
			continue  # maybe an alias of a requested field
		if not is_column(table, field):
			return unknown_column(name, table, field)
	return None


def filters_problem(doctype: str, filters) -> RequestProblem | None:
	"""A dictionary filter on a field the DocType lacks (Frappe looks for it in the DocType's own
	table only, a field of its lines included)."""
	if not isinstance(filters, dict):
		return None
	for field in filters:
		plain = isinstance(field, str) and "`" not in field and PLAIN_COLUMN.match(field)
		if plain and not is_column(doctype, field):
			return unknown_column("filters", doctype, field)
	return None


def decoded(value):
	"""A JSON argument as Frappe will read it (its JSON was checked before)."""
	if isinstance(value, str) and value.strip().startswith("{"):
		try:
			return json.loads(value)
		except ValueError:
			return None
	return value


def is_column(doctype: str, field: str) -> bool:
	if not frappe.db.exists("DocType", doctype) or frappe.get_meta(doctype).issingle:
		return False
	return field in frappe.db.get_table_columns(doctype)


def unknown_column(argument: str, doctype: str, field: str) -> RequestProblem:
	return RequestProblem(
		_("The argument {0} names a field that {1} does not have: {2}.").format(argument, _(doctype), field)
	)


def split_top_level(text: str) -> list[str]:
	"""`text` split at the commas outside parentheses."""
	parts, depth, current = [], 0, []
	for character in text:
		depth += {"(": 1, ")": -1}.get(character, 0)
		if character == "," and depth == 0:
			parts.append("".join(current))
			current = []
		else:
			current.append(character)
	parts.append("".join(current))
	return parts
