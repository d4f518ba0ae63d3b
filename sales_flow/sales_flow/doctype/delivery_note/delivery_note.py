import frappe

from sales_flow.engine.arguments import checked_arguments
from sales_flow.engine.document import SalesDocument
from sales_flow.engine.mapping import make_mapped_doc


class DeliveryNote(SalesDocument):
	pass


@frappe.whitelist()
@checked_arguments
def make_sales_invoice(source_name: str, target_doc=None):
	return make_mapped_doc("Delivery Note", source_name, "Sales Invoice", target_doc)
