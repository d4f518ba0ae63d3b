"""Who may run a report: whoever has the Report right on every DocType it reads, its ref_doctype
and the others its execute checks (analytics.reporting.require_report_access)."""

import frappe

from sales_flow.analytics.commissions import COMMISSION_ROLES
from sales_flow.regional.france.fec.report_data import EXPORT_ROLES

# besides the ref_doctype, with the reports' default filters
READS_ALSO = {"Inactive Customers": ("Sales Invoice",), "Sales Funnel": ("Sales Order",)}
# reports kept to some of those roles, checked again when they run
RESERVED_TO = {
	"FEC Journals": EXPORT_ROLES,  # the accounting export: the accountants'
	# what other partners and sales persons earn: not a rep's to read
	"Sales Partner Commission": COMMISSION_ROLES,
	"Sales Person Commission Summary": COMMISSION_ROLES,
}
DEMO_ROLES = ("Sales User", "Sales Manager", "Sales Master Manager", "Accounts User")


def may_report_on(report: str) -> bool:
	"""For the session user."""
	ref_doctype = frappe.db.get_value("Report", report, "ref_doctype")
	if report in RESERVED_TO and not set(frappe.get_roles()) & set(RESERVED_TO[report]):
		return False
	return all(
		frappe.has_permission(doctype, "report") for doctype in (ref_doctype, *READS_ALSO.get(report, ()))
	)
