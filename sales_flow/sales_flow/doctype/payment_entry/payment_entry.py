import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, nowdate

from sales_flow.controllers.credits import (
	credit_notes_first,
	get_refund_entry,
	validate_credit_reference,
	validate_offset_allocation,
	validate_paid_amount,
	validate_refund_allocated,
)
from sales_flow.controllers.currency import get_exchange_rate
from sales_flow.controllers.field_checks.checked_input import CheckedInput
from sales_flow.controllers.holds import refuse_if_stopped
from sales_flow.controllers.payments import (
	allocate,
	allocation_order,
	invoice_total,
	order_advance_paid,
	outstanding_of,
	refuse_over_allocation,
	settle_allocations,
	update_invoice_outstanding,
)
from sales_flow.controllers.sales_document import SubmitOnce
from sales_flow.controllers.status import STOPPING
from sales_flow.settings import get_default_company
from sales_flow.totals.calculation import round_half_up
from sales_flow.utils.arguments import checked_arguments, date_argument, name_argument

REFERENCE_DOCTYPES = ("Sales Invoice", "Sales Order")


class PaymentEntry(CheckedInput, SubmitOnce, Document):
	def validate(self) -> None:
		self.set_missing_values()
		validate_paid_amount(self)  # nothing paid: a credit note offsets the invoices
		self.validate_references(lock=False)
		validate_refund_allocated(self)
		self.set_status()

	def before_submit(self) -> None:
		# under lock: another payment or a credit note may have settled the same invoice meanwhile
		self.validate_references(lock=True)

	def on_submit(self) -> None:
		self.set_status(update=True)
		self.update_references()

	def before_cancel(self) -> None:
		self.refuse_cancel_when_advance_is_used()

	def on_cancel(self) -> None:
		self.set_status(update=True)
		self.update_references()

	def set_missing_values(self) -> None:
		self.company = self.company or get_default_company()
		self.party_type = "Customer"
		self.party_name = frappe.get_cached_value("Customer", self.party, "customer_name")
		if not self.party_name:
			frappe.throw(_("Customer {0} does not exist.").format(self.party))
		company_currency = frappe.get_cached_value("Company", self.company, "default_currency")
		self.paid_from_account_currency = self.paid_from_account_currency or party_currency(
			self.party, self.company
		)
		if self.paid_from_account_currency == company_currency:
			self.source_exchange_rate = 1
		elif not flt(self.source_exchange_rate) or flt(self.source_exchange_rate) == 1:
			self.source_exchange_rate = get_exchange_rate(
				self.paid_from_account_currency, company_currency, self.posting_date
			)
		self.base_paid_amount = round_half_up(flt(self.paid_amount) * flt(self.source_exchange_rate))

	def validate_references(self, lock: bool) -> None:
		credit_notes_first(self)
		seen = set()
		for row in self.references:
			key = (row.reference_doctype, row.reference_name)
			if key in seen:
				frappe.throw(
					_("References row {0}: {1} {2} is listed twice.").format(row.idx, _(key[0]), key[1])
				)
			seen.add(key)
			self.validate_reference(row, lock)
		self.set("references", settle_allocations(self.references, self.paid_amount))
		for row in self.references:
			self.validate_allocation(row)
		refuse_over_allocation(self.references, self.paid_amount, self.format_amount)
		self.total_allocated_amount = round_half_up(sum(flt(r.allocated_amount) for r in self.references))
		self.unallocated_amount = round_half_up(flt(self.paid_amount) - self.total_allocated_amount)

	def validate_reference(self, row, lock: bool) -> None:
		if validate_credit_reference(self, row, lock):
			return  # a credit note refunded or offset (controllers/credits.py)
		if row.reference_doctype not in REFERENCE_DOCTYPES:
			frappe.throw(
				_("References row {0}: a payment settles a Sales Invoice or a Sales Order.").format(row.idx)
			)
		# the header is all the amounts below read: the lines (a hundred on an order) stay unread
		ref = frappe.db.get_value(
			row.reference_doctype, row.reference_name, "*", as_dict=True, for_update=lock
		)
		if not ref or ref.docstatus != 1:
			frappe.throw(
				_("References row {0}: {1} {2} is not submitted.").format(
					row.idx, _(row.reference_doctype), row.reference_name
				)
			)
		if ref.customer != self.party:
			frappe.throw(
				_("References row {0}: {1} is for another customer.").format(row.idx, row.reference_name)
			)
		if ref.currency != self.paid_from_account_currency:
			frappe.throw(
				_("References row {0}: {1} is in {2}, the payment in {3}.").format(
					row.idx, row.reference_name, ref.currency, self.paid_from_account_currency
				)
			)
		if lock or self.is_new():
			# as for deliveries and invoices: an earlier draft waits, its submit is refused
			refuse_if_stopped(row.reference_doctype, row.reference_name, ref.status)
		ref.doctype = row.reference_doctype
		row.currency = ref.currency
		row.total_amount = invoice_total(ref)
		row.outstanding_amount = self.open_amount(ref, lock)
		row.due_date = ref.get("due_date") or ref.get("delivery_date")

	def validate_allocation(self, row) -> None:
		if validate_offset_allocation(self, row):
			return
		if flt(row.allocated_amount) <= 0:
			frappe.throw(
				_("References row {0}: the allocated amount must be greater than zero.").format(row.idx)
			)
		if flt(row.allocated_amount) > flt(row.outstanding_amount) + 0.005:
			frappe.throw(
				_("References row {0}: {1} is allocated to {2}, which has only {3} outstanding.").format(
					row.idx,
					self.format_amount(row.allocated_amount),
					row.reference_name,
					self.format_amount(row.outstanding_amount),
				),
				title=_("Over-Allocation"),
			)

	def open_amount(self, doc, lock: bool = False) -> float:
		"""What this payment may still settle on `doc`, leaving its own earlier allocation aside."""
		own = 0.0
		if not self.is_new() and frappe.db.get_value("Payment Entry", self.name, "docstatus") == 1:
			own = flt(
				frappe.db.get_value(
					"Payment Entry Reference",
					{"parent": self.name, "reference_doctype": doc.doctype, "reference_name": doc.name},
					"allocated_amount",
				)
			)
		if doc.doctype == "Sales Invoice":
			if doc.is_return:
				frappe.throw(
					_("{0} is a credit note: it is not paid, it is applied to its invoice.").format(doc.name)
				)
			return round_half_up(outstanding_of(doc, lock) + own)
		if flt(doc.per_billed) >= 100:
			# an advance no invoice will ever deduct: the invoices are what is paid now
			frappe.throw(
				_("Order {0} is fully billed: record the payment against its invoices.").format(doc.name),
				title=_("Order Billed"),
			)
		return round_half_up(invoice_total(doc) - order_advance_paid(doc.name, lock) + own)

	def update_references(self) -> None:
		for row in self.references:
			if row.reference_doctype == "Sales Invoice":
				update_invoice_outstanding(row.reference_name)
			else:
				frappe.db.set_value(
					"Sales Order",
					row.reference_name,
					"advance_paid",
					order_advance_paid(row.reference_name),
					update_modified=False,
				)
				frappe.get_doc("Sales Order", row.reference_name).notify_update()

	def refuse_cancel_when_advance_is_used(self) -> None:
		invoices = frappe.db.sql(
			"""select distinct si.name from `tabSales Invoice Advance` adv join `tabSales Invoice` si on si.name = adv.parent
			where adv.reference_name = %s and si.docstatus = 1""",
			self.name,
			pluck=True,
		)
		if invoices:
			frappe.throw(
				_("This advance is deducted on {0}: cancel those invoices first.").format(
					", ".join(invoices)
				),
				frappe.LinkExistsError,
				title=_("Cannot Cancel"),
			)

	def set_status(self, update: bool = False) -> None:
		self.status = {0: "Draft", 1: "Submitted", 2: "Cancelled"}[self.docstatus]
		if update:
			self.db_set("status", self.status, update_modified=False)

	def format_amount(self, amount) -> str:
		return frappe.format(
			flt(amount), {"fieldtype": "Currency", "options": self.paid_from_account_currency}
		)


@frappe.whitelist()
@checked_arguments
def get_payment_entry(dt: str, dn: str, party_amount: float | None = None, **kwargs) -> Document:
	"""A draft payment of what is open on an invoice, or an advance on an order (ERPNext's signature)."""
	if dt not in REFERENCE_DOCTYPES:
		frappe.throw(_("A payment is made for a Sales Invoice or a Sales Order."))
	doc = frappe.get_doc(dt, dn)
	doc.check_permission("read")
	if doc.docstatus != 1:
		frappe.throw(_("{0} {1} must be submitted first.").format(_(dt), dn))
	if dt == "Sales Invoice" and doc.is_return:
		return get_refund_entry(doc)  # ERPNext's path: a payment of type Pay
	refuse_if_stopped(dt, dn, doc.status)  # no advance on an order on hold or closed
	payment = frappe.new_doc("Payment Entry")
	payment.update(
		{
			"company": doc.company,
			"posting_date": nowdate(),
			"party": doc.customer,
			"paid_from_account_currency": doc.currency,
			"source_exchange_rate": doc.conversion_rate,
		}
	)
	payment.set_missing_values()
	open_amount = payment.open_amount(doc)
	if open_amount <= 0:
		frappe.throw(_("Nothing is left to pay on {0} {1}.").format(_(dt), dn), title=_("Nothing to Pay"))
	amount = min(flt(party_amount), open_amount) if party_amount else open_amount
	payment.paid_amount = amount
	payment.base_paid_amount = round_half_up(amount * flt(payment.source_exchange_rate))
	payment.append(
		"references",
		{
			"reference_doctype": dt,
			"reference_name": dn,
			"total_amount": invoice_total(doc),
			"outstanding_amount": open_amount,
			"allocated_amount": amount,
			"due_date": doc.get("due_date"),
			"currency": doc.currency,
		},
	)
	payment.total_allocated_amount = amount
	payment.unallocated_amount = 0
	return payment


# the forms' Create menu passes source_name (frappe.model.open_mapped_doc)
@frappe.whitelist()
@checked_arguments
def make_advance_payment(source_name: str, target_doc=None) -> Document:
	return get_payment_entry("Sales Order", source_name)


@frappe.whitelist()
@checked_arguments
def make_invoice_payment(source_name: str, target_doc=None) -> Document:
	return get_payment_entry("Sales Invoice", source_name)


# --- the desk form: what the customer owes, and how a payment is spread over it ------------------

ORDER_STATUSES_CLOSED_TO_ADVANCES = (*STOPPING["Sales Order"], "Completed")


def check_party(party: str | None) -> None:
	"""The customer exists and the user may read it."""
	if not party:
		frappe.throw(_("Choose a customer first."))
	if not frappe.db.exists("Customer", party):
		frappe.throw(_("Customer {0} does not exist.").format(party), frappe.DoesNotExistError)
	frappe.has_permission("Customer", "read", party, throw=True)


def party_currency(party: str, company: str) -> str:
	"""The customer's currency, else the company's: the currency its payments are received in."""
	return frappe.get_cached_value("Customer", party, "default_currency") or frappe.get_cached_value(
		"Company", company, "default_currency"
	)


@frappe.whitelist()
@checked_arguments
def get_party_details(party: str, company: str | None = None, posting_date: str | None = None) -> dict:
	"""Name, currency and exchange rate of a payment from `party`, as saving the payment would set them."""
	check_party(party)
	if company:
		name_argument(company, "company", "Company")
	posting_date = date_argument(posting_date, "posting_date")
	payment = frappe.new_doc("Payment Entry")
	payment.update({"party": party, "company": company, "posting_date": posting_date or nowdate()})
	payment.set_missing_values()
	return {
		field: payment.get(field)
		for field in ("company", "party_name", "paid_from_account_currency", "source_exchange_rate")
	}


@frappe.whitelist()
@checked_arguments
def get_open_documents(party: str, company: str, currency: str | None = None) -> list[dict]:
	"""The customer's invoices left to pay, oldest due first, then its orders that can take an advance."""
	check_party(party)
	name_argument(company, "company", "Company")
	if currency:
		name_argument(currency, "currency", "Currency")
	currency = currency or party_currency(party, company)
	return sorted(
		open_invoices(party, company, currency) + open_orders(party, company, currency),
		key=allocation_order,
	)


def submitted_documents(
	doctype: str, owed_by: tuple[str, str, str], filters: dict, fields: list[str], order_by: str
) -> list:
	"""The submitted documents of `doctype` a payment may settle: `owed_by` is the customer, the
	company and the currency; with their totals and the given fields, in `order_by`."""
	party, company, currency = owed_by
	return frappe.get_list(
		doctype,
		filters={"customer": party, "company": company, "currency": currency, "docstatus": 1, **filters},
		fields=["name", "rounded_total", "grand_total", "currency", *fields],
		order_by=order_by,
	)


def open_invoices(party: str, company: str, currency: str) -> list[dict]:
	invoices = submitted_documents(
		"Sales Invoice",
		(party, company, currency),
		{"is_return": 0, "outstanding_amount": (">", 0)},
		["due_date", "outstanding_amount"],
		"due_date asc, posting_date asc, name asc",
	)
	return [
		open_document("Sales Invoice", doc, doc.due_date, flt(doc.outstanding_amount)) for doc in invoices
	]


def open_orders(party: str, company: str, currency: str) -> list[dict]:
	orders = submitted_documents(
		"Sales Order",
		(party, company, currency),
		{"status": ("not in", ORDER_STATUSES_CLOSED_TO_ADVANCES), "per_billed": ("<", 100)},
		["delivery_date", "advance_paid"],
		"delivery_date asc, transaction_date asc, name asc",
	)
	rows = [
		open_document("Sales Order", doc, doc.delivery_date, invoice_total(doc) - flt(doc.advance_paid))
		for doc in orders
	]
	return [row for row in rows if row["outstanding_amount"] > 0]


def open_document(doctype: str, doc: dict, due_date, outstanding: float) -> dict:
	return {
		"reference_doctype": doctype,
		"reference_name": doc.name,
		"due_date": due_date,
		"total_amount": invoice_total(doc),
		"outstanding_amount": round_half_up(outstanding),
		"currency": doc.currency,
	}


@frappe.whitelist()
@checked_arguments
def get_references(party: str, company: str, paid_amount: float, currency: str | None = None) -> list[dict]:
	"""The Payment References of a payment of `paid_amount` from `party`: the form's Get Open Invoices."""
	return allocate(get_open_documents(party, company, currency), flt(paid_amount))
