from frappe.model.document import Document

from sales_flow.engine.bundles import validate_bundle


class ProductBundle(Document):
	def validate(self) -> None:
		validate_bundle(self)
