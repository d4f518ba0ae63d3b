from frappe.model.document import Document


class PaymentTermsTemplateDetail(Document):
	pass
