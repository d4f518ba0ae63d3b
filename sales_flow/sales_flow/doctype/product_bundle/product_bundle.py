from frappe.model.document import Document

from sales_flow.controllers.bundles import validate_bundle


class ProductBundle(Document):
	def validate(self) -> None:
		validate_bundle(self)
