import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class Campaign(Document):
	def validate(self) -> None:
		if self.from_date and self.to_date and getdate(self.to_date) < getdate(self.from_date):
			frappe.throw(_("A campaign cannot end before it starts."))
