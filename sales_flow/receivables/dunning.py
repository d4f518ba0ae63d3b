"""A Dunning's rows, charges and status, computed from the invoices on every write: what the user
or a REST client sends is the choice of instalments, never their amounts, days or levels."""

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from sales_flow.receivables.late_payment import late_interest, late_payment_rate, recovery_indemnity
from sales_flow.receivables.levels import dunning_levels
from sales_flow.receivables.overdue import INVOICE_FIELDS, instalment_key, late_instalments, levels_reached
from sales_flow.totals.calculation import round_half_up

ROW_FIGURES = ("due_date", "description", "invoice_portion", "payment_amount", "outstanding", "overdue_days")


def check_customer(doc) -> None:
	"""A customer marked "do not send dunning" gets none, whichever way the dunning comes."""
	excluded = frappe.db.get_value("Customer", doc.customer, "exclude_from_dunning")
	if excluded and doc.docstatus < 2:
		frappe.throw(
			_("{0} is marked 'Do not send dunning': no dunning can be made for this customer.").format(
				frappe.bold(doc.customer_name or doc.customer)
			),
			title=_("Customer excluded from dunning"),
		)


def set_overdue_rows(doc) -> None:
	"""Each row filled from its invoice's instalment as it stands on the posting date."""
	on_date = getdate(doc.posting_date or nowdate())
	if not doc.get("overdue_payments"):
		frappe.throw(_("Add at least one overdue payment to the dunning."), title=_("Nothing to dun"))
	reached = levels_reached([row.sales_invoice for row in doc.overdue_payments], doc.name)
	top_level = max((level.dunning_level for level in dunning_levels()), default=1)
	seen = set()
	for row in doc.overdue_payments:
		late = late_row(doc, row, on_date)
		if instalment_key(late) in seen:
			frappe.throw(
				_("Row {0}: this instalment of invoice {1} is already in the dunning.").format(
					row.idx, frappe.bold(row.sales_invoice)
				)
			)
		seen.add(instalment_key(late))
		row.update({field: late[field] for field in ("payment_schedule", *ROW_FIGURES)})
		row.dunning_level = min(reached.get(instalment_key(late), 0) + 1, top_level)


def late_row(doc, row, on_date) -> dict:
	"""The late instalment a row names, checked against the dunning's customer, company and currency."""
	if not row.sales_invoice or not frappe.db.exists("Sales Invoice", row.sales_invoice):
		frappe.throw(
			_("Row {0}: Sales Invoice {1} does not exist.").format(row.idx, frappe.bold(row.sales_invoice))
		)
	invoice = frappe.db.get_value(
		"Sales Invoice", row.sales_invoice, [*INVOICE_FIELDS, "docstatus", "is_return"], as_dict=True
	)
	if invoice.docstatus != 1 or invoice.is_return:
		frappe.throw(_("Row {0}: {1} is not a submitted invoice.").format(row.idx, frappe.bold(invoice.name)))
	for field in ("customer", "company", "currency"):
		if invoice[field] != doc.get(field):
			frappe.throw(
				_("Row {0}: invoice {1} has {2} {3}, the dunning {4}.").format(
					row.idx,
					frappe.bold(invoice.name),
					_(frappe.unscrub(field)),
					invoice[field],
					doc.get(field),
				)
			)
	late_rows = late_instalments(invoice, on_date)
	if not row.payment_schedule and len(late_rows) > 1:
		frappe.throw(
			_(
				"Row {0}: invoice {1} has {2} late instalments: name the one of this row (payment_schedule)."
			).format(row.idx, frappe.bold(invoice.name), len(late_rows))
		)
	for late in late_rows:
		if not row.payment_schedule or late["payment_schedule"] == row.payment_schedule:
			return late
	frappe.throw(
		_("Row {0}: invoice {1} has no instalment {2} past due and unpaid on {3}.").format(
			row.idx, frappe.bold(invoice.name), row.payment_schedule or "", frappe.format(on_date, "Date")
		),
		title=_("Not overdue"),
	)


def set_dunning_type(doc) -> None:
	"""The level of the letter: the highest of its rows, unless the user chose a Dunning Type."""
	levels = dunning_levels()
	if not levels:
		frappe.throw(_("Create a Dunning Type (a dunning level) first."))
	if not doc.dunning_type:
		top = max(row.dunning_level for row in doc.overdue_payments)
		doc.dunning_type = next(
			(level.name for level in levels if level.dunning_level >= top), levels[-1].name
		)
	level = frappe.db.get_value(
		"Dunning Type", doc.dunning_type, ["dunning_level", "dunning_fee"], as_dict=True
	)
	if not level:
		frappe.throw(_("Dunning Type {0} does not exist.").format(frappe.bold(doc.dunning_type)))
	doc.dunning_level = level.dunning_level
	doc.dunning_fee = flt(level.dunning_fee)


def set_charges(doc) -> None:
	"""Interest per row pro rata temporis, the indemnity per late invoice, the fee, the totals."""
	doc.rate_of_interest = late_payment_rate(doc.dunning_type)
	for row in doc.overdue_payments:
		row.interest = late_interest(row.outstanding, row.overdue_days, doc.rate_of_interest)
	invoices = {row.sales_invoice for row in doc.overdue_payments}
	doc.recovery_indemnity = round_half_up(recovery_indemnity() * len(invoices))
	doc.total_outstanding = round_half_up(sum(flt(row.outstanding) for row in doc.overdue_payments))
	doc.total_interest = round_half_up(sum(flt(row.interest) for row in doc.overdue_payments))
	doc.dunning_amount = round_half_up(doc.total_interest + flt(doc.dunning_fee) + doc.recovery_indemnity)
	doc.grand_total = round_half_up(doc.total_outstanding + doc.dunning_amount)


def dunning_status(doc) -> str:
	"""Resolved once every instalment it claims is paid (or credited); Unresolved until then."""
	if doc.docstatus == 0:
		return "Draft"
	if doc.docstatus == 2:
		return "Cancelled"
	for row in doc.overdue_payments:
		invoice = frappe.db.get_value("Sales Invoice", row.sales_invoice, INVOICE_FIELDS, as_dict=True)
		still_late = late_instalments(invoice, getdate("9999-12-31")) if invoice else []
		if any(instalment_key(late) == instalment_key(row) for late in still_late):
			return "Unresolved"
	return "Resolved"


def refresh_dunning_statuses(invoices: list[str]) -> None:
	"""The submitted dunnings claiming these invoices follow their payments."""
	if not invoices:
		return
	names = frappe.get_all(
		"Overdue Payment",
		filters={"sales_invoice": ("in", invoices), "parenttype": "Dunning", "docstatus": 1},
		pluck="parent",
		distinct=True,
	)
	for name in names:
		doc = frappe.get_doc("Dunning", name)
		status = dunning_status(doc)
		if status != doc.status:
			doc.db_set("status", status, update_modified=False)
			doc.notify_update()


def on_payment_change(doc, method: str | None = None) -> None:
	"""Payment Entry submitted or cancelled: the dunnings of the invoices it pays follow."""
	refresh_dunning_statuses(
		[
			row.reference_name
			for row in doc.get("references") or []
			if row.reference_doctype == "Sales Invoice"
		]
	)


def on_invoice_change(doc, method: str | None = None) -> None:
	"""A credit note submitted or cancelled settles the invoice it returns."""
	if doc.get("is_return") and doc.get("return_against"):
		refresh_dunning_statuses([doc.return_against])
