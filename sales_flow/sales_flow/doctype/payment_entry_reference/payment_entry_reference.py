from frappe.model.document import Document


class PaymentEntryReference(Document):
	pass
