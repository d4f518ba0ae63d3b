""""""

from frappe.model.document import Document


class UOM(Document):
	def validate(self) -> None:
		self.uom_name = (self.uom_name or "").strip()
