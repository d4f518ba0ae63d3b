"""Install-time set-up: the roles, the tree roots, the units and the settings every site needs.

Everything here is idempotent and also runs after each migrate, so a site updated to a version
with a new master gets its defaults too.
"""

import json
import os

import frappe
from frappe import _

SALES_ROLES_FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "role.json")

# (doctype, name field, parent field, root name)
TREE_ROOTS = (
	("Customer Group", "customer_group_name", "parent_customer_group", "All Customer Groups"),
	("Territory", "territory_name", "parent_territory", "All Territories"),
	("Item Group", "item_group_name", "parent_item_group", "All Item Groups"),
)

# (name, must be whole number)
DEFAULT_UOMS = (("Unit", 1), ("Hour", 0), ("Day", 0), ("Kg", 0), ("Meter", 0), ("Litre", 0), ("Box", 1))


def before_install() -> None:
	# DocPerm rows name these roles: they must exist before the DocTypes are synced
	ensure_roles()


def after_install() -> None:
	ensure_defaults()


def after_migrate() -> None:
	ensure_defaults()


def ensure_roles() -> None:
	with open(SALES_ROLES_FIXTURE) as f:
		for role in json.load(f):
			if not frappe.db.exists("Role", role["role_name"]):
				frappe.get_doc(role).insert(ignore_permissions=True)


def ensure_defaults() -> None:
	ensure_roles()
	ensure_tree_roots()
	ensure_uoms()
	ensure_selling_settings()
	ensure_address_template()
	frappe.db.commit()


def doctype_is_synced(doctype: str) -> bool:
	return bool(frappe.db.exists("DocType", doctype)) and frappe.db.table_exists(doctype)


def ensure_tree_roots() -> None:
	for doctype, name_field, parent_field, root in TREE_ROOTS:
		if not doctype_is_synced(doctype) or frappe.db.exists(doctype, {parent_field: ("in", ("", None))}):
			continue
		frappe.get_doc(
			{"doctype": doctype, name_field: _(root), "is_group": 1, parent_field: ""}
		).insert(ignore_permissions=True)


def ensure_uoms() -> None:
	if not doctype_is_synced("UOM"):
		return
	for name, whole in DEFAULT_UOMS:
		uom = _(name)
		if not frappe.db.exists("UOM", uom):
			frappe.get_doc({"doctype": "UOM", "uom_name": uom, "must_be_whole_number": whole}).insert(
				ignore_permissions=True
			)


def ensure_selling_settings() -> None:
	if not doctype_is_synced("Selling Settings"):
		return
	settings = frappe.get_single("Selling Settings")
	defaults = {
		"cust_master_name": "Customer Name",
		"customer_group": tree_root("Customer Group"),
		"territory": tree_root("Territory"),
		"default_valid_till": 30,
		"follow_up_delay_days": 7,
	}
	changed = False
	for field, value in defaults.items():
		if settings.meta.has_field(field) and not settings.get(field) and value:
			settings.set(field, value)
			changed = True
	if changed:
		settings.flags.ignore_mandatory = True
		settings.save(ignore_permissions=True)


def tree_root(doctype: str) -> str | None:
	if not doctype_is_synced(doctype):
		return None
	parent_field = frappe.get_meta(doctype).nsm_parent_field
	return frappe.db.get_value(doctype, {parent_field: ("in", ("", None))}, "name")


def ensure_address_template() -> None:
	"""French layout (postal code before the city); Frappe ships none and refuses to render without."""
	if frappe.db.exists("Address Template", {"is_default": 1}):
		return
	with open(os.path.join(os.path.dirname(__file__), "address_template.html")) as f:
		template = f.read()
	frappe.get_doc({"doctype": "Address Template", "country": "France", "is_default": 1, "template": template}).insert(
		ignore_permissions=True
	)
