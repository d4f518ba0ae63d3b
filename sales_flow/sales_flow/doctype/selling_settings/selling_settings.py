import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint


class SellingSettings(Document):
	def validate(self) -> None:
		for field in ("default_valid_till", "follow_up_delay_days"):
			if cint(self.get(field)) < 0:
				frappe.throw(_("{0} cannot be negative.").format(_(self.meta.get_label(field))))


def get_selling_settings() -> "SellingSettings":
	"""Cached for the request: read on every validate of every sales document."""
	return frappe.get_cached_doc("Selling Settings")
