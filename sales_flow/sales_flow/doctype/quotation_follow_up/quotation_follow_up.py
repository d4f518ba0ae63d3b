from frappe.model.document import Document


class QuotationFollowUp(Document):
	pass
