from frappe.model.document import Document


class DunningLetterText(Document):
	pass
