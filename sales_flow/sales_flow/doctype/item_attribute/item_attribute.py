from frappe.model.document import Document

from sales_flow.variants.attributes import validate_attribute


class ItemAttribute(Document):
	def validate(self) -> None:
		validate_attribute(self)
