from frappe.model.document import Document


class PackedItem(Document):
	pass
