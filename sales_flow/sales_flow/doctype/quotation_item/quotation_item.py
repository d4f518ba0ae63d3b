from frappe.model.document import Document


class QuotationItem(Document):
	pass
