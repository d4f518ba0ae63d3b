"""The statement of account ("relevé de compte") of one customer for a period: the opening balance,
the invoices, credit notes and payments of the period with the running balance, the closing balance
(what the customer owes at the end of the period) and the ageing of what is still owed; as data
(REST), as a PDF and by e-mail."""

import datetime

import frappe
from frappe import _
from frappe.core.doctype.communication.email import make
from frappe.translate import print_language
from frappe.utils import date_diff, flt, getdate, nowdate
from frappe.utils.pdf import get_pdf

from sales_flow.controllers.instalments import instalments_of
from sales_flow.printing.language import FALLBACK_LANGUAGE, has_translation
from sales_flow.settings import get_default_company
from sales_flow.totals.calculation import round_half_up
from sales_flow.utils.arguments import checked_arguments, date_argument

# (label, lowest days late, highest): what is owed, by days past its due date at the period's end
AGEING = (("Not due", None, 0), ("1-30", 1, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, None))
TEMPLATE = "sales_flow/templates/print/statement_of_account.html"

LEDGER_SQL = """
	select si.posting_date, if(si.is_return, 'Credit Note', 'Sales Invoice') as kind, si.name as voucher_no,
		if(si.is_return, null, si.due_date) as due_date, si.creation,
		-- a final invoice deducts the down-payment invoices it settles: they were debited already
		coalesce(nullif(si.rounded_total, 0), si.grand_total) - coalesce((select sum(adv.allocated_amount)
			from `tabSales Invoice Advance` adv where adv.parent = si.name
			and adv.reference_type = 'Sales Invoice'), 0) as amount
	from `tabSales Invoice` si
	where si.docstatus = 1 and si.customer = %(customer)s and si.company = %(company)s
		and si.posting_date <= %(to_date)s
	union all
	select pe.posting_date, 'Payment Entry', pe.name, null, pe.creation,
		if(pe.payment_type = 'Pay', pe.paid_amount, -pe.paid_amount)
	from `tabPayment Entry` pe
	where pe.docstatus = 1 and pe.party_type = 'Customer' and pe.party = %(customer)s
		and pe.company = %(company)s and pe.posting_date <= %(to_date)s
	order by posting_date, creation, voucher_no
"""


def check_statement_access(customer: str, permission: str = "read") -> None:
	if not customer or not frappe.db.exists("Customer", customer):
		frappe.throw(
			_("Customer {0} does not exist.").format(frappe.bold(customer)), frappe.DoesNotExistError
		)
	frappe.get_doc("Customer", customer).check_permission(permission)
	for doctype in ("Sales Invoice", "Payment Entry"):
		if not frappe.has_permission(doctype, "read"):
			frappe.throw(
				_("You are not permitted to read the {0} of a statement of account.").format(_(doctype)),
				frappe.PermissionError,
			)


def period_of(from_date, to_date) -> tuple[datetime.date, datetime.date]:
	from_date = getdate(date_argument(from_date, "from_date"))
	to_date = getdate(date_argument(to_date or nowdate(), "to_date"))
	if from_date > to_date:
		frappe.throw(_("The period starts on {0}, after its end {1}.").format(from_date, to_date))
	return from_date, to_date


def statement_data(customer: str, from_date, to_date, company: str | None = None) -> frappe._dict:
	"""The statement as data: every figure to the cent, the balance running row by row."""
	from_date, to_date = period_of(from_date, to_date)
	company = company or get_default_company()
	if not company or not frappe.db.exists("Company", company):
		frappe.throw(_("Company {0} does not exist.").format(frappe.bold(company)), frappe.DoesNotExistError)
	values = {"customer": customer, "company": company, "to_date": to_date}
	opening, rows = 0.0, []
	for entry in frappe.db.sql(LEDGER_SQL, values, as_dict=True):
		amount = round_half_up(flt(entry.amount))
		if getdate(entry.posting_date) < from_date:
			opening = round_half_up(opening + amount)
			continue
		rows.append(entry)
		entry.update(debit=max(amount, 0), credit=max(-amount, 0))
	balance = opening
	for entry in rows:
		balance = round_half_up(balance + entry.debit - entry.credit)
		entry.balance = balance
		entry.pop("creation")
		entry.pop("amount")
	return frappe._dict(
		customer=customer,
		customer_name=frappe.db.get_value("Customer", customer, "customer_name"),
		company=company,
		currency=frappe.db.get_value("Company", company, "default_currency"),
		from_date=from_date,
		to_date=to_date,
		opening_balance=opening,
		rows=rows,
		closing_balance=balance,
		ageing=ageing(customer, company, to_date),
	)


def ageing(customer: str, company: str, on_date: datetime.date) -> list[tuple[str, float]]:
	"""What the invoices still owe, by instalment, bucketed by days past due on `on_date`."""
	buckets = dict.fromkeys((label for label, _low, _high in AGEING), 0.0)
	invoices = frappe.get_all(
		"Sales Invoice",
		filters={"docstatus": 1, "customer": customer, "company": company, "outstanding_amount": (">", 0)},
		fields=["name", "due_date", "outstanding_amount"],
	)
	for invoice in invoices:
		rows = instalments_of(invoice.name, invoice.outstanding_amount) or [
			frappe._dict(due_date=invoice.due_date, outstanding=invoice.outstanding_amount)
		]
		for row in rows:
			label = bucket_of(date_diff(on_date, row.due_date or on_date))
			buckets[label] = round_half_up(buckets[label] + flt(row.outstanding))
	return list(buckets.items())


def bucket_of(days_late: int) -> str:
	for label, low, high in AGEING:
		if (low is None or days_late >= low) and (high is None or days_late <= high):
			return label
	return AGEING[-1][0]


def statement_language(customer: str) -> str:
	language = frappe.db.get_value("Customer", customer, "language") or FALLBACK_LANGUAGE
	return language if has_translation(language) else FALLBACK_LANGUAGE


def statement_html(data: frappe._dict) -> str:
	with print_language(statement_language(data.customer)):
		return frappe.render_template(TEMPLATE, {"s": data})


def statement_pdf(data: frappe._dict) -> bytes:
	return get_pdf(statement_html(data))


def statement_file_name(data: frappe._dict) -> str:
	return f"{_('Statement of Account')} {data.customer} {data.to_date}.pdf".replace("/", "-")


@frappe.whitelist()
@checked_arguments
def get_statement(
	customer: str, from_date: str, to_date: str | None = None, company: str | None = None
) -> dict:
	"""The statement of account as data (REST)."""
	check_statement_access(customer)
	return statement_data(customer, from_date, to_date, company)


@frappe.whitelist()
@checked_arguments
def download_statement(
	customer: str, from_date: str, to_date: str | None = None, company: str | None = None
) -> None:
	"""The statement of account as a PDF."""
	check_statement_access(customer, "print")
	data = statement_data(customer, from_date, to_date, company)
	frappe.local.response.filename = statement_file_name(data)
	frappe.local.response.filecontent = statement_pdf(data)
	frappe.local.response.type = "pdf"


@frappe.whitelist(methods=["POST"])
@checked_arguments
def email_statement(
	customer: str,
	from_date: str,
	to_date: str | None = None,
	company: str | None = None,
	recipients: str | None = None,
) -> str:
	"""Queue an e-mail of the statement (PDF attached) to the customer; returns the Communication."""
	check_statement_access(customer, "email")
	return send_statement(statement_data(customer, from_date, to_date, company), recipients)


def send_statement(data: frappe._dict, recipients: str | None = None) -> str:
	recipients = recipients or frappe.db.get_value("Customer", data.customer, "email_id")
	if not recipients:
		frappe.throw(
			_("{0} has no email address: add one to the customer before emailing the statement.").format(
				frappe.bold(data.customer_name or data.customer)
			),
			title=_("No email address"),
		)
	with print_language(statement_language(data.customer)):
		subject = _("Statement of account of {0} on {1}").format(
			data.customer_name, frappe.format(data.to_date, "Date")
		)
		message = _("Please find attached your statement of account on {0}: the balance due is {1}.").format(
			frappe.format(data.to_date, "Date"),
			frappe.format(data.closing_balance, {"fieldtype": "Currency", "options": data.currency}),
		)
	result = make(
		doctype="Customer",
		name=data.customer,
		subject=subject,
		content=f"<p>{frappe.utils.escape_html(message)}</p>",
		recipients=recipients,
		send_email=1,
		attachments=[{"fname": statement_file_name(data), "fcontent": statement_pdf(data)}],
	)
	return result["name"]
