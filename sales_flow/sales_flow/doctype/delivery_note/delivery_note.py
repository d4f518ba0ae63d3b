import frappe
from frappe import _
from frappe.model.mapper import get_mapped_doc

from sales_flow.controllers.arrow_methods import arrow_method
from sales_flow.controllers.mapping import prepare_draft, start_afresh
from sales_flow.controllers.returns import (
	refuse_cancel_with_returns,
	returnable_qty,
	validate_delivery_return,
)
from sales_flow.controllers.sales_document import SalesDocument
from sales_flow.utils.arguments import checked_arguments, target_document_argument


class DeliveryNote(SalesDocument):
	def validate(self) -> None:
		validate_delivery_return(self)
		super().validate()

	def before_submit(self) -> None:
		super().before_submit()
		validate_delivery_return(self, lock=True)

	def before_cancel(self) -> None:
		refuse_cancel_with_returns(self)
		super().before_cancel()

	def validate_can_be_mapped(self, target_doctype: str) -> None:
		if self.is_return:
			frappe.throw(_("{0} is a return: nothing is made from it.").format(self.name))


make_sales_invoice = arrow_method("Delivery Note", "Sales Invoice")


@frappe.whitelist()
@checked_arguments
def make_sales_return(source_name: str, target_doc=None):
	"""A return of what is left to return of a delivery note: negative quantities, order links kept."""

	def set_return(source, target) -> None:
		start_afresh(target)
		target.is_return = 1
		target.return_against = source.name
		target.naming_series = "MAT-DN-RET-.YYYY.-"
		for row in target.items:
			row.qty = -returnable_qty(row.dn_detail)
		target.items = [row for row in target.items if row.qty]
		if not target.items:
			frappe.throw(_("Everything on delivery note {0} was already returned.").format(source.name))
		prepare_draft(target)

	target_doc = target_document_argument(target_doc, "Delivery Note")
	source = frappe.get_doc("Delivery Note", source_name)
	source.check_permission("read")
	if source.docstatus != 1 or source.is_return:
		frappe.throw(
			_("A return is made against a submitted delivery note; {0} is not one.").format(source_name)
		)
	return get_mapped_doc(
		"Delivery Note",
		source_name,
		{
			"Delivery Note": {"doctype": "Delivery Note", "field_no_map": ["naming_series"]},
			"Delivery Note Item": {
				"doctype": "Delivery Note Item",
				"field_map": {"name": "dn_detail"},
				"field_no_map": ["billed_qty", "billed_amt"],
			},
			"Sales Taxes and Charges": {"doctype": "Sales Taxes and Charges"},
		},
		target_doc,
		set_return,
	)
