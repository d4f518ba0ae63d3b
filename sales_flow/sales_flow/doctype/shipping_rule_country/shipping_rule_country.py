from frappe.model.document import Document


class ShippingRuleCountry(Document):
	pass
