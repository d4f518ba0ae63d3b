"""Quotations followed up, lost, revised and made from templates; sales priced by rules and
coupons, through a partner and a sales team; subscriptions billed by the app's own generator."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import frappe
from frappe.model.document import Document
from frappe.utils import add_months

from sales_flow.demo.data import COMPANY, HT_TAXES
from sales_flow.demo.features.crm_stories import CustomerStory
from sales_flow.demo.features.data import BUNDLE, COUPON, PARTNER, PLANS, SHIPPING_RULE, TEMPLATES
from sales_flow.demo.masters import insert
from sales_flow.demo.replay import Replay, Story, submit
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from sales_flow.sales_flow.doctype.quotation_template.quotation_template import (
	apply_quotation_template,
	make_quotation_from_template,
)
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice
from sales_flow.sales_flow.doctype.subscription.subscription import cancel_subscription
from sales_flow.subscriptions.billing import process_batch
from sales_flow.subscriptions.status import refresh_status


def followed_up(due_today: bool) -> CustomerStory:
	"""Open quotations phoned and mailed; some are due for their next follow-up today."""

	def story(r: Replay, customer: dict) -> Story:
		quotation = r.quotation(customer)
		quotation.db_set("printed_comment", "<p>Offre établie suite à notre rendez-vous.</p>")
		yield r.days(2, 4)
		quotation.reload()
		quotation.record_follow_up(
			str(r.day),
			"Phone",
			"Pas de réponse, message laissé.",
			"No Answer",
			str(r.day + timedelta(days=3)),
		)
		yield 3
		quotation.reload()
		next_date = r.today if due_today else r.today + timedelta(days=r.days(2, 6))
		quotation.record_follow_up(
			str(r.day),
			"Email",
			"Relance par courriel avec la fiche produit.",
			"Interested",
			str(max(next_date, r.day)),
		)

	return story


def lost_quotation(reasons: list[str], competitor: str | None) -> CustomerStory:
	def story(r: Replay, customer: dict) -> Story:
		quotation = yield from met(r, customer, (5, 20), "Rendez-vous chez le client.", "Declined")
		quotation.set_as_lost(
			[{"lost_reason": reason} for reason in reasons],
			[{"competitor": competitor}] if competitor else [],
			"Le client a préféré une autre offre." if competitor else None,
		)

	return story


def met(r: Replay, customer: dict, days: tuple[int, int], note: str, outcome: str) -> Story:
	"""A quotation, then a meeting with the customer a few `days` later, logged as its follow-up;
	returns the quotation, reloaded."""
	quotation = r.quotation(customer)
	yield r.days(*days)
	quotation.reload()
	quotation.record_follow_up(str(r.day), "Meeting", note, outcome)
	quotation.reload()
	return quotation


def revised(r: Replay, customer: dict) -> Story:
	"""A quotation revised after negotiation: the first one Superseded, the revision open."""
	quotation = yield from met(r, customer, (3, 7), "Le client demande une remise.", "Negotiating")
	revision = frappe.get_doc("Quotation", quotation.make_revision())
	revision.apply_discount_on = "Net Total"
	revision.additional_discount_percentage = 5
	revision.printed_comment = "<p>Version révisée : remise commerciale de 5 % accordée.</p>"
	revision.submit()


def from_template(template: str, order: bool) -> CustomerStory:
	"""A quotation made from a template in one click, ordered with its alternative line chosen."""

	def story(r: Replay, customer: dict) -> Story:
		draft = frappe.get_doc(make_quotation_from_template(customer["name"], template))
		draft.update({"company": COMPANY, "transaction_date": r.day, "taxes_and_charges": HT_TAXES})
		quotation = submit(draft)
		if order:
			yield r.order_delay()
			alternatives = [row.name for row in quotation.items if row.is_alternative]
			sales_order = make_sales_order(quotation.name, chosen_alternatives=alternatives)
			sales_order.update(
				{"transaction_date": r.day, "delivery_date": min(r.day + timedelta(days=15), r.today)}
			)
			submit(sales_order)

	return story


def template_appended(r: Replay, customer: dict) -> Story:
	"""A draft with a line of its own, the template's lines added after it, then submitted."""
	draft = insert(quotation_of(r, customer, [("CAFE-1KG", 4)]))
	apply_quotation_template(draft.name, TEMPLATES[1])
	frappe.get_doc("Quotation", draft.name).submit()
	yield from ()


def sold(r: Replay, customer: dict, items: list[tuple], **values) -> Document:
	"""A quotation and its order (the order carrying `values`), then invoiced."""
	quotation = submit(frappe.get_doc(quotation_of(r, customer, items)))
	order = make_sales_order(quotation.name)
	order.update(
		{"transaction_date": r.day, "delivery_date": min(r.day + timedelta(days=7), r.today), **values}
	)
	return submit(order)


def quotation_of(r: Replay, customer: dict, items: list[tuple]) -> dict:
	"""A quotation to the customer, dated today in the replay, excluding VAT: (item code, qty) lines."""
	return {
		"doctype": "Quotation",
		"quotation_to": "Customer",
		"party_name": customer["name"],
		"company": COMPANY,
		"transaction_date": r.day,
		"taxes_and_charges": HT_TAXES,
		"items": [{"item_code": code, "qty": qty} for code, qty in items],
	}


def priced_by_rules(coupon: bool) -> CustomerStory:
	"""Office supplies: the group discount, the quantity break and the free capsules; or a coupon."""

	def story(r: Replay, customer: dict) -> Story:
		values = {"coupon_code": COUPON} if coupon else {}
		order = sold(r, customer, [("RAMETTE-A4", 60), ("CAPSULES", 20)], **values)
		yield r.days(1, 5)
		invoice = make_sales_invoice(order.name)
		invoice.posting_date = r.day
		submit(invoice)

	return story


def through_partner(bundle: bool, shipping: bool) -> CustomerStory:
	"""Sold through the partner by two salespeople; a bundle; shipping charged by the rule."""

	def story(r: Replay, customer: dict) -> Story:
		# three packs: the promotional scheme's first slab
		items = [(BUNDLE, 3)] if bundle else [("ECRAN-27", 1), ("RAMETTE-A4", 10)]
		values = {
			"sales_partner": PARTNER,
			"sales_team": [
				{"sales_person": "Sophie Commerciale", "allocated_percentage": 60},
				{"sales_person": "Karim Terrain", "allocated_percentage": 40},
			],
		}
		if shipping:
			values["shipping_rule"] = SHIPPING_RULE
		order = sold(r, customer, items, **values)
		yield r.days(1, 6)
		invoice = make_sales_invoice(order.name)
		invoice.posting_date = r.day
		submit(invoice)

	return story


def subscribed(plan: str, qty: int, cancel_after: int | None = None) -> CustomerStory:
	"""A subscription billed by the app's generator on each replayed day a period starts; cancelled
	at the end of its period `cancel_after` periods in when given."""

	def story(r: Replay, customer: dict) -> Story:
		sub = insert(
			{
				"doctype": "Subscription",
				"party_type": "Customer",
				"party": customer["name"],
				"company": COMPANY,
				"start_date": r.day,
				"plans": [{"plan": plan, "qty": qty}],
				"generate_invoice_at": "Beginning of the current subscription period",
				"days_until_due": 30,
				"submit_invoice": 1,
				"sales_tax_template": HT_TAXES,
			}
		)
		periods = 0
		while True:
			process_batch([sub.name], r.day, commit_each=False)
			pay_open_invoices(r, sub.name)
			periods += 1
			if periods == cancel_after:
				with current_date(r.day):
					cancel_subscription(sub.name, at_period_end=1)
			if r.day >= r.today:
				refresh_status(sub.name, r.today)
				return
			yield (next_period_start(r.day, PLANS[plan][2]) - r.day).days

	return story


def pay_open_invoices(r: Replay, subscription: str) -> None:
	"""Subscriptions are paid by bank transfer when invoiced."""
	for name in frappe.get_all(
		"Sales Invoice",
		filters={"subscription": subscription, "docstatus": 1, "outstanding_amount": (">", 0)},
		pluck="name",
	):
		r.pay(frappe.get_doc("Sales Invoice", name))


def next_period_start(day: date, interval: str) -> date:
	return add_months(day, 12 if interval == "Year" else 1)


@contextmanager
def current_date(day: date) -> Iterator[None]:
	"""The subscription code reads today from frappe.flags.current_date."""
	saved, frappe.flags.current_date = frappe.flags.current_date, day
	try:
		yield
	finally:
		frappe.flags.current_date = saved


def in_france(customer: dict) -> bool:
	"""The shipping rule ships to France only."""
	return customer["country"] == "France"


def administration(customer: dict) -> bool:
	return customer["group"] == "Administrations"
