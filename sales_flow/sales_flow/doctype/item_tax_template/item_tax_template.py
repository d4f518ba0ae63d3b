import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from sales_flow.utils.templates import validate_template_rows


class ItemTaxTemplate(Document):
	def validate(self) -> None:
		validate_template_rows(self, "title", "taxes", _("Add at least one tax rate."), validate_tax_row)
		self.validate_no_duplicate_tax_type()

	def validate_no_duplicate_tax_type(self) -> None:
		# the lines read this template as {tax account: rate}: a second row would silently replace the first
		seen: dict[str, int] = {}
		for row in self.taxes:
			key = row.tax_type.casefold()
			if key in seen:
				frappe.throw(
					_("Row #{0}: the tax account {1} is already in row #{2}.").format(
						row.idx, frappe.bold(row.tax_type), seen[key]
					)
				)
			seen[key] = row.idx


def validate_tax_row(row) -> None:
	row.tax_type = (row.tax_type or "").strip()
	if not 0 <= flt(row.tax_rate) <= 100:
		frappe.throw(
			_("Row #{0}: the tax rate of {1} must be between 0 and 100 %, not {2}.").format(
				row.idx, frappe.bold(row.tax_type), flt(row.tax_rate)
			)
		)
