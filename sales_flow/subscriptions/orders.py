"""Recurring lines of a Sales Order (`subscription_plan` on the line) start a Subscription when the
order is submitted, at the rate agreed on the order's line; cancelling the order cancels it, as long
as it has invoiced nothing yet."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.subscriptions.billing import load_plans
from sales_flow.subscriptions.quotes import check_plan_items, recurring_rows


def create_subscriptions(order, method: str | None = None) -> None:
	"""One subscription per billing interval found on the order's recurring lines."""
	rows = recurring_rows(order)
	if not rows:
		return
	plans = load_plans(sorted({row.subscription_plan for row in rows}))
	check_plan_items(rows, plans)
	by_interval: dict[tuple, list] = defaultdict(list)
	for row in rows:
		plan = plans[row.subscription_plan]
		by_interval[plan.billing_interval, plan.billing_interval_count].append(row)
	for group in by_interval.values():
		subscription = frappe.get_doc(
			{
				"doctype": "Subscription",
				"party_type": "Customer",
				"party": order.customer,
				"company": order.company,
				"start_date": order.transaction_date,
				"sales_order": order.name,
				"sales_tax_template": order.get("taxes_and_charges"),
				"sales_partner": order.get("sales_partner"),
				"coupon_code": order.get("coupon_code"),
				# each interval at the price agreed on the order (the quotation's, when ordered from one)
				"plans": [
					{"plan": row.subscription_plan, "qty": flt(row.qty), "rate": flt(row.rate)}
					for row in group
				],
			}
		)
		subscription.insert(ignore_permissions=True)
		frappe.msgprint(
			_("Subscription {0} created for the recurring lines.").format(
				frappe.utils.get_link_to_form("Subscription", subscription.name)
			),
			alert=True,
		)


def subscriptions_of(order_name: str) -> list[str]:
	return frappe.get_all("Subscription", filters={"sales_order": order_name}, pluck="name")


def check_subscriptions_can_go(order, method: str | None = None) -> None:
	"""Before anything is written: a subscription that has invoiced stays, and so does the order."""
	invoiced = [
		name
		for name in subscriptions_of(order.name)
		if frappe.db.exists("Sales Invoice", {"subscription": name})
	]
	if invoiced:
		frappe.throw(
			_("Subscription {0} of this order already has invoices: cancel the subscription instead.").format(
				", ".join(invoiced)
			),
			title=_("Cannot Cancel"),
		)


def cancel_subscriptions(order, method: str | None = None) -> None:
	"""Kept, marked cancelled from its start: it never billed, and the order's trail stays readable."""
	for name in subscriptions_of(order.name):
		start = frappe.db.get_value("Subscription", name, "start_date")
		frappe.db.set_value(
			"Subscription", name, {"status": "Cancelled", "cancelation_date": start, "end_date": start}
		)
