from frappe.model.document import Document


class PromotionalSchemePriceDiscount(Document):
	pass
