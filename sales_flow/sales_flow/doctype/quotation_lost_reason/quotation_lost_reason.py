from frappe.model.document import Document


class QuotationLostReason(Document):
	def validate(self) -> None:
		self.order_lost_reason = (self.order_lost_reason or "").strip()
