from frappe.model.document import Document


class QuotationTemplateItem(Document):
	pass
