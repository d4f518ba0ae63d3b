from frappe.model.document import Document


class ItemVariantAttribute(Document):
	pass
