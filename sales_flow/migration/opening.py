"""Unpaid invoices of the previous program, brought over as opening balances.

Each becomes a submitted Sales Invoice named with its original number and dated with its original
date, marked `is_opening_balance`, for what remains due on it (one line of the opening balance item,
without VAT: the VAT was declared when the invoice was issued). Its number stays outside the
gapless sequence of the invoices made in sales_flow (the numbering refuses one that reads like the
sequence's own), so that receivables, dunning and statements are complete on day one and the first
invoice made here is still number 1.

Only the migration marks an invoice as an opening balance (`check_opening_balance`, on validate):
a user cannot slip an invoice out of the sequence by setting the flag.
"""

import re

import frappe
from frappe import _
from frappe.utils import flt
from frappe.utils.nestedset import get_root_of

from sales_flow.migration.context import Context
from sales_flow.migration.rows import Outcome, Row, note_repeated_codes, same, unchanged_message

OPENING_ITEM = "REPRISE-SOLDE"
# what a document name may hold (Frappe's names end up in URLs and file names)
NUMBER = re.compile(r"[\w][\w\-/. ]{0,139}")


def check_invoices(rows: list[Row], context: Context, customers: dict[str, Row]) -> None:
	note_repeated_codes(rows, _("Invoice number {0} is already on line {1}."))
	for row in rows:
		number = row.get("invoice_number")
		if number:
			check_number(row, number)
		code = row.get("customer_code")
		if code and code not in context.customers_by_code and not (code in customers and customers[code].ok):
			where = customers.get(code)
			row.problems.append(
				_("Customer code {0} is refused in the customers file (line {1}).").format(code, where.line)
				if where
				else _("Customer code {0} is neither in the customers file nor brought over before.").format(
					code
				)
			)
		total, due = row.get("total"), amount_due(row)
		if total is not None and total <= 0:
			row.problems.append(_("The invoice total must be above 0; enter credit notes by hand."))
		elif total is not None and not 0 <= due <= total + 0.005:
			row.problems.append(_("The amount due must be between 0 and the invoice total."))
		if row.get("due_date") and row.get("date") and row.get("due_date") < row.get("date"):
			row.problems.append(_("The due date cannot be before the invoice date."))


def check_number(row: Row, number: str) -> None:
	if not NUMBER.fullmatch(number):
		row.problems.append(
			_("Invoice number {0}: only letters, digits, spaces and - / . may be used.").format(number)
		)
	elif frappe.db.get_value("Sales Invoice", number, "is_opening_balance") == 0:
		row.problems.append(_("Invoice number {0} is already an invoice made in sales_flow.").format(number))


def amount_due(row: Row) -> float:
	"""What remains to be paid: the amount due column, else the whole total."""
	due = row.get("outstanding")
	return flt(row.get("total") if due is None else due, 2)


def import_opening_invoice(row: Row, context: Context) -> Outcome:
	number = row.get("invoice_number")
	due = amount_due(row)
	existing = frappe.db.get_value(
		"Sales Invoice", number, ["name", "customer", "posting_date", "grand_total"], as_dict=True
	)
	if existing:
		unchanged = (
			existing.customer in context.customers_by_code.get(row.get("customer_code"), [])
			and same(existing.posting_date, row.get("date"))
			and same(existing.grand_total, due)
		)
		message = (
			unchanged_message("Skipped")
			if unchanged
			else _(
				"Already brought over, with other figures: payments and corrections are made in sales_flow."
			)
		)
		return Outcome("Skipped", "Sales Invoice", existing.name, message)
	if not due:
		return Outcome("Skipped", message=_("Paid: no balance to bring over."))
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": context.customer(row.get("customer_code")),
			"company": context.company,
			"posting_date": row.get("date"),
			"due_date": row.get("due_date") or row.get("date"),
			"is_opening_balance": 1,
			"disable_rounded_total": 1,
			"remarks": _(
				"Opening balance of invoice {0} (total {1} incl. VAT) from the previous program."
			).format(number, frappe.format(row.get("total"), "Currency")),
			"items": [{"item_code": opening_item(), "qty": 1, "rate": due, "price_list_rate": due}],
		}
	)
	invoice.flags.opening_balance = True
	invoice.insert(set_name=number)
	invoice.submit()
	return Outcome("Created", "Sales Invoice", invoice.name)


def opening_item() -> str:
	"""The item the opening balances are booked on, made once: a technical record of the app, so
	made whatever the roles of the user bringing the invoices over."""
	if not frappe.db.exists("Item", OPENING_ITEM):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": OPENING_ITEM,
				"item_name": _("Opening balance"),
				"description": _(
					"Amount due on an invoice of the previous program, brought over by the data migration."
				),
				"item_group": get_root_of("Item Group"),
				"stock_uom": frappe.db.get_value("UOM", "Unit")
				or frappe.get_all("UOM", pluck="name", limit=1)[0],
				"grant_commission": 0,
			}
		).insert(ignore_permissions=True)
	return OPENING_ITEM


def check_opening_balance(doc, method: str | None = None) -> None:
	"""Sales Invoice validate: only the migration brings an invoice over as an opening balance."""
	if doc.get("is_opening_balance") and doc.is_new() and not doc.flags.opening_balance:
		frappe.throw(_("Only the data migration (Data Migration) brings invoices over as opening balances."))
