from frappe.model.document import Document


class PricingRuleItemGroup(Document):
	pass
