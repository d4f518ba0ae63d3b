from frappe.model.document import Document


class CompetitorDetail(Document):
	pass
