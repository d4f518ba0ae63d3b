import datetime

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder.functions import Coalesce
from frappe.utils import flt, formatdate, getdate

from sales_flow.controllers.units import validate_uom_is_enabled

# an empty date opens the period on that side: compare it as the earliest or the latest date
OPEN_START = "0001-01-01"
OPEN_END = "9999-12-31"


class ItemPriceOverlapError(frappe.ValidationError):
	pass


class ItemPrice(Document):
	def validate(self) -> None:
		if not (self.item_code and self.price_list):
			# the mandatory check that follows names what is missing
			return
		self.validate_item_and_price_list_exist()
		self.set_uom_from_item()
		self.validate_item_is_enabled()
		self.validate_rate()
		self.validate_period()
		if self.is_new() or self.has_value_changed("uom"):
			validate_uom_is_enabled(self.uom, _("UOM"))
		self.validate_no_overlapping_price()

	def validate_item_and_price_list_exist(self) -> None:
		# Frappe v15 does not check a link that other fields fetch from (item name, currency) when
		# its target is missing
		for field, doctype in (("item_code", "Item"), ("price_list", "Price List")):
			if not frappe.db.exists(doctype, self.get(field)):
				frappe.throw(
					_("{0} {1} does not exist.").format(_(doctype), frappe.bold(self.get(field))),
					frappe.LinkValidationError,
				)

	def set_uom_from_item(self) -> None:
		# the form fetches it too; an import or an API call may leave it empty
		if not self.uom:
			self.uom = frappe.db.get_value("Item", self.item_code, "stock_uom")

	def validate_item_is_enabled(self) -> None:
		# existing prices of an item disabled later stay editable; no new price is given to it
		if not (self.is_new() or self.has_value_changed("item_code")):
			return
		if frappe.db.get_value("Item", self.item_code, "disabled"):
			frappe.throw(
				_("Item {0} is disabled: it cannot get a new price.").format(frappe.bold(self.item_code))
			)

	def validate_rate(self) -> None:
		if flt(self.price_list_rate) < 0:
			frappe.throw(
				_("The rate of {0} in {1} cannot be negative.").format(
					frappe.bold(self.item_code), frappe.bold(self.price_list)
				)
			)

	def validate_period(self) -> None:
		if self.valid_from and self.valid_upto and getdate(self.valid_upto) < getdate(self.valid_from):
			frappe.throw(
				_("Valid Upto ({0}) cannot be before Valid From ({1}).").format(
					frappe.bold(formatdate(self.valid_upto)), frappe.bold(formatdate(self.valid_from))
				)
			)

	def validate_no_overlapping_price(self) -> None:
		"""On a given day one price applies per item, price list, unit and customer: the lookup
		(sales_flow.pricing.price_lists) would otherwise pick one of two prices arbitrarily."""
		# two users adding prices of one item at once would both see no overlap: the second waits here
		frappe.db.get_value("Item", self.item_code, "name", for_update=True)
		other = find_overlapping_price(self)
		if other:
			frappe.throw(overlap_message(self, other), ItemPriceOverlapError, title=_("Overlapping Prices"))


def find_overlapping_price(doc: Document) -> dict | None:
	"""The other price with the same key (item, price list, unit, customer; an empty customer is a
	key of its own) whose validity period shares at least one day with `doc`'s."""
	price = frappe.qb.DocType("Item Price")
	starts = date_or(doc.valid_from, OPEN_START)
	ends = date_or(doc.valid_upto, OPEN_END)
	rows = (
		frappe.qb.from_(price)
		.select(price.name, price.price_list_rate, price.valid_from, price.valid_upto)
		.where(price.item_code == doc.item_code)
		.where(price.price_list == doc.price_list)
		.where(Coalesce(price.uom, "") == (doc.uom or ""))
		.where(Coalesce(price.customer, "") == (doc.customer or ""))
		.where(price.name != (doc.name or ""))
		.where(Coalesce(price.valid_from, OPEN_START) <= ends)
		.where(Coalesce(price.valid_upto, OPEN_END) >= starts)
		.orderby(price.valid_from)
		.limit(1)
		.run(as_dict=True)
	)
	return rows[0] if rows else None


def date_or(value: str | datetime.date | None, default: str) -> str:
	return str(getdate(value)) if value else default


def overlap_message(doc: Document, other: dict) -> str:
	name, item, price_list = frappe.bold(other.name), frappe.bold(doc.item_code), frappe.bold(doc.price_list)
	uom = frappe.bold(_(doc.uom)) if doc.uom else _("(none)")
	period = describe_period(other.valid_from, other.valid_upto)
	if doc.customer:
		conflict = _(
			"Item Price {0} of {1} in {2} for the unit {3} and customer {4} is already valid {5}."
		).format(name, item, price_list, uom, frappe.bold(doc.customer), period)
	else:
		conflict = _(
			"Item Price {0} of {1} in {2} for the unit {3} and all customers is already valid {4}."
		).format(name, item, price_list, uom, period)
	rule = _("Two prices with the same item, price list, unit and customer cannot be valid on the same day.")
	return f"{conflict} {rule}"


def describe_period(valid_from: datetime.date | None, valid_upto: datetime.date | None) -> str:
	if valid_from and valid_upto:
		return _("from {0} to {1}").format(formatdate(valid_from), formatdate(valid_upto))
	if valid_from:
		return _("from {0} with no end date").format(formatdate(valid_from))
	if valid_upto:
		return _("until {0}").format(formatdate(valid_upto))
	return _("at any date")


def on_doctype_update() -> None:
	# every price lookup filters on the item and the price list first
	frappe.db.add_index("Item Price", ["item_code", "price_list"])
