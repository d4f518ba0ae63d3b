from frappe.model.document import Document


class Competitor(Document):
	def validate(self) -> None:
		self.competitor_name = (self.competitor_name or "").strip()
