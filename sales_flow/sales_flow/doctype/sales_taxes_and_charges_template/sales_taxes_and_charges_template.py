import frappe
from frappe import _
from frappe.model.document import Document

from sales_flow.totals.taxes import validate_tax_rows


class SalesTaxesandChargesTemplate(Document):
	def autoname(self) -> None:
		self.title = (self.title or "").strip()
		self.name = template_name_for(self.title, self.company)

	def validate(self) -> None:
		self.title = (self.title or "").strip()
		if not self.title:
			frappe.throw(_("Title is mandatory."))
		if self.is_default and self.disabled:
			frappe.throw(_("A disabled template cannot be the default one."))
		validate_tax_rows(self.taxes)

	def on_update(self) -> None:
		if self.is_default:
			self.unset_other_defaults()

	def unset_other_defaults(self) -> None:
		# a company has at most one default template: the last one saved as default wins
		frappe.db.set_value(
			self.doctype,
			{"company": self.company, "is_default": 1, "name": ("!=", self.name)},
			"is_default",
			0,
		)


def template_name_for(title: str, company: str | None) -> str:
	""" "TVA 20 % - ADS": the company's abbreviation tells apart the same title in two companies."""
	abbr = frappe.db.get_value("Company", company, "abbr") if company else None
	return f"{title} - {abbr}" if abbr else title


def get_default_sales_taxes_template(company: str) -> str | None:
	return frappe.db.get_value(
		"Sales Taxes and Charges Template", {"company": company, "is_default": 1, "disabled": 0}, "name"
	)
