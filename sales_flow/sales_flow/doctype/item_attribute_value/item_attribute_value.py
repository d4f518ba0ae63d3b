from frappe.model.document import Document


class ItemAttributeValue(Document):
	pass
