"""Sales stories told in date order on Frappe's clock (the Replay), and the steps they share."""

import heapq
import itertools
import random
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest.mock import patch

import frappe
import frappe.model.naming
import frappe.utils.data
from frappe.model.document import Document
from frappe.utils import flt, getdate

from sales_flow.demo.data import COMPANY, HT_TAXES, MODE_OF_PAYMENT, TTC_TAXES
from sales_flow.sales_flow.doctype.delivery_note.delivery_note import make_sales_invoice as invoice_delivery
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_delivery_note as deliver_invoice
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import (
	make_delivery_note,
	make_down_payment_invoice,
	make_sales_invoice,
)
from sales_flow.settings import get_selling_settings

# a story yields the days until its next step; some return the document they ended with
Story = Generator[int, None, Document | None]


class Replay:
	"""Sales stories told in date order, with Frappe's clock set to each day as it comes.

	Steps of all stories run in date order, so document numbers follow document dates (French
	invoices are numbered chronologically); a step due after today happens some day until today."""

	def __init__(self, rng: random.Random, today: date, customers: list[dict], items: list[tuple]):
		self.rng = rng
		self.today = today
		self.customers = customers
		self.items = items
		self.validity = int(get_selling_settings().default_valid_till or 0)
		self.queue: list[tuple[date, int, Story]] = []
		self.sequence = itertools.count()
		self.real_now = frappe.utils.data.now_datetime
		self.moment: datetime | None = None
		self.day: date | None = None
		self.steps_today = 0

	# --- running the stories

	def start(self, day: date, story: Story) -> None:
		heapq.heappush(self.queue, (day, next(self.sequence), story))

	def run(self) -> None:
		with self.clock():
			while self.queue:
				day, _, story = heapq.heappop(self.queue)
				self.move_to(day)
				wait = next(story, None)
				if wait is None:
					continue
				if day + timedelta(days=wait) > self.today:
					# recent stories go faster rather than all ending today
					wait = self.days(0, (self.today - day).days)
				self.start(day + timedelta(days=wait), story)

	@contextmanager
	def clock(self) -> Iterator[None]:
		"""Frappe's "now" is the replayed day: statuses, defaults, timestamps and numbering read as they
		did then (a quotation ordered while valid is not refused as expired today)."""
		with (
			patch.object(frappe.utils.data, "now_datetime", self.now),
			patch.object(frappe.model.naming, "now_datetime", self.now),
		):
			yield

	def now(self) -> datetime:
		return self.moment or self.real_now()

	def move_to(self, day: date) -> None:
		if day != self.day:
			self.day, self.steps_today = day, 0
		self.steps_today += 1
		# office hours, a few minutes between steps, never after the real now; microseconds never 0, or
		# the timestamp reads back without them and Frappe takes the document for modified meanwhile
		step = timedelta(seconds=min(self.steps_today * 420, 36000 + self.steps_today), microseconds=1)
		self.moment = min(datetime.combine(day, time(8, 30)) + step, self.real_now())

	# --- choices

	def days(self, least: int, most: int) -> int:
		return self.rng.randint(least, most)

	def customer(self, terms: tuple | None) -> dict:
		"""Any customer, or one whose payment terms are among `terms` (None: a private customer's)."""
		return self.rng.choice([c for c in self.customers if terms is None or c["terms"] in terms])

	def order_delay(self) -> int:
		"""Ordered while the quotation is valid."""
		return min(self.days(2, 20), max(self.validity - 1, 0))

	def payment_delay(self, invoice: Document) -> int:
		"""Paid about when due, some customers early, some late; cash terms within days."""
		posted = getdate(invoice.posting_date)
		term = (getdate(invoice.due_date) - posted).days
		paid_on = posted + timedelta(days=max(0, term + self.days(-12, 6)) if term else self.days(0, 3))
		return max(0, (paid_on - self.day).days)

	# --- documents, all through the mappers

	def quotation(self, customer: dict) -> Document:
		private = customer["group"] == "Particuliers"
		chosen = self.rng.sample(self.items, self.days(2, min(8, len(self.items))))
		doc = frappe.get_doc(
			{
				"doctype": "Quotation",
				"quotation_to": "Customer",
				"party_name": customer["name"],
				"company": COMPANY,
				"transaction_date": self.day,
				"taxes_and_charges": TTC_TAXES if private else HT_TAXES,
				"items": [self.line(item, private) for item in chosen],
			}
		)
		if not private and self.rng.random() < 0.2:
			doc.apply_discount_on = "Net Total"
			doc.additional_discount_percentage = self.rng.choice((2, 3, 5))
		return submit(doc)

	def line(self, item: tuple, private: bool) -> dict:
		_group, vat, uom, code, _name, price = item
		# private customers buy less
		if uom == "Hour":
			qty = self.rng.choice((1, 2, 3) if private else (2, 4, 7, 8, 14, 21))
		elif uom == "Meter":
			qty = self.rng.randrange(5, 40 if private else 160, 5)
		else:
			qty = self.days(1, 3 if private else 12)
		row = {"item_code": code, "qty": qty}
		if self.rng.random() < 0.25:
			row["discount_percentage"] = self.rng.choice((5, 10, 15))
		if private:
			# quoted with VAT included: the general list's price (without VAT), shown with it
			row["price_list_rate"] = round(price * (1 + vat / 100), 2)
		return row

	def order(self, quotation: Document, part: bool = False) -> Document:
		order = make_sales_order(quotation.name)
		if part:
			take_part(order)
		order.transaction_date = self.day
		order.delivery_date = min(self.day + timedelta(days=self.days(5, 20)), self.today)
		if quotation.customer_group != "Particuliers":
			order.po_no = f"BC-{self.day:%y%m}-{self.days(100, 999)}"
		return submit(order)

	def deliver(self, source: Document, part: bool = False) -> Document:
		make = make_delivery_note if source.doctype == "Sales Order" else deliver_invoice
		delivery = make(source.name)
		if part:
			take_part(delivery)
		delivery.posting_date = self.day
		return submit(delivery)

	def invoice(self, source: Document) -> Document:
		make = make_sales_invoice if source.doctype == "Sales Order" else invoice_delivery
		invoice = make(source.name)
		invoice.posting_date = self.day
		return submit(invoice)

	def down_payment(self, order: Document) -> Document:
		invoice = make_down_payment_invoice(order.name, 30)
		invoice.posting_date = self.day
		return submit(invoice)

	def credit_note(self, invoice: Document) -> Document:
		"""Part of the first line comes back."""
		credit = make_sales_return(invoice.name)
		credit.items = credit.items[:1]
		credit.items[0].qty = -max(1, abs(flt(credit.items[0].qty)) // 3)
		credit.posting_date = self.day
		return submit(credit)

	def pay(self, doc: Document, share: float = 1) -> Document:
		"""A bank transfer for `share` of what is open on an invoice, or of an order's total (an advance)."""
		amount = None
		if share < 1:
			base = (
				frappe.db.get_value("Sales Invoice", doc.name, "outstanding_amount")
				if doc.doctype == "Sales Invoice"
				else doc.rounded_total or doc.grand_total
			)
			amount = round(flt(base) * share, 2)
		payment = get_payment_entry(doc.doctype, doc.name, party_amount=amount)
		payment.update(
			{
				"posting_date": self.day,
				"reference_date": self.day,
				"mode_of_payment": MODE_OF_PAYMENT,
				"reference_no": f"VIR-{self.day:%Y%m%d}-{self.days(100000, 999999)}",
			}
		)
		return submit(payment)

	def set_order_status(self, order: Document, status: str) -> None:
		order.reload()
		order.update_status(status)


def submit(doc: Document) -> Document:
	doc.insert(ignore_permissions=True)
	doc.submit()
	return doc


def take_part(doc: Document) -> None:
	"""Part of a mapped draft: the first half of its lines, the first of those halved when it can be."""
	doc.items = doc.items[: (len(doc.items) + 1) // 2]
	for row in doc.items:
		if flt(row.qty) >= 2:
			row.qty = flt(row.qty) // 2
			break
