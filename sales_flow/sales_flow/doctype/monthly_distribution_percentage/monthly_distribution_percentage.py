from frappe.model.document import Document


class MonthlyDistributionPercentage(Document):
	pass
