"""A coupon: a promotion or a gift card whose code activates a coupon-based pricing rule. Its use is
counted on submit by sales_flow.pricing.coupons.update_coupon_usage."""

import secrets

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate


class CouponCode(Document):
	def validate(self) -> None:
		if not self.coupon_code:
			self.coupon_code = generate_code()
		self.coupon_code = self.coupon_code.strip().upper()
		if self.coupon_type == "Gift Card":
			if not self.customer:
				frappe.throw(_("A gift card belongs to a customer: choose it."))
			self.maximum_use = 1
		else:
			self.customer = None
		if cint(self.maximum_use) < 0:
			frappe.throw(_("Maximum Use cannot be negative."))
		if self.valid_from and self.valid_upto and getdate(self.valid_from) > getdate(self.valid_upto):
			frappe.throw(_("Valid From must not be after Valid Upto."))
		if self.pricing_rule and not frappe.db.get_value(
			"Pricing Rule", self.pricing_rule, "coupon_code_based"
		):
			frappe.throw(
				_("Pricing Rule {0} is not coupon code based: tick Coupon Code Based on it first.").format(
					frappe.bold(self.pricing_rule)
				)
			)


def generate_code() -> str:
	"""Ten letters and digits, without the ones read wrongly (0/O, 1/I)."""
	alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	while True:
		code = "".join(secrets.choice(alphabet) for _ in range(10))
		if not frappe.db.exists("Coupon Code", {"coupon_code": code}):
			return code
