"""The demo's everyday sales stories: quotations left open or expired, orders delivered, invoiced
and paid in every order and state, holds, credit notes, down payments and advances."""

from collections.abc import Callable

from frappe.model.document import Document

from sales_flow.demo.replay import Replay, Story


def quotation_only(r: Replay, customer: dict) -> Story:
	r.quotation(customer)
	yield from ()


def ordered(r: Replay, customer: dict) -> Story:
	"""A quotation, and its order a few days later."""
	quotation = r.quotation(customer)
	yield r.order_delay()
	return r.order(quotation)


def settle(r: Replay, invoice: Document, payment: str) -> Story:
	"""Paid in full ("paid"), 40 % of it ("partly"), or not yet ("unpaid")."""
	if payment == "unpaid":
		return
	yield r.payment_delay(invoice)
	r.pay(invoice, 0.4 if payment == "partly" else 1)


def fulfil(r: Replay, order: Document, invoice_first: bool, payment: str = "paid") -> Story:
	"""Delivered and invoiced, in either order of steps, then settled; returns the invoice."""
	if invoice_first:
		yield r.days(0, 5)
		invoice = r.invoice(order)
		yield r.days(1, 10)
		r.deliver(r.rng.choice((order, invoice)))
	else:
		yield r.days(3, 15)
		delivery = r.deliver(order)
		yield r.days(0, 7)
		invoice = r.invoice(delivery)
	yield from settle(r, invoice, payment)
	return invoice


def cycle(payment: str, invoice_first: bool | None = None) -> Callable[[Replay, dict], Story]:
	"""The whole cycle, settled as `payment` says; invoice_first None draws the order of steps."""

	def story(r: Replay, customer: dict) -> Story:
		order = yield from ordered(r, customer)
		first = r.rng.random() < 0.5 if invoice_first is None else invoice_first
		yield from fulfil(r, order, first, payment)

	return story


def split_order(r: Replay, customer: dict) -> Story:
	"""Ordered in two goes, the second order taking what the first left; both fulfilled."""
	quotation = r.quotation(customer)
	yield r.order_delay()
	r.start(r.day, fulfil(r, r.order(quotation, part=True), invoice_first=True))
	yield r.days(7, 20)
	yield from fulfil(r, r.order(quotation), invoice_first=False)


def partial_order(r: Replay, customer: dict) -> Story:
	"""Only part of the quotation is ordered: it stays Partially Ordered."""
	quotation = r.quotation(customer)
	yield r.order_delay()
	yield from fulfil(r, r.order(quotation, part=True), r.rng.random() < 0.5)


def partly_delivered(r: Replay, customer: dict) -> Story:
	"""Half delivered and that half invoiced and paid: To Deliver and Bill."""
	order = yield from ordered(r, customer)
	yield r.days(3, 12)
	delivery = r.deliver(order, part=True)
	yield r.days(0, 5)
	yield from settle(r, r.invoice(delivery), "paid")


def delivered_not_invoiced(r: Replay, customer: dict) -> Story:
	order = yield from ordered(r, customer)
	yield r.days(1, 4)
	r.deliver(order)


def invoiced_not_delivered(r: Replay, customer: dict) -> Story:
	order = yield from ordered(r, customer)
	yield r.days(0, 2)
	yield from settle(r, r.invoice(order), "paid")


def on_hold(r: Replay, customer: dict) -> Story:
	order = yield from ordered(r, customer)
	yield r.days(2, 6)
	r.set_order_status(order, "On Hold")


def credit_note_and_close(r: Replay, customer: dict) -> Story:
	"""Paid, then part of it sent back: a credit note, and the order closed (nothing more to bill)."""
	order = yield from ordered(r, customer)
	invoice = yield from fulfil(r, order, r.rng.random() < 0.5)
	yield r.days(10, 20)
	r.credit_note(invoice)
	r.set_order_status(order, "Closed")


def down_payment(r: Replay, customer: dict) -> Story:
	"""A 30 % down-payment invoice, paid; the final invoice deducts it."""
	order = yield from ordered(r, customer)
	yield r.days(0, 2)
	yield from settle(r, r.down_payment(order), "paid")
	yield r.days(5, 20)
	r.deliver(order)
	yield r.days(0, 3)
	yield from settle(r, r.invoice(order), "paid")


def advance_payment(r: Replay, customer: dict) -> Story:
	"""30 % paid on the order; the invoice deducts it."""
	order = yield from ordered(r, customer)
	yield r.days(1, 3)
	r.pay(order, 0.3)
	yield from fulfil(r, order, invoice_first=False)


# customers whose invoices fall due later, or within 30 days (None: private customers, paid on receipt)
DUE_LATER = ("30 jours", "45 jours fin de mois")
DUE_SOON = (None, "Comptant", "30 jours")
# (story, how many per unit of scale, age of its quotation in days, payment terms of its customer)
STORIES: tuple[tuple[Callable[[Replay, dict], Story], int, tuple[int, int], tuple | None], ...] = (
	(quotation_only, 11, (35, 178), None),  # Expired by now
	(quotation_only, 5, (0, 25), None),  # still Open
	(split_order, 2, (70, 170), None),
	(partial_order, 2, (40, 150), None),
	(cycle("paid", invoice_first=True), 4, (45, 178), None),
	(cycle("paid", invoice_first=False), 4, (45, 178), None),
	(cycle("unpaid"), 1, (90, 170), DUE_SOON),  # Overdue
	(cycle("partly"), 1, (90, 170), DUE_SOON),  # Overdue, part paid
	(cycle("partly"), 1, (18, 26), DUE_LATER),  # Partly Paid
	(cycle("unpaid"), 1, (6, 14), DUE_LATER),  # Unpaid
	(partly_delivered, 1, (30, 60), None),
	(delivered_not_invoiced, 1, (5, 15), None),
	(invoiced_not_delivered, 1, (10, 30), None),
	(ordered, 1, (3, 10), None),  # nothing done yet
	(on_hold, 1, (15, 40), None),
	(credit_note_and_close, 1, (100, 170), None),
	(down_payment, 1, (60, 120), None),
	(advance_payment, 1, (45, 100), None),
)
