from frappe.model.document import Document

from sales_flow.controllers.commissions import validate_commission_rate


class SalesPartner(Document):
	def validate(self) -> None:
		validate_commission_rate(self.commission_rate)
