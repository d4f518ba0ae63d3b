from frappe.model.document import Document


class SalesTeam(Document):
	pass
