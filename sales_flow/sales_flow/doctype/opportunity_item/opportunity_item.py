from frappe.model.document import Document


class OpportunityItem(Document):
	pass
