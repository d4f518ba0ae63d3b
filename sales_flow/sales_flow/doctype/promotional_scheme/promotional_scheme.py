"""A promotional scheme: quantity or amount slabs, each generating one Pricing Rule kept in step
with it (created, updated, deleted on save). Its rules are changed only through the scheme."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from sales_flow.pricing.rules import CONDITION_FIELDS, PRICE_FIELDS, PRODUCT_FIELDS
from sales_flow.sales_flow.doctype.pricing_rule.pricing_rule import validate_conditions

SLAB_TABLES = {"price_discount_slabs": "Price", "product_discount_slabs": "Product"}
INFINITY = float("inf")


class PromotionalScheme(Document):
	def validate(self) -> None:
		validate_conditions(self)
		if not (self.price_discount_slabs or self.product_discount_slabs):
			frappe.throw(_("Add at least one price or product discount slab."))
		for table in SLAB_TABLES:
			validate_slabs(self.get(table))
		for slab in self.product_discount_slabs:
			if not slab.same_item and not slab.free_item:
				frappe.throw(
					_("Product discount slab {0}: choose the Free Item, or tick Same Item.").format(slab.idx)
				)
		# the rules must be valid too: build them now, before anything is written
		for rule in self.rules_to_save():
			rule.run_method("validate")

	def on_update(self) -> None:
		self.sync_pricing_rules()

	def on_trash(self) -> None:
		for name in frappe.get_all("Pricing Rule", {"promotional_scheme": self.name}, pluck="name"):
			retire_rule(name, detach=True)

	def rules_to_save(self) -> list:
		"""One Pricing Rule per slab, the existing one reused (its name stays)."""
		existing = (
			{
				r.promotional_scheme_id: r.name
				for r in frappe.get_all(
					"Pricing Rule", {"promotional_scheme": self.name}, ["name", "promotional_scheme_id"]
				)
			}
			if not self.is_new()
			else {}
		)
		rules = []
		for table, kind in SLAB_TABLES.items():
			for slab in self.get(table):
				slab.name = slab.name or frappe.generate_hash(length=10)
				name = existing.get(slab.name)
				rule = frappe.get_doc("Pricing Rule", name) if name else frappe.new_doc("Pricing Rule")
				rule.update({f: self.get(f) for f in CONDITION_FIELDS})
				rule.set("items", [{"item_code": r.item_code, "uom": r.uom} for r in self.items])
				rule.set("item_groups", [{"item_group": r.item_group} for r in self.item_groups])
				rule.update(
					{
						"title": f"{self.name} - {slab.rule_description or slab.idx}"[:140],
						"price_or_product_discount": kind,
						"promotional_scheme": self.name,
						"promotional_scheme_id": slab.name,
						"disable": self.disable or slab.disable,
						"selling": 1,
						"priority": slab.priority,
						"apply_multiple_pricing_rules": slab.apply_multiple_pricing_rules,
						"min_qty": slab.min_qty,
						"max_qty": slab.max_qty,
						"min_amt": slab.min_amount,
						"max_amt": slab.max_amount,
						**{f: slab.get(f) for f in (PRICE_FIELDS if kind == "Price" else PRODUCT_FIELDS)},
					}
				)
				rule.flags.from_promotional_scheme = True
				rules.append(rule)
		return rules

	def sync_pricing_rules(self) -> None:
		kept = set()
		for rule in self.rules_to_save():
			rule.flags.from_promotional_scheme = True
			rule.save(ignore_permissions=True)
			kept.add(rule.name)
		for name in frappe.get_all("Pricing Rule", {"promotional_scheme": self.name}, pluck="name"):
			if name not in kept:
				retire_rule(name)


def retire_rule(name: str, detach: bool = False) -> None:
	"""A rule whose slab is gone: deleted, or disabled when documents or coupons name it (they keep
	their history); `detach` (the scheme itself is deleted) also unlinks it from its scheme."""
	if frappe.db.exists("Pricing Rule Detail", {"pricing_rule": name}) or frappe.db.exists(
		"Coupon Code", {"pricing_rule": name}
	):
		values = {"disable": 1}
		if detach:
			values.update(promotional_scheme=None, promotional_scheme_id=None)
		frappe.db.set_value("Pricing Rule", name, values)
		return
	rule = frappe.get_doc("Pricing Rule", name)
	rule.flags.from_promotional_scheme = True
	rule.delete(ignore_permissions=True)


def slab_range(slab, low: str, high: str) -> tuple[float, float]:
	return flt(slab.get(low)), flt(slab.get(high)) or INFINITY


def validate_slabs(slabs) -> None:
	"""Bounds in order, and no two slabs of a table that one quantity and amount would both meet."""
	active = [s for s in slabs if not s.disable]
	for slab in active:
		for low, high in (("min_qty", "max_qty"), ("min_amount", "max_amount")):
			lo, hi = slab_range(slab, low, high)
			if lo < 0 or lo > hi:
				frappe.throw(
					_("Slab {0}: {1} must be between 0 and {2}.").format(
						slab.idx, _(slab.meta.get_label(low)), _(slab.meta.get_label(high))
					)
				)
	for n, a in enumerate(active):
		for b in active[n + 1 :]:
			if overlaps(a, b):
				frappe.throw(
					_("Slabs {0} and {1} overlap: a quantity or amount would meet both.").format(
						a.idx, b.idx
					),
					title=_("Overlapping Slabs"),
				)


def overlaps(a, b) -> bool:
	for low, high in (("min_qty", "max_qty"), ("min_amount", "max_amount")):
		a_lo, a_hi = slab_range(a, low, high)
		b_lo, b_hi = slab_range(b, low, high)
		if a_lo > b_hi or b_lo > a_hi:
			return False
	return True
