"""Selling Settings and the company defaults as the app reads them: one cached read per request."""

import frappe
from frappe.model.document import Document
from frappe.utils import cint

# the same as the field's default in the JSON
DEFAULT_MAX_LINES_PER_DOCUMENT = 2000


def get_selling_settings() -> Document:
	"""Cached for the request: read on every validate of every sales document."""
	return frappe.get_cached_doc("Selling Settings")


def max_lines_per_document() -> int:
	"""The most lines a table of a sales document may hold."""
	return cint(get_selling_settings().get("max_lines_per_document")) or DEFAULT_MAX_LINES_PER_DOCUMENT


def has_settings_role(field: str) -> bool:
	"""Whether the user holds the role a settings field names (none named: nobody does)."""
	role = get_selling_settings().get(field)
	return bool(role) and role in frappe.get_roles()


def get_default_company() -> str | None:
	"""The user's default company, else the site's, else the oldest one."""
	company = frappe.defaults.get_user_default("company") or frappe.defaults.get_global_default("company")
	if company and frappe.db.exists("Company", company):
		return company
	return frappe.db.get_value("Company", {}, "name", order_by="creation asc")
