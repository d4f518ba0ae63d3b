"""Update Items: the lines of a submitted Sales Order, or of a submitted Quotation nobody has ordered
yet, changed without cancel and amend (ERPNext's update_child_qty_rate, at its path through hooks.py).

Quantities and rates change, lines are added, lines left out are removed; never below what was
already delivered or billed. The document then goes through the engine's validate again (details,
prices and their checks, taxes, totals, payment schedule) and is saved as an update after submit,
which records the change in its history (Version); percentages and statuses are recomputed.

The order's lines are read with a locking read before anything else, in the order a delivery note
or an invoice takes its locks (lines, then the order), so a concurrent submit either comes first
and is seen, or waits and checks what remains against the new quantities."""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.controllers.item_details import keep_agreed_rate
from sales_flow.controllers.payment_terms import to_cents
from sales_flow.controllers.payments import invoice_total
from sales_flow.controllers.progress import refresh_parent, validate_against_sources
from sales_flow.controllers.status import STOPPING
from sales_flow.totals.lines import is_item_line
from sales_flow.utils.arguments import (
	checked_arguments,
	date_argument,
	finite_number,
	name_argument,
	number_from,
	refuse,
	rows_argument,
)

# what was already done of each line, by document: a line may not go below it, nor be removed
DONE_FIELDS = {
	"Sales Order": ("delivered_qty", "billed_qty", "billed_amt"),
	"Quotation": ("ordered_qty",),
}
# what a line of trans_items may change on an existing line (the item and its unit stay)
ROW_FIELDS = ("qty", "rate", "delivery_date")


@frappe.whitelist()
@checked_arguments
def update_child_qty_rate(
	parent_doctype: str, trans_items: str | list, parent_doctype_name: str, child_docname: str = "items"
) -> None:
	"""trans_items: the lines the document keeps, [{docname, item_code, qty, rate, uom, delivery_date}];
	a line without docname is added, an existing item line left out is removed."""
	if parent_doctype not in DONE_FIELDS:
		refuse(
			_("Items can be updated on a Sales Order or a Quotation only, not on {0}.").format(parent_doctype)
		)
	if child_docname != "items":
		refuse(_("Only the items table can be updated, not {0}.").format(child_docname))
	wanted = [wanted_line(row, n) for n, row in enumerate(rows_argument(trans_items, "trans_items"), 1)]
	name = name_argument(parent_doctype_name, "parent_doctype_name", parent_doctype)
	doc = frappe.get_doc(parent_doctype, name)
	doc.check_permission("write")
	done = lock_lines(doc)
	refuse_unless_updatable(doc)
	change_lines(doc, wanted, done)
	revalidate(doc)
	check_done_amounts(doc, done)
	check_advance(doc)
	doc.flags.ignore_validate_update_after_submit = True
	doc.save(ignore_version=False)  # the history records each line changed, added or removed
	refresh_parent(doc.doctype, doc.name)
	doc.notify_update()


def wanted_line(row: dict, n: int) -> frappe._dict:
	"""One line of trans_items, its numbers and date checked; None for what it does not give."""
	qty = number_from(row.get("qty"))
	if qty is None:
		refuse(_("trans_items line {0}: the quantity must be a number.").format(n))
	rate = row.get("rate")
	if rate not in (None, ""):
		rate = number_from(rate)
		if rate is None:
			refuse(_("trans_items line {0}: the rate must be a number.").format(n))
		rate = finite_number(rate, "rate")
	line = frappe._dict(
		docname=row.get("docname") or None,
		item_code=row.get("item_code") or None,
		uom=row.get("uom") or None,
		qty=finite_number(qty, "qty"),
		rate=None if rate in (None, "") else rate,
		delivery_date=date_argument(row.get("delivery_date"), "delivery_date"),
	)
	for field in ("docname", "item_code", "uom"):
		if line[field] is not None:
			name_argument(line[field], field)
	if not line.docname and not line.item_code:
		refuse(_("trans_items line {0}: a new line needs its item.").format(n))
	return line


def lock_lines(doc) -> dict[str, frappe._dict]:
	"""What was done of each line, read under lock (the latest committed, whatever this request
	read before) and put on the lines in hand, so that the save writes back the true figures; then
	the header's status and advance, under lock too."""
	fields = DONE_FIELDS[doc.doctype]
	done = {
		row.name: row
		for row in frappe.db.sql(
			f"""select name, {", ".join(f"`{f}`" for f in fields)} from `tab{doc.doctype} Item`
			where parent = %s and parenttype = %s for update""",
			(doc.name, doc.doctype),
			as_dict=True,
		)
	}
	for row in doc.items:
		for field in fields:
			row.set(field, flt((done.get(row.name) or {}).get(field)))
	header = ["status", "advance_paid"] if doc.doctype == "Sales Order" else ["status"]
	current = frappe.db.sql(
		f"select {', '.join(header)} from `tab{doc.doctype}` where name = %s for update",
		doc.name,
		as_dict=True,
	)[0]
	for field in header:
		doc.set(field, current[field])
	return done


def refuse_unless_updatable(doc) -> None:
	if doc.docstatus != 1:
		frappe.throw(
			_("{0} {1} is not submitted: change its lines in the form.").format(_(doc.doctype), doc.name)
		)
	if doc.status in STOPPING.get(doc.doctype, ()):
		frappe.throw(
			_("Sales Order {0} is {1}: resume it before updating its items.").format(doc.name, _(doc.status)),
			title=_(doc.status),
		)
	if doc.doctype == "Quotation" and (
		doc.status != "Open" or any(flt(row.ordered_qty) for row in doc.items)
	):
		frappe.throw(
			_(
				"Quotation {0} is {1}: only an open quotation nobody has ordered yet can have its items updated."
			).format(doc.name, _(doc.status))
		)


def change_lines(doc, wanted: list[frappe._dict], done: dict[str, frappe._dict]) -> None:
	existing = {row.name: row for row in doc.items}
	kept: set[str] = set()
	for line in wanted:
		if not line.docname:
			add_line(doc, line)
			continue
		row = existing.get(line.docname)
		if not row or not is_item_line(row):
			refuse(_("{0} has no item line {1}.").format(doc.name, line.docname))
		if line.docname in kept:
			refuse(_("Line {0} is given twice.").format(line.docname))
		kept.add(line.docname)
		change_line(doc, row, line, done.get(row.name) or {})
	for name, row in existing.items():
		if is_item_line(row) and name not in kept:
			remove_line(doc, row, done.get(name) or {})


def change_line(doc, row, line: frappe._dict, done: dict) -> None:
	where = _("Row {0} ({1})").format(row.idx, row.item_code)
	if line.item_code and line.item_code != row.item_code or line.uom and line.uom != row.uom:
		frappe.throw(
			_("{0}: the item and its unit cannot be changed; remove the line and add a new one.").format(
				where
			)
		)
	changes_rate = line.rate is not None and flt(line.rate, row.precision("rate")) != flt(
		row.rate, row.precision("rate")
	)
	if started_subscription(doc, row) and (flt(line.qty) != flt(row.qty) or changes_rate):
		frappe.throw(
			_("{0}: a recurring line is changed on its subscription, not on the order.").format(where)
		)
	for field, label in (("delivered_qty", _("delivered")), ("billed_qty", _("billed"))):
		if flt(done.get(field)) and flt(line.qty) < flt(done.get(field)) - 1e-9:
			frappe.throw(
				_("{0}: the quantity cannot be lower than the {1} already {2}.").format(
					where, flt(done.get(field)), label
				),
				title=_("Quantity Too Low"),
			)
	row.qty = line.qty
	if changes_rate:
		keep_agreed_rate(row, line.rate)
	if line.delivery_date and doc.doctype == "Sales Order":
		row.delivery_date = line.delivery_date


def add_line(doc, line: frappe._dict) -> None:
	values = {"item_code": line.item_code, "qty": line.qty, "uom": line.uom}
	if line.rate is not None:
		values["rate"] = line.rate
	if line.delivery_date and doc.doctype == "Sales Order":
		values["delivery_date"] = line.delivery_date
	doc.append("items", {k: v for k, v in values.items() if v is not None})


def remove_line(doc, row, done: dict) -> None:
	if started_subscription(doc, row):
		frappe.throw(
			_(
				"Row {0} ({1}): a recurring line is stopped on its subscription, not removed from the order."
			).format(row.idx, row.item_code)
		)
	if any(flt(done.get(field)) for field in ("delivered_qty", "billed_qty")):
		frappe.throw(
			_("Row {0} ({1}) cannot be removed: {2} already delivered, {3} already billed.").format(
				row.idx, row.item_code, flt(done.get("delivered_qty")), flt(done.get("billed_qty"))
			),
			title=_("Line Already Delivered or Billed"),
		)
	doc.remove(row)


def started_subscription(doc, row) -> bool:
	"""An order's recurring line started a subscription at submit (a quotation's has not yet)."""
	return doc.doctype == "Sales Order" and bool(row.get("subscription_plan"))


def revalidate(doc) -> None:
	"""The engine's validate on the changed lines: details, prices and their checks, totals, taxes,
	the payment schedule; what the lines take from a quotation checked again, under lock."""
	written = hand_written_schedule(doc)
	doc.validate()
	validate_against_sources(doc, lock=True)
	if written:
		rescale_schedule(doc, written)


def hand_written_schedule(doc) -> list[dict]:
	"""A schedule typed by hand (no payment terms to rebuild it from): its rows, taken off the
	document so that validate does not refuse its old sum; rescale_schedule puts them back."""
	if doc.get("payment_terms_template") or not doc.get("payment_schedule"):
		return []
	rows = [row.as_dict() for row in doc.payment_schedule]
	doc.payment_schedule = []
	return rows


def rescale_schedule(doc, rows: list[dict]) -> None:
	"""Each instalment keeps its share of the new total (its due date, its description); the last
	takes the cents rounding leaves."""
	total = to_cents(invoice_total(doc) - flt(doc.get("total_advance")))
	before = sum(flt(row.payment_amount) for row in rows)
	if total <= 0 or before <= 0:
		return
	amounts = [to_cents(total * flt(row.payment_amount) / before) for row in rows]
	amounts[-1] = to_cents(total - sum(amounts[:-1]))
	for row, amount in zip(rows, amounts, strict=True):
		doc.append(
			"payment_schedule",
			{
				"due_date": row.due_date,
				"description": row.description,
				"invoice_portion": flt(amount * 100 / total, 6),
				"payment_amount": amount,
				"base_payment_amount": to_cents(amount * flt(doc.conversion_rate or 1)),
			},
		)


def check_done_amounts(doc, done: dict[str, frappe._dict]) -> None:
	"""A billed line may change its rate, not below what was billed of it (ERPNext)."""
	for row in doc.items:
		billed = flt((done.get(row.name) or {}).get("billed_amt"))
		if billed and flt(row.amount) < billed - 0.005:
			frappe.throw(
				_("Row {0} ({1}): the amount {2} cannot be lower than the {3} already billed.").format(
					row.idx, row.item_code, money(doc, row.amount), money(doc, billed)
				),
				title=_("Amount Too Low"),
			)


def check_advance(doc) -> None:
	advance = flt(doc.get("advance_paid"))
	if advance and invoice_total(doc) < advance - 0.005:
		frappe.throw(
			_("The new total {0} of {1} is lower than the {2} already paid in advance.").format(
				money(doc, invoice_total(doc)), doc.name, money(doc, advance)
			),
			title=_("Total Too Low"),
		)


def money(doc, amount: float) -> str:
	return frappe.format(amount, {"fieldtype": "Currency", "options": doc.currency})
