import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from sales_flow.controllers.units import validate_uom_is_enabled
from sales_flow.variants.items import sync_variants, validate_item


class Item(Document):
	def validate(self) -> None:
		self.item_code = (self.item_code or "").strip()
		self.item_name = (self.item_name or "").strip() or self.item_code
		self.validate_standard_rate()
		self.validate_max_discount()
		self.validate_weight()
		self.validate_chosen_uoms_are_enabled()
		self.validate_vat_class_is_enabled()
		validate_item(self)  # a template, a variant, or neither

	def on_update(self) -> None:
		sync_variants(self)

	def validate_standard_rate(self) -> None:
		if flt(self.standard_rate) < 0:
			frappe.throw(
				_("The Standard Selling Rate of {0} cannot be negative.").format(frappe.bold(self.item_code))
			)

	def validate_max_discount(self) -> None:
		if not 0 <= flt(self.max_discount) <= 100:
			frappe.throw(
				_("The Max Discount of {0} must be between 0 and 100 %, not {1}.").format(
					frappe.bold(self.item_code), flt(self.max_discount)
				)
			)

	def validate_weight(self) -> None:
		if flt(self.weight_per_unit) < 0:
			frappe.throw(
				_("The Weight Per Unit of {0} cannot be negative.").format(frappe.bold(self.item_code))
			)
		if flt(self.weight_per_unit) and not self.weight_uom:
			frappe.throw(
				_("Set the Weight UOM of {0}: its weight has no unit.").format(frappe.bold(self.item_code))
			)

	def validate_chosen_uoms_are_enabled(self) -> None:
		# only a newly chosen unit: an item keeps working after one of its units is disabled
		for field in ("stock_uom", "weight_uom"):
			if self.is_new() or self.has_value_changed(field):
				validate_uom_is_enabled(self.get(field), _(self.meta.get_label(field)))

	def validate_vat_class_is_enabled(self) -> None:
		template = self.item_tax_template
		if not template or not (self.is_new() or self.has_value_changed("item_tax_template")):
			return
		if frappe.db.get_value("Item Tax Template", template, "disabled"):
			frappe.throw(_("The VAT class {0} is disabled.").format(frappe.bold(template)))
