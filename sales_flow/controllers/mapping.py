"""The "Create ..." arrows of the sales cycle, one mechanism for all of them.

Each arrow maps a submitted source into a new draft holding only what remains (source quantity
less what submitted documents already took, also bounded by every other source the line carries,
e.g. an invoice made from a delivery note respects the order's remaining billing), links each new
line to its source line, and refuses clearly when nothing remains.
"""

import json
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.model.mapper import get_mapped_doc
from frappe.utils import flt, nowdate

from sales_flow.controllers.bundles import update_packed_items
from sales_flow.controllers.commissions import carry_sales_partner
from sales_flow.controllers.details import set_missing_values
from sales_flow.controllers.item_details import set_item_details
from sales_flow.controllers.progress import billed_elsewhere, taken_by_rows
from sales_flow.document_flow import links_from
from sales_flow.totals.lines import SECTION, is_item_line
from sales_flow.utils.arguments import target_document_argument


@dataclass(frozen=True)
class Arrow:
	row_link: str  # target line field holding the source line's name
	parent_link: str  # target line field holding the source document's name
	progress: str  # source line field that counts what was taken
	carry: dict[str, str] = field(default_factory=dict)  # source line field -> target line field
	verb: str = ""


# a delivery note line's links to its order line and order, and the same links' fields on an invoice
# line: an invoice made from a delivery note, or a delivery note from an invoice, keeps them
ORDER_LINKS_DELIVERY_TO_INVOICE = {"so_detail": "so_detail", "against_sales_order": "sales_order"}

ARROWS: dict[tuple[str, str], Arrow] = {
	("Quotation", "Sales Order"): Arrow("quotation_item", "prevdoc_docname", "ordered_qty", verb="ordered"),
	("Quotation", "Sales Invoice"): Arrow("quotation_item", "quotation", "ordered_qty", verb="ordered"),
	("Sales Order", "Sales Invoice"): Arrow("so_detail", "sales_order", "billed_qty", verb="billed"),
	("Sales Order", "Delivery Note"): Arrow(
		"so_detail", "against_sales_order", "delivered_qty", verb="delivered"
	),
	("Delivery Note", "Sales Invoice"): Arrow(
		"dn_detail", "delivery_note", "billed_qty", ORDER_LINKS_DELIVERY_TO_INVOICE, "billed"
	),
	("Sales Invoice", "Delivery Note"): Arrow(
		"si_detail",
		"against_sales_invoice",
		"delivered_qty",
		{invoice: delivery for delivery, invoice in ORDER_LINKS_DELIVERY_TO_INVOICE.items()},
		"delivered",
	),
}

# parent fields never copied: the new document gets its own (child tables the two DocTypes share,
# such as payment_schedule, are copied by Frappe whatever this says: start_afresh clears them)
NOT_COPIED = ["naming_series", "status", "amended_from", "title", "remarks"]


def make_mapped_doc(
	source_doctype: str,
	source_name: str,
	target_doctype: str,
	target_doc=None,
	set_target=None,
	chosen_alternatives: list[str] | None = None,
):
	"""`chosen_alternatives`: the source's alternative (optional) lines the customer took; the
	others are not mapped."""
	arrow = ARROWS[(source_doctype, target_doctype)]
	target_doc = target_document_argument(target_doc, target_doctype)
	target_child = target_doctype + " Item"
	plan: dict = {}  # what each source line gives: filled once Frappe's mapper has read the source

	def plan_lines(source) -> None:
		validate_source_can_be_mapped(source, target_doctype)
		plan["left"] = remaining_quantities(source, arrow, target_child)
		plan["carried"] = rows_to_carry(source.items, plan["left"], set(chosen_alternatives or ()))

	# the source is read once, by the mapper (which checks it may be read), not a second time here
	target = frappe.get_doc(json.loads(target_doc)) if target_doc else frappe.new_doc(target_doctype)
	target.flags.plan_mapped_lines = plan_lines
	table = {
		source_doctype: {
			"doctype": target_doctype,
			"validation": {"docstatus": ["=", 1]},
			"field_no_map": NOT_COPIED,
		},
		source_doctype + " Item": {
			"doctype": target_child,
			"postprocess": line_mapper(arrow, plan, target_child),
			"condition": lambda row: row.name in plan["carried"],
		},
		"Sales Taxes and Charges": {"doctype": "Sales Taxes and Charges", "reset_value": False},
	}
	finish = document_finisher(arrow, source_doctype, source_name, set_target)
	return get_mapped_doc(source_doctype, source_name, table, target, finish)


def line_mapper(arrow: Arrow, plan: dict, target_child: str):
	"""What each mapped line takes: what remains of its source line (plan["left"]), and the link to it."""

	def map_line(source_row, target_row, source_parent) -> None:
		target_row.qty = plan["left"][source_row.name]
		# a same-named link copied from the source (an order line's quotation_item onto its invoice
		# line) would count the line against that older source a second time
		for link_field, *_source in links_from(target_child):
			target_row.set(link_field, None)
		if not is_item_line(source_row):
			return  # a heading or a subtotal is carried along, never linked nor counted
		target_row.set(arrow.row_link, source_row.name)
		target_row.set(arrow.parent_link, source_parent.name)
		for source_field, target_field in arrow.carry.items():
			target_row.set(target_field, source_row.get(source_field))

	return map_line


def document_finisher(arrow: Arrow, source_doctype: str, source_name: str, set_target):
	"""The new document once its lines are mapped: its party and partner, fresh values, the
	caller's own touches, then priced and checked like a draft typed by hand."""

	def finish(source_doc, target) -> None:
		if source_doctype == "Quotation" and source_doc.quotation_to == "Customer":
			target.customer = source_doc.party_name
		carry_sales_partner(source_doc, target)
		start_afresh(target)
		if set_target:
			set_target(source_doc, target)
		if not target.get("items"):
			frappe.throw(
				_("Nothing remains to be {0} on {1} {2}.").format(
					_(arrow.verb), _(source_doctype), source_name
				),
				title=_("Nothing to Map"),
			)
		prepare_draft(target)

	return finish


def rows_to_carry(rows, left_by_row: dict[str, float], chosen_alternatives: set[str]) -> set[str]:
	"""The source rows a new document takes, in their order: item lines with something left (an
	alternative only when chosen); a section heading when a line under it is taken, a subtotal when
	a line it sums is taken (a heading over nothing, or a subtotal of nothing, would print empty)."""
	carried: set[str] = set()
	heading, lines_since_break = None, False
	for row in rows:
		if is_item_line(row):
			if left_by_row[row.name] > 0 and (
				not row.get("is_alternative") or row.name in chosen_alternatives
			):
				carried.add(row.name)
				if heading:
					carried.add(heading)
				lines_since_break = True
		elif row.line_type == SECTION:
			heading, lines_since_break = row.name, False
		else:
			if lines_since_break:
				carried.add(row.name)
			lines_since_break = False
	return carried


def remaining_quantities(source, arrow: Arrow, target_child: str) -> dict[str, float]:
	"""What is left to take from each source line: its own quantity less its progress, also bounded
	by every other source the line carries (the order behind a delivery note). Read once, batched."""
	left = {
		row.name: 0 if billed_elsewhere(row, arrow.progress) else flt(row.qty) - flt(row.get(arrow.progress))
		for row in source.items
	}
	for source_field, target_field in arrow.carry.items():
		for link_field, other_child, other_progress in links_from(target_child):
			if link_field != target_field:
				continue
			carried = {row.name: row.get(source_field) for row in source.items if row.get(source_field)}
			if not carried:
				continue
			others = list(set(carried.values()))
			qty = dict(
				frappe.get_all(
					other_child, filters={"name": ("in", others)}, fields=["name", "qty"], as_list=True
				)
			)
			taken = taken_by_rows(other_child, other_progress, others, None, False)
			for row, other in carried.items():
				left[row] = min(left[row], flt(qty.get(other)) - taken[other])
	return {row: max(value, 0) for row, value in left.items()}


def validate_source_can_be_mapped(source, target_doctype: str) -> None:
	if source.docstatus != 1:
		frappe.throw(_("{0} {1} must be submitted first.").format(_(source.doctype), source.name))
	if source.status in ("Closed", "On Hold", "Lost", "Cancelled"):
		frappe.throw(
			_("{0} {1} is {2}: nothing can be made from it.").format(
				_(source.doctype), source.name, _(source.status)
			)
		)
	hook = getattr(source, "validate_can_be_mapped", None)
	if hook:
		hook(target_doctype)


def start_afresh(doc) -> None:
	"""A mapped draft is a new document: dated today, with its own payment schedule and due date
	(Frappe's mapper copies a child table the two DocTypes share, such as payment_schedule)."""
	for date_field in ("transaction_date", "posting_date"):
		if doc.meta.has_field(date_field):
			doc.set(date_field, nowdate())
	if doc.meta.has_field("payment_schedule"):
		doc.payment_schedule = []
	if doc.meta.has_field("due_date"):
		doc.due_date = None


def prepare_draft(doc) -> None:
	"""Defaults and totals of a mapped draft, so the form shows right figures before any save."""
	set_missing_values(doc)
	set_item_details(doc)
	update_packed_items(doc)  # the components of what this draft takes, not of the whole source
	doc.calculate_totals()
