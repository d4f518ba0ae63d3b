from frappe.model.document import Document


class PaymentReconciliationAllocation(Document):
	pass
