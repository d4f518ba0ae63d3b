from frappe.model.document import Document


class ShippingRuleCondition(Document):
	pass
