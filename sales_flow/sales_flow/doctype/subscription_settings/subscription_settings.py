import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint


class SubscriptionSettings(Document):
	def validate(self) -> None:
		if cint(self.grace_period) < 0:
			frappe.throw(_("The grace period cannot be negative."))
