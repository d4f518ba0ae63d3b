from frappe.model.document import Document


class SalesStage(Document):
	pass
