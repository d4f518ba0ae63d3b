"""Portal users: a website user is a Contact's `user`; the customers that contact is linked to are
theirs. They read those customers' submitted quotations, orders and invoices, nothing else."""

import frappe

from sales_flow.party import customer_of

PORTAL_DOCTYPES = ("Quotation", "Sales Order", "Sales Invoice")


def customers_of_user(user: str | None = None) -> list[str]:
	user = user or frappe.session.user
	if not user or user == "Guest":
		return []
	contacts = frappe.get_all("Contact", filters={"user": user}, pluck="name")
	if not contacts:
		return []
	return sorted(
		set(
			frappe.get_all(
				"Dynamic Link",
				filters={"parenttype": "Contact", "parent": ("in", contacts), "link_doctype": "Customer"},
				pluck="link_name",
			)
		)
	)


def has_website_permission(doc, ptype: str, user: str, verbose: bool = False) -> bool:
	"""Frappe's print view and PDF for the website: a quotation whose link was just checked, or a
	submitted document of one of the portal user's customers."""
	if doc.doctype == "Quotation" and frappe.flags.portal_quotation == doc.name:
		return True
	if ptype not in ("read", "print") or doc.docstatus != 1:
		return False
	return customer_of(doc) in customers_of_user(user)
