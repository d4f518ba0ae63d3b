""""""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt

from sales_flow.settings import DEFAULT_MAX_LINES_PER_DOCUMENT


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
