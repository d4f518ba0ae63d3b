import frappe
from frappe import _
from frappe.utils import add_days, getdate

from sales_flow.engine.document import SalesDocument
from sales_flow.engine.mapping import make_mapped_doc
from sales_flow.sales_flow.doctype.selling_settings.selling_settings import get_selling_settings


class Quotation(SalesDocument):
	def validate(self) -> None:
		self.customer = self.party_name if (self.quotation_to or "Customer") == "Customer" else None
		self.set_valid_till()
		super().validate()

	def set_valid_till(self) -> None:
		if not self.valid_till:
			self.valid_till = add_days(self.transaction_date, get_selling_settings().default_valid_till or 0)
		if getdate(self.valid_till) < getdate(self.transaction_date):
			frappe.throw(_("Valid Till cannot be before the quotation date."))

	@frappe.whitelist()
	def set_as_lost(self, detailed_reason: str | None = None) -> None:
		"""The customer said no. (Lost reasons and competitors come with the quotation desk.)"""
		self.check_permission("write")
		if self.docstatus != 1:
			frappe.throw(_("Only a submitted quotation can be set as lost."))
		if self.per_ordered:
			frappe.throw(
				_("Quotation {0} is already ordered, at least in part: it cannot be lost.").format(self.name)
			)
		self.db_set({"status": "Lost", "order_lost_reason": detailed_reason})
		self.notify_update()

	def validate_can_be_mapped(self, target_doctype: str) -> None:
		if self.status == "Expired" and not get_selling_settings().allow_expired_quotation_order:
			frappe.throw(
				_(
					"Quotation {0} expired on {1}; the settings do not allow ordering an expired quotation."
				).format(self.name, frappe.format(self.valid_till, "Date")),
				title=_("Quotation Expired"),
			)
		if self.quotation_to != "Customer":
			frappe.throw(_("Quotation {0} is not addressed to a customer.").format(self.name))


@frappe.whitelist()
def make_sales_order(source_name: str, target_doc=None):
	return make_mapped_doc("Quotation", source_name, "Sales Order", target_doc)


@frappe.whitelist()
def make_sales_invoice(source_name: str, target_doc=None):
	return make_mapped_doc("Quotation", source_name, "Sales Invoice", target_doc)
