"""Checks on the arguments of whitelisted methods that Frappe leaves to the method: a JSON value and
a DocType name. A malformed one (typed by hand in an API call, or hostile) gets a clear message
instead of a JSONDecodeError or an ImportError (a bare 500)."""

import frappe
from frappe import _


def parse_json_argument(value, argument: str):
	"""`value` as sent: a JSON string is decoded, anything else is returned as it is."""
	if not isinstance(value, str):
		return value
	try:
		return frappe.parse_json(value)
	except ValueError:
		frappe.throw(_("{0} must be valid JSON.").format(argument), title=_("Invalid Argument"))


def check_doctype(doctype: str) -> str:
	"""The name of an existing DocType, before frappe.get_doc tries to import its controller."""
	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		frappe.throw(_("DocType {0} does not exist.").format(doctype), frappe.DoesNotExistError)
	return doctype
