import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, getdate

from sales_flow.subscriptions import billing, changes
from sales_flow.subscriptions.clock import today
from sales_flow.subscriptions.status import refresh_status
from sales_flow.utils.arguments import checked_arguments, date_argument, rows_argument


class Subscription(Document):
	def validate(self) -> None:
		self.party_type = "Customer"
		self.validate_dates()
		self.validate_plans()
		self.validate_links()
		if self.is_new():
			self.status = (
				"Trialing"
				if self.trial_period_end and getdate(self.trial_period_end) >= today()
				else "Active"
			)
		else:
			self.set_invoice_log()

	def set_invoice_log(self) -> None:
		"""The log is rebuilt from the invoices themselves: a form opened before the last run must not
		save back a shorter list."""
		rows = frappe.get_all(
			"Sales Invoice",
			filters={"subscription": self.name},
			fields=["name", "from_date", "to_date", "is_return", "subscription_period_key"],
			order_by="creation, name",
		)
		self.set(
			"invoices",
			[
				{"invoice": r.name, "from_date": r.from_date, "to_date": r.to_date, "kind": invoice_kind(r)}
				for r in rows
			],
		)

	def validate_dates(self) -> None:
		if self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(_("The end date cannot be before the start date."))
		if bool(self.trial_period_start) != bool(self.trial_period_end):
			frappe.throw(_("Give both the start and the end of the trial period, or neither."))
		if self.trial_period_end:
			if getdate(self.trial_period_end) < getdate(self.trial_period_start):
				frappe.throw(_("The trial period cannot end before it starts."))
			if getdate(self.trial_period_start) != getdate(self.start_date):
				frappe.throw(_("The trial period starts on the subscription's start date."))
		if (self.days_until_due or 0) < 0:
			frappe.throw(_("The days until due cannot be negative."))

	def validate_plans(self) -> None:
		if not self.plans:
			frappe.throw(_("A subscription needs at least one plan."))
		for row in self.plans:
			if flt(row.qty) < 1:
				frappe.throw(_("Row {0}: the quantity must be at least 1.").format(row.idx))
		plans = billing.load_plans(sorted({row.plan for row in self.plans}))
		missing = [row.plan for row in self.plans if row.plan not in plans]
		if missing:
			frappe.throw(_("Subscription Plan {0} does not exist.").format(missing[0]))
		intervals = {(p.billing_interval, int(p.billing_interval_count or 1)) for p in plans.values()}
		if len(intervals) > 1:
			frappe.throw(_("All plans of a subscription must have the same billing interval."))

	def validate_links(self) -> None:
		if self.sales_tax_template:
			template_company = frappe.db.get_value(
				"Sales Taxes and Charges Template", self.sales_tax_template, "company"
			)
			if template_company != self.company:
				frappe.throw(
					_("Tax template {0} belongs to company {1}, not {2}.").format(
						self.sales_tax_template, template_company, self.company
					)
				)

	def on_trash(self) -> None:
		if frappe.db.exists("Sales Invoice", {"subscription": self.name, "docstatus": 1}):
			frappe.throw(_("Subscription {0} has submitted invoices: cancel it instead.").format(self.name))


def invoice_kind(row) -> str:
	if row.is_return:
		return "Credit Note"
	return "Adjustment" if "/change/" in (row.subscription_period_key or "") else "Period"


@frappe.whitelist()
@checked_arguments
def cancel_subscription(name: str, at_period_end: int | str = 0) -> dict:
	made = changes.cancel_subscription(name, bool(cint(at_period_end)))
	return {**made, "status": frappe.db.get_value("Subscription", name, "status")}


@frappe.whitelist()
@checked_arguments
def change_plans(name: str, plans: str | list, effective_date: str | None = None) -> dict:
	plans = rows_argument(plans, "plans")
	return changes.change_plans(name, plans, date_argument(effective_date, "effective_date"))


@frappe.whitelist()
@checked_arguments
def process_subscription(name: str) -> dict:
	"""The form's "Create due invoices" button: this subscription only, at once."""
	frappe.get_doc("Subscription", name).check_permission("write")
	summary = billing.process_batch([name], commit_each=False)
	refresh_status(name)
	return summary.as_dict()
