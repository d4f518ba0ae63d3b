from frappe.model.document import Document


class PricingRuleItemCode(Document):
	pass
