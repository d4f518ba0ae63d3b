""""""

from typing import Any

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from sales_flow.controllers.payment_terms import PORTION_PRECISION
from sales_flow.utils.templates import validate_template_rows


class PaymentTermsTemplate(Document):
	def validate(self) -> None:
		validate_template_rows(
			self, "template_name", "terms", _("Add at least one payment term."), validate_term
		)
		self.validate_portions_total()

	def validate_portions_total(self) -> None:
		total = flt(sum(flt(row.invoice_portion) for row in self.terms), PORTION_PRECISION)
		if total != 100:
			frappe.throw(
				_("The invoice portions add up to {0} %; they must add up to 100 %.").format(f"{total:g}")
			)


def validate_term(row: Any) -> None:
	if flt(row.invoice_portion) <= 0:
		frappe.throw(_("Row #{0}: Invoice Portion must be greater than 0.").format(row.idx))
	for field in ("credit_days", "credit_months"):
		if (row.get(field) or 0) < 0:
			frappe.throw(_("Row #{0}: {1} cannot be negative.").format(row.idx, _(row.meta.get_label(field))))
