import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt

from sales_flow.subscriptions.periods import INTERVALS


class SubscriptionPlan(Document):
	def validate(self) -> None:
		if self.billing_interval not in INTERVALS:
			frappe.throw(_("Choose a billing interval: Day, Week, Month or Year."))
		if cint(self.billing_interval_count) < 1:
			frappe.throw(_("The billing interval count must be at least 1."))
		if self.price_determination == "Based On Price List":
			if not self.price_list:
				frappe.throw(_("Choose the price list the plan's price is taken from."))
			self.cost = 0
			self.currency = self.currency or frappe.get_cached_value(
				"Price List", self.price_list, "currency"
			)
		elif flt(self.cost) < 0:
			frappe.throw(_("The cost of a plan cannot be negative."))
		self.validate_interval_unchanged_while_used()

	def validate_interval_unchanged_while_used(self) -> None:
		"""Periods already invoiced were cut by the old interval: changing it would shift them all."""
		if self.is_new():
			return
		before = self.get_doc_before_save()
		changed = before and (
			before.billing_interval != self.billing_interval
			or cint(before.billing_interval_count) != cint(self.billing_interval_count)
		)
		if changed and frappe.db.exists("Subscription Plan Detail", {"plan": self.name}):
			frappe.throw(
				_(
					"Plan {0} is used by subscriptions: create a new plan rather than change its interval."
				).format(self.name)
			)
