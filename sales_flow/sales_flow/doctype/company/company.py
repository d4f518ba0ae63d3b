""""""

import frappe
from frappe import _
from frappe.model.document import Document

from sales_flow.regional.france.identifiers import validate_siren, validate_siret, validate_vat


class Company(Document):
	def validate(self) -> None:
		self.abbr = (self.abbr or "").strip().upper()
		if not self.abbr:
			frappe.throw(_("Abbreviation is mandatory."))
		self.validate_abbr_is_unique()
		self.siren = validate_siren(self.siren)
		self.siret = validate_siret(self.siret, self.siren)
		self.tax_id = validate_vat(self.tax_id)
		self.validate_vat_matches_siren()
		self.validate_amounts()

	def after_insert(self) -> None:
		# the first company becomes the default one for new documents
		if not frappe.defaults.get_global_default("company"):
			frappe.defaults.set_global_default("company", self.name)

	def validate_abbr_is_unique(self) -> None:
		other = frappe.db.get_value("Company", {"abbr": self.abbr, "name": ("!=", self.name)})
		if other:
			frappe.throw(_("Abbreviation {0} is already used by company {1}.").format(self.abbr, other))

	def validate_vat_matches_siren(self) -> None:
		if (
			self.siren
			and self.tax_id
			and self.tax_id.startswith("FR")
			and not self.tax_id.endswith(self.siren)
		):
			frappe.throw(_("VAT number {0} does not match the SIREN {1}.").format(self.tax_id, self.siren))

	def validate_amounts(self) -> None:
		for field in ("share_capital", "late_payment_penalty_rate", "recovery_indemnity"):
			if (self.get(field) or 0) < 0:
				frappe.throw(_("{0} cannot be negative.").format(_(self.meta.get_label(field))))
