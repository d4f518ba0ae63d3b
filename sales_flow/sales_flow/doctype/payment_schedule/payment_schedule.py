from frappe.model.document import Document


class PaymentSchedule(Document):
	pass
