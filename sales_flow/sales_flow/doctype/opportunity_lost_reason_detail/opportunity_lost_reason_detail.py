from frappe.model.document import Document


class OpportunityLostReasonDetail(Document):
	pass
