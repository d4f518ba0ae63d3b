"""Credit limits: how much a customer may owe a company, and the check at submit.

The limit is the customer's row for the company in its `credit_limits` table, else the customer's
own `credit_limit` (any company), else its Customer Group's row, the nearest group up the tree
first. The exposure checked against it, in the company's currency, is what the customer owes
(submitted invoices' outstanding amounts) + what it ordered and was not billed yet + the document
being submitted. A Sales Order is checked at submit (unless the customer's row says to bypass the
check at the order: its invoices are checked instead), an invoice made without an order too. The
role named in Selling Settings (`credit_controller`) may go over the limit.
"""

import frappe
from frappe import _
from frappe.utils import escape_html, flt

from sales_flow.settings import has_settings_role
from sales_flow.totals.calculation import round_half_up

# statuses of an order that will bill nothing more
ORDER_DONE = ("Closed", "Completed", "Cancelled")


def validate_credit_limit_rows(doc) -> None:
	"""A Customer's or a Customer Group's table: one row per company, no negative limit."""
	seen = set()
	for row in doc.get("credit_limits") or []:
		if flt(row.credit_limit) < 0:
			frappe.throw(_("Credit Limit row {0}: the credit limit cannot be negative.").format(row.idx))
		if row.company in seen:
			frappe.throw(
				_("Credit Limit row {0}: company {1} has a limit already.").format(row.idx, row.company)
			)
		seen.add(row.company)


def get_credit_limit(customer: str, company: str) -> tuple[float, bool]:
	"""The customer's limit with the company (0: none) and whether the order check is bypassed.

	One query: the customer's own row and limit, and the rows of its group and the group's ancestors
	(the nested set's lft/rgt), the nearest group first."""
	rows = frappe.db.sql(LIMIT_ROWS, {"customer": customer, "company": company}, as_dict=True)
	own = next((row for row in rows if row.level == "Customer"), None)
	if not own:
		return 0.0, False
	bypass = bool(own.bypass_credit_limit_check)
	if flt(own.credit_limit):
		return flt(own.credit_limit), bypass
	if flt(own.customer_limit):
		return flt(own.customer_limit), bypass
	groups = sorted((row for row in rows if row.level == "Customer Group"), key=lambda row: -row.lft)
	for row in groups:
		if flt(row.credit_limit):
			return flt(row.credit_limit), bypass or bool(row.bypass_credit_limit_check)
	return 0.0, bypass


# the customer (its row for the company, if any), then its group's and every ancestor group's rows
LIMIT_ROWS = """
	select 'Customer' as level, customer.credit_limit as customer_limit, row.credit_limit,
		row.bypass_credit_limit_check, 0 as lft
	from `tabCustomer` customer
	left join `tabCustomer Credit Limit` row on row.parenttype = 'Customer'
		and row.parent = customer.name and row.company = %(company)s
	where customer.name = %(customer)s
	union all
	select 'Customer Group', 0, row.credit_limit, row.bypass_credit_limit_check, ancestor.lft
	from `tabCustomer` customer
	join `tabCustomer Group` own_group on own_group.name = customer.customer_group
	join `tabCustomer Group` ancestor on ancestor.lft <= own_group.lft and ancestor.rgt >= own_group.rgt
	join `tabCustomer Credit Limit` row on row.parenttype = 'Customer Group'
		and row.parent = ancestor.name and row.company = %(company)s
	where customer.name = %(customer)s
"""


def receivables(customer: str, company: str, exclude: str | None = None) -> float:
	"""What the customer's submitted invoices still owe, in the company's currency."""
	return round_half_up(
		frappe.db.sql(
			"""select coalesce(sum(outstanding_amount * conversion_rate), 0) from `tabSales Invoice`
			where customer = %s and company = %s and docstatus = 1 and name != %s""",
			(customer, company, exclude or ""),
		)[0][0]
	)


def ordered_not_billed(customer: str, company: str, exclude: str | None = None) -> float:
	"""The part of the customer's submitted orders not billed yet, in the company's currency."""
	return round_half_up(
		frappe.db.sql(
			"""select coalesce(sum(base_grand_total * (100 - per_billed) / 100), 0) from `tabSales Order`
			where customer = %s and company = %s and docstatus = 1 and per_billed < 100
				and status not in %s and name != %s""",
			(customer, company, ORDER_DONE, exclude or ""),
		)[0][0]
	)


def credit_exposure(customer: str, company: str, doc=None) -> dict:
	"""The figures of the check: limit, receivables, ordered not billed, this document, total."""
	limit, bypass = get_credit_limit(customer, company)
	exclude = doc.name if doc is not None else None
	figures = {
		"credit_limit": limit,
		"bypass_credit_limit_check": bypass,
		"receivables": receivables(customer, company, exclude),
		"ordered_not_billed": ordered_not_billed(customer, company, exclude),
		"this_document": document_amount(doc) if doc is not None else 0.0,
	}
	figures["exposure"] = round_half_up(
		figures["receivables"] + figures["ordered_not_billed"] + figures["this_document"]
	)
	return figures


def document_amount(doc) -> float:
	"""What the document adds: an invoice of an order adds nothing, its order counts already."""
	if doc.doctype == "Sales Invoice" and any(row.get("sales_order") for row in doc.items):
		return 0.0
	return round_half_up(flt(doc.base_rounded_total or doc.base_grand_total))


def is_checked(doc, bypass_at_order: bool) -> bool:
	if doc.doctype == "Sales Order":
		return not bypass_at_order
	if doc.is_return or doc.get("is_down_payment_invoice"):
		return False
	from_order = any(row.get("sales_order") for row in doc.items)
	return not from_order or bypass_at_order


def check_credit_limit(doc) -> None:
	"""At the submit of an order or an invoice: refuse it when it takes the customer over its limit."""
	limit, bypass_at_order = get_credit_limit(doc.customer, doc.company)
	if not limit or not is_checked(doc, bypass_at_order):
		return
	# one check at a time per customer: two orders submitted together must not both fit the limit
	frappe.db.get_value("Customer", doc.customer, "name", for_update=True)
	figures = credit_exposure(doc.customer, doc.company, doc)
	if figures["exposure"] <= limit + 0.005:
		return
	message = over_limit_message(doc, figures)
	if has_settings_role("credit_controller"):
		frappe.msgprint(message, title=_("Credit Limit Exceeded"), indicator="orange")
		return
	frappe.throw(message, title=_("Credit Limit Exceeded"))


def over_limit_message(doc, figures: dict) -> str:
	currency = frappe.get_cached_value("Company", doc.company, "default_currency")

	def money(value: float) -> str:
		return frappe.format(value, {"fieldtype": "Currency", "options": currency})

	return _(
		"Credit limit of customer {0} exceeded: receivables {1} + ordered not billed {2} + this document {3} = {4}, above the limit of {5}."
	).format(
		frappe.bold(escape_html(doc.customer_name or doc.customer)),
		money(figures["receivables"]),
		money(figures["ordered_not_billed"]),
		money(figures["this_document"]),
		money(figures["exposure"]),
		money(figures["credit_limit"]),
	)


def credit_summary(customer: str, default_company: str | None) -> list[dict]:
	"""The customer form's figures: exposure against the limit, per company with a limit."""
	companies = frappe.get_all(
		"Customer Credit Limit", filters={"parenttype": "Customer", "parent": customer}, pluck="company"
	)
	if default_company and default_company not in companies:
		companies.append(default_company)
	summary = []
	for company in companies:
		figures = credit_exposure(customer, company)
		if figures["credit_limit"] or figures["exposure"]:
			currency = frappe.get_cached_value("Company", company, "default_currency")
			summary.append({"company": company, "currency": currency, **figures})
	return summary
