from frappe.model.document import Document


class CustomerCreditLimit(Document):
	pass
