import frappe
from frappe import _
from frappe.model.document import Document


class PriceList(Document):
	def validate(self) -> None:
		self.price_list_name = (self.price_list_name or "").strip()
		self.validate_selling_or_buying()

	def validate_selling_or_buying(self) -> None:
		if not (self.selling or self.buying):
			frappe.throw(
				_("Price List {0} must be used for selling, buying or both.").format(
					frappe.bold(self.price_list_name)
				)
			)
