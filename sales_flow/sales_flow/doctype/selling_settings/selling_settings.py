import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt

# the same as the field's default in the JSON
DEFAULT_MAX_LINES_PER_DOCUMENT = 2000


class SellingSettings(Document):
	def validate(self) -> None:
		for field in ("default_valid_till", "follow_up_delay_days"):
			if cint(self.get(field)) < 0:
				frappe.throw(_("{0} cannot be negative.").format(_(self.meta.get_label(field))))
		if not 0 <= flt(self.max_additional_discount_percentage) <= 100:
			frappe.throw(_("The maximum document discount must be between 0 and 100 %."))
		if cint(self.max_lines_per_document) <= 0:
			# a site migrated from before the field, or a field emptied: its default, never no limit
			self.max_lines_per_document = DEFAULT_MAX_LINES_PER_DOCUMENT


def get_selling_settings() -> "SellingSettings":
	"""Cached for the request: read on every validate of every sales document."""
	return frappe.get_cached_doc("Selling Settings")


def max_lines_per_document() -> int:
	"""The most lines a table of a sales document may hold."""
	return cint(get_selling_settings().get("max_lines_per_document")) or DEFAULT_MAX_LINES_PER_DOCUMENT


def has_settings_role(field: str) -> bool:
	"""Whether the user holds the role a settings field names (none named: nobody does)."""
	role = get_selling_settings().get(field)
	return bool(role) and role in frappe.get_roles()
