"""/devis/<token>: the online quotation (hooks.website_route_rules), for whoever holds the link."""

import frappe
from frappe import _

from sales_flow.portal.api import quotation_page

no_cache = 1


def get_context(context) -> None:
	context.update(quotation_page(frappe.form_dict.token))
	context.title = _("Quotation {0}").format(context.doc.name)
	context.no_breadcrumbs = 1
	context.show_sidebar = 0
