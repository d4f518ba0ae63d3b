from frappe.model.document import Document


class PaymentReconciliationInvoice(Document):
	pass
