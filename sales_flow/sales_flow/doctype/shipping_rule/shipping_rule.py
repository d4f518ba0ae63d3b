from frappe.model.document import Document

from sales_flow.controllers.shipping import validate_shipping_rule


class ShippingRule(Document):
	def validate(self) -> None:
		validate_shipping_rule(self)
