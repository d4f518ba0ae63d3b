from frappe.model.document import Document

from sales_flow.analytics.targets import validate_distribution


class MonthlyDistribution(Document):
	def validate(self) -> None:
		validate_distribution(self)
