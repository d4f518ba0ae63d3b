from frappe.model.document import Document


class TargetDetail(Document):
	pass
