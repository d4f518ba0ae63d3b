from frappe.model.document import Document


class OpportunityLostReason(Document):
	pass
