from frappe.model.document import Document


class SubscriptionPlanDetail(Document):
	pass
