from frappe.model.document import Document


class ModeofPayment(Document):
	pass
