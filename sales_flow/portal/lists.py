"""The portal's pages for a customer's contacts (www/quotations, orders, invoices, statement): their
customers' submitted documents, each with its PDF (Frappe's, allowed by has_website_permission) and
an invoice's Factur-X; the statement of account. Nothing of another customer, whatever is asked."""

from dataclasses import dataclass
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.party import customer_of
from sales_flow.portal.customers import customers_of_user
from sales_flow.portal.tokens import link_of
from sales_flow.regional.france.facturx import facturx_pdf
from sales_flow.utils.arguments import checked_arguments

MAX_ROWS = 500


@dataclass(frozen=True)
class PortalList:
	doctype: str
	title: str
	customer_field: str
	date_field: str
	columns: tuple[tuple[str, str, str], ...]  # (label, field, fieldtype)


LISTS = {
	"quotations": PortalList(
		"Quotation",
		"Quotations",
		"party_name",
		"transaction_date",
		(
			("Date", "transaction_date", "Date"),
			("Valid Till", "valid_till", "Date"),
			("Grand Total", "grand_total", "Currency"),
			("Status", "status", "Data"),
		),
	),
	"orders": PortalList(
		"Sales Order",
		"Orders",
		"customer",
		"transaction_date",
		(
			("Date", "transaction_date", "Date"),
			("Grand Total", "grand_total", "Currency"),
			("% Delivered", "per_delivered", "Percent"),
			("% Billed", "per_billed", "Percent"),
			("Status", "status", "Data"),
		),
	),
	"invoices": PortalList(
		"Sales Invoice",
		"Invoices",
		"customer",
		"posting_date",
		(
			("Date", "posting_date", "Date"),
			("Due Date", "due_date", "Date"),
			("Grand Total", "grand_total", "Currency"),
			("Outstanding Amount", "outstanding_amount", "Currency"),
			("Status", "status", "Data"),
		),
	),
}


def require_login(route: str) -> None:
	"""A visitor without a session is sent to the login page, then back here."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to=/{route}"
		raise frappe.Redirect


def list_context(kind: str) -> dict:
	require_login(kind)
	spec = LISTS[kind]
	customers = customers_of_user()
	return {
		"title": _(spec.title),
		"columns": [(_(label), field, fieldtype) for label, field, fieldtype in spec.columns],
		"rows": [with_links(spec, row) for row in documents(spec, customers)],
		"customers": customers,
		"show_sidebar": True,
		"no_cache": 1,
	}


def documents(spec: PortalList, customers: list[str]) -> list[dict]:
	if not customers:
		return []
	filters = {spec.customer_field: ("in", customers), "docstatus": 1}
	if spec.doctype == "Quotation":
		filters["quotation_to"] = "Customer"
	fields = ["name", "currency"] + [field for _label, field, _type in spec.columns]
	return frappe.get_all(
		spec.doctype,
		filters=filters,
		fields=fields,
		order_by=f"{spec.date_field} desc, name desc",
		limit=MAX_ROWS,
	)


def with_links(spec: PortalList, row: dict) -> dict:
	row["pdf"] = "/api/method/frappe.utils.print_format.download_pdf?" + urlencode(
		{"doctype": spec.doctype, "name": row.name}
	)
	if spec.doctype == "Sales Invoice":
		row["facturx"] = "/api/method/sales_flow.portal.lists.download_facturx?name=" + frappe.utils.quote(
			row.name
		)
	if spec.doctype == "Quotation" and row.status == "Open":
		row["online"] = link_of(row.name)
	row["status"] = _(row.status)
	return row


def own_document(doctype: str, name) -> "frappe.model.document.Document":
	"""A submitted document of one of the user's customers, else the same 404 as a missing one."""
	if not isinstance(name, str) or not frappe.db.exists(doctype, {"name": name, "docstatus": 1}):
		frappe.throw(_("Page not found"), frappe.DoesNotExistError)
	doc = frappe.get_doc(doctype, name)
	if customer_of(doc) not in customers_of_user():
		frappe.throw(_("Page not found"), frappe.DoesNotExistError)
	return doc


@frappe.whitelist()
@checked_arguments
def download_facturx(name: str) -> None:
	"""The Factur-X of one of the portal user's invoices."""
	invoice = own_document("Sales Invoice", name)
	frappe.local.response.filename = f"{invoice.name}-factur-x.pdf"
	frappe.local.response.filecontent = facturx_pdf(invoice)
	frappe.local.response.type = "pdf"


def statement_context() -> dict:
	"""The statement of account of each of the user's customers: invoices, credit notes and
	payments in date order, with the running balance."""
	require_login("statement")
	statements = [{"customer": c, "lines": statement_lines(c)} for c in customers_of_user()]
	for statement in statements:
		statement["balance"] = statement["lines"][-1]["balance"] if statement["lines"] else 0
	return {"title": _("Statement of Account"), "statements": statements, "show_sidebar": True, "no_cache": 1}


def statement_lines(customer: str) -> list[dict]:
	lines = frappe.db.sql(
		"""select posting_date, name, if(is_return, %(credit_note)s, %(invoice)s) as kind,
			if(grand_total > 0, grand_total, 0) as debit, if(grand_total < 0, -grand_total, 0) as credit,
			currency, creation
		from `tabSales Invoice` where docstatus = 1 and customer = %(customer)s
		union all
		select posting_date, name, %(payment)s, if(payment_type = 'Pay', paid_amount, 0),
			if(payment_type = 'Receive', paid_amount, 0), paid_from_account_currency, creation
		from `tabPayment Entry` where docstatus = 1 and party_type = 'Customer' and party = %(customer)s
		order by posting_date, creation""",
		{
			"customer": customer,
			"invoice": _("Invoice"),
			"credit_note": _("Credit Note"),
			"payment": _("Payment"),
		},
		as_dict=True,
	)
	balance = 0.0
	for line in lines:
		balance = flt(balance + flt(line.debit) - flt(line.credit), 2)
		line.balance = balance
	return lines
