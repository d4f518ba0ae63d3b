"""What desk users see of each other: a name and a face, not when and from where they log in.

Frappe gives every desk user (role Desk User) `select` on User, and User is one of Frappe's core
DocTypes, whose list queries skip field-level permissions: any desk user could list every user's
`last_ip`, `last_login`, `last_active` or `api_key` (GET /api/resource/User?fields=[...]). The app's
install takes that `select` away (`remove_desk_user_select`); what desk users need of other users
goes through two narrow doors instead:

- `search_users`, the standard query of User links (assignments, shares, "Lead Owner", report
  filters): names and full names of enabled users, searched and filtered by name only;
- `validate_link`, in place of Frappe's for User links: whether the user exists, and their full name
  and image when a form fetches them.

Mentions and the names and pictures shown in forms come from Frappe's own helpers, which do not ask.
Users who may read User (System Manager) keep Frappe's behaviour.
"""

import frappe
import frappe.client
from frappe import _
from frappe.core.doctype.user.user import user_query
from frappe.permissions import get_role_permissions, is_system_user, setup_custom_perms

from sales_flow.utils.arguments import MAX_NAME_LENGTH, checked_arguments, parse_json_argument, refuse

PUBLIC_FIELDS = ("name", "full_name", "user_image")
SEARCH_FIELDS = ("name", "full_name", "first_name", "last_name")
FILTER_FIELDS = (*SEARCH_FIELDS, "enabled", "user_type")
MAX_PAGE_LENGTH = 100


class NotAPublicUserField(frappe.ValidationError):
	# not a PermissionError: search_widget turns those into an HTML "Method not found" page
	http_status_code = 403


def may_list_users() -> bool:
	"""By role: every user is shared their own User, which frappe.has_permission counts."""
	permissions = get_role_permissions(frappe.get_meta("User"))
	return bool(permissions.get("select") or permissions.get("read"))


@frappe.whitelist()
@checked_arguments
def search_users(
	doctype: str,
	txt: str,
	searchfield: str | None = None,
	start: int = 0,
	page_len: int = 20,
	filters: dict | list | str | None = None,
):
	if doctype != "User":
		refuse(_("This search finds users only, not {0}.").format(doctype[:MAX_NAME_LENGTH]))
	filters = parse_json_argument(filters, "filters")
	start, page_len = max(start, 0), min(max(page_len, 1), MAX_PAGE_LENGTH)
	if may_list_users():
		# Frappe's own query, its search field sanitized
		return user_query(doctype, txt, searchfield or "name", start, page_len, filters)
	if not is_system_user():
		raise frappe.PermissionError
	searchfield = searchfield if searchfield in SEARCH_FIELDS else "name"
	conditions = [["enabled", "=", 1], ["name", "not in", frappe.STANDARD_USERS]]
	if not (isinstance(filters, dict) and filters.pop("ignore_user_type", None)):
		conditions.append(["user_type", "!=", "Website User"])
	search = [[searchfield, "like", f"%{txt}%"]]
	if searchfield == "name":
		search += [[field, "like", f"%{txt}%"] for field in ("first_name", "last_name", "full_name")]
	return frappe.get_all(
		"User",
		filters=conditions + public_filters(filters),
		or_filters=search,
		fields=["name", "full_name"],
		order_by="name asc",
		limit_start=start,
		limit_page_length=page_len,
		as_list=True,
	)


def public_filters(filters) -> list[list]:
	"""The filters a link passes ({field: value}, {field: [operator, value]} or [[field, operator,
	value]...]), refused when they test anything but a name or a user type."""
	if isinstance(filters, dict):
		filters = [
			[f, *v] if isinstance(v, list | tuple) and len(v) == 2 else [f, "=", v]
			for f, v in filters.items()
		]
	rows = []
	for row in filters or []:
		if not isinstance(row, list | tuple) or len(row) not in (3, 4):
			frappe.throw(_("A filter is a field, an operator and a value."), NotAPublicUserField)
		row = list(row[-3:])  # [DocType, field, operator, value] -> [field, operator, value]
		if row[0] not in FILTER_FIELDS:
			frappe.throw(_("Users cannot be searched by {0}.").format(row[0]), NotAPublicUserField)
		rows.append(row)
	return rows


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""Frappe's validate_link; for a User link of a desk user who may not list users, only whether
	the user exists and the fields anyone may see."""
	fields = parse_json_argument(fields, "fields")  # Frappe's own json.loads answers a 500
	if doctype != "User" or may_list_users() or not is_system_user():
		return frappe.client.validate_link(doctype, docname, fields)
	if not isinstance(docname, str):
		frappe.throw(_("Document Name must be a string"))
	values = frappe._dict(name=frappe.db.get_value("User", docname))
	wanted = [f for f in fields if f in PUBLIC_FIELDS and f != "name"] if isinstance(fields, list) else []
	if values.name and wanted:
		values.update(frappe.db.get_value("User", values.name, wanted, as_dict=True))
	return values


def remove_desk_user_select() -> None:
	"""User's permissions as Frappe ships them, less `select` for Desk User (a Custom DocPerm copy)."""
	setup_custom_perms("User")
	rows = frappe.get_all("Custom DocPerm", filters={"parent": "User", "role": "Desk User"}, pluck="name")
	for name in rows:
		frappe.delete_doc("Custom DocPerm", name, ignore_permissions=True, force=True)
	if rows:
		frappe.clear_cache(doctype="User")
