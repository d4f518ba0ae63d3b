from frappe.model.document import Document


class OverduePayment(Document):
	pass
