from frappe.model.document import Document


class ItemTaxTemplateDetail(Document):
	pass
