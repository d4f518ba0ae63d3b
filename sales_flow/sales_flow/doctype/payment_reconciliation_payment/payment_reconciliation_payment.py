from frappe.model.document import Document


class PaymentReconciliationPayment(Document):
	pass
