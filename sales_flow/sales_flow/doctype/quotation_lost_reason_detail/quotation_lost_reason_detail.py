from frappe.model.document import Document


class QuotationLostReasonDetail(Document):
	pass
