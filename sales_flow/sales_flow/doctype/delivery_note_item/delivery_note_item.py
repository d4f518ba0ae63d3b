from frappe.model.document import Document


class DeliveryNoteItem(Document):
	pass
