from frappe.model.document import Document


class PricingRuleDetail(Document):
	pass
