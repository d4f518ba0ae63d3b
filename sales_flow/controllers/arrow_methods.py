"""The whitelisted "Create ..." functions of the sales cycle's arrows, one mechanism for all of them.

Each arrow is called by the desk's button and by the API at the path ERPNext gives it: the source
DocType's controller module, `make_<target>` (e.g. sales_order.make_sales_invoice). The controller
module names it (`make_sales_invoice = arrow_method("Sales Order", "Sales Invoice")`); this builds it.
"""

from collections.abc import Callable

import frappe

from sales_flow.controllers.mapping import make_mapped_doc
from sales_flow.utils.arguments import checked_arguments


def arrow_method(source_doctype: str, target_doctype: str) -> Callable:
	"""The arrow's function: a draft `target_doctype` holding what remains of the source."""

	def make(source_name: str, target_doc=None):
		return make_mapped_doc(source_doctype, source_name, target_doctype, target_doc)

	return published_arrow(make, source_doctype, target_doctype)


def published_arrow(make: Callable, source_doctype: str, target_doctype: str) -> Callable:
	"""`make` named as the API calls it (`make_<target>` of the source's controller module, where the
	module assigns it), its arguments checked, whitelisted."""
	source_module = frappe.scrub(source_doctype)
	make.__module__ = f"sales_flow.sales_flow.doctype.{source_module}.{source_module}"
	make.__name__ = make.__qualname__ = f"make_{frappe.scrub(target_doctype)}"
	return frappe.whitelist()(checked_arguments(make))
