import frappe

from sales_flow.controllers.mapping import make_mapped_doc
from sales_flow.controllers.sales_document import SalesDocument
from sales_flow.utils.arguments import checked_arguments


class DeliveryNote(SalesDocument):
	pass


@frappe.whitelist()
@checked_arguments
def make_sales_invoice(source_name: str, target_doc=None):
	return make_mapped_doc("Delivery Note", source_name, "Sales Invoice", target_doc)
