"""Install-time set-up: the roles, the tree roots, the units and the settings every site needs.

Everything here is idempotent and also runs after each migrate, so a site updated to a version
with a new master gets its defaults too.
"""

import json
import os

import frappe
from frappe.utils.nestedset import get_root_of

from sales_flow.analytics.indexes import ensure_report_indexes
from sales_flow.overrides.users import remove_desk_user_select
from sales_flow.receivables.levels import ensure_dunning_defaults

SALES_ROLES_FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "role.json")

# (doctype, name field, parent field, root name)
TREE_ROOTS = (
	("Customer Group", "customer_group_name", "parent_customer_group", "All Customer Groups"),
	("Territory", "territory_name", "parent_territory", "All Territories"),
	("Item Group", "item_group_name", "parent_item_group", "All Item Groups"),
	("Sales Person", "sales_person_name", "parent_sales_person", "All Sales Persons"),
)

MODES_OF_PAYMENT = (
	("Bank Transfer", "Bank"),
	("Cheque", "Bank"),
	("Card", "Bank"),
	("Cash", "Cash"),
	("Direct Debit", "Bank"),
)

# (name, must be whole number)
DEFAULT_UOMS = (("Unit", 1), ("Hour", 0), ("Day", 0), ("Kg", 0), ("Meter", 0), ("Litre", 0), ("Box", 1))


def before_install() -> None:
	# DocPerm rows name these roles: they must exist before the DocTypes are synced
	ensure_roles()


def after_install() -> None:
	ensure_defaults()
	write_the_euro_after_amounts()
	ensure_report_indexes()
	ensure_production_settings()


def write_the_euro_after_amounts() -> None:
	"""Amounts in euros written the French way, "1 234,56 €", in the desk's forms, grids and lists
	as on paper. Set once (at install, by a patch on older sites): a site may change it back."""
	if frappe.db.exists("Currency", "EUR"):
		frappe.db.set_value("Currency", "EUR", "symbol_on_right", 1)
		frappe.db.commit()


def after_migrate() -> None:
	ensure_defaults()
	ensure_report_indexes()
	restore_interactive_reports()
	ensure_production_settings()


# System Settings as a production site has them: failed logins throttled (per address, see
# sales_flow.overrides.login), Frappe's own defaults where a site has none
LOGIN_THROTTLING = {"allow_consecutive_login_attempts": 10, "allow_login_after_fail": 60}


def ensure_production_settings() -> None:
	"""No traceback in error answers (a developer's site keeps its choice: there
	sales_flow.overrides.request shows them to System Managers only), logins throttled, and users
	that desk users cannot list."""
	values = {
		f: v for f, v in LOGIN_THROTTLING.items() if not frappe.db.get_single_value("System Settings", f)
	}
	if not frappe.conf.developer_mode and frappe.db.get_single_value(
		"System Settings", "allow_error_traceback"
	):
		values["allow_error_traceback"] = 0
	if values:
		frappe.db.set_single_value("System Settings", values)
	remove_desk_user_select()
	frappe.db.commit()


def restore_interactive_reports() -> None:
	"""Our script reports answer in under a second: any of them switched to background runs (by
	Frappe's timer after an error, before sales_flow.overrides.report existed) is switched back."""
	frappe.db.set_value(
		"Report",
		{"module": "Sales Flow", "report_type": "Script Report", "prepared_report": 1},
		"prepared_report",
		0,
	)


def ensure_roles() -> None:
	with open(SALES_ROLES_FIXTURE) as f:
		for role in json.load(f):
			if not frappe.db.exists("Role", role["role_name"]):
				frappe.get_doc(role).insert(ignore_permissions=True)


def ensure_defaults() -> None:
	ensure_roles()
	ensure_tree_roots()
	ensure_records("UOM", "uom_name", [{"uom_name": n, "must_be_whole_number": w} for n, w in DEFAULT_UOMS])
	ensure_selling_settings()
	ensure_dunning_defaults()
	ensure_address_template()
	ensure_records(
		"Mode of Payment", "mode_of_payment", [{"mode_of_payment": n, "type": t} for n, t in MODES_OF_PAYMENT]
	)
	frappe.db.commit()


def doctype_is_synced(doctype: str) -> bool:
	if not frappe.db.exists("DocType", doctype):
		return False
	# a single DocType keeps its values in tabSingles and has no table of its own
	return bool(frappe.db.get_value("DocType", doctype, "issingle")) or frappe.db.table_exists(doctype)


def ensure_tree_roots() -> None:
	for doctype, name_field, parent_field, root in TREE_ROOTS:
		if not doctype_is_synced(doctype) or tree_root(doctype):
			continue
		frappe.get_doc({"doctype": doctype, name_field: root, "is_group": 1, parent_field: ""}).insert(
			ignore_permissions=True
		)


def ensure_records(doctype: str, name_field: str, rows: list[dict]) -> None:
	"""Create the missing ones. Names stay English (stable for imports and the API); the desk shows
	them translated."""
	if not doctype_is_synced(doctype):
		return
	for row in rows:
		if not frappe.db.exists(doctype, row[name_field]):
			frappe.get_doc({"doctype": doctype, **row}).insert(ignore_permissions=True)


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
		# a fresh single has its JSON defaults in memory only: what counts is what is stored
		if (
			settings.meta.has_field(field)
			and value
			and not frappe.db.get_single_value("Selling Settings", field)
		):
			settings.set(field, value)
			changed = True
	if changed:
		settings.flags.ignore_mandatory = True
		settings.save(ignore_permissions=True)


def tree_root(doctype: str) -> str | None:
	if not doctype_is_synced(doctype):
		return None
	return get_root_of(doctype)


def ensure_address_template() -> None:
	"""French layout (postal code before the city); Frappe ships none and refuses to render without."""
	if frappe.db.exists("Address Template", {"is_default": 1}):
		return
	with open(os.path.join(os.path.dirname(__file__), "address_template.html")) as f:
		template = f.read()
	frappe.get_doc(
		{"doctype": "Address Template", "country": "France", "is_default": 1, "template": template}
	).insert(ignore_permissions=True)
