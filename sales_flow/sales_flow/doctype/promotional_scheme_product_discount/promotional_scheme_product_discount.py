from frappe.model.document import Document


class PromotionalSchemeProductDiscount(Document):
	pass
