from frappe.model.document import Document


class SubscriptionInvoice(Document):
	pass
