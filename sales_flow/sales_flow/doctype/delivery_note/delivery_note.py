import frappe
from frappe import _

from sales_flow.controllers.arrow_methods import arrow_method
from sales_flow.controllers.return_mapping import ReturnSpec, map_return
from sales_flow.controllers.returns import (
	refuse_cancel_with_returns,
	returnable_qty,
	validate_delivery_return,
)
from sales_flow.controllers.sales_document import SalesDocument
from sales_flow.utils.arguments import checked_arguments


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
	return map_return(DELIVERY_RETURN, source_name, target_doc)


DELIVERY_RETURN = ReturnSpec(
	doctype="Delivery Note",
	line_link="dn_detail",
	naming_series="MAT-DN-RET-.YYYY.-",
	returnable_qty=returnable_qty,
	not_returnable=lambda name: _(
		"A return is made against a submitted delivery note; {0} is not one."
	).format(name),
	nothing_left=lambda name: _("Everything on delivery note {0} was already returned.").format(name),
	line_no_map=("billed_qty", "billed_amt"),
)
