"""How far each source line has gone: ordered, delivered, billed.

Quantities are recomputed from the submitted documents that point at a source row, never
incremented, so submit, cancel, amend and returns can happen in any order and the figures stay
true. The same links bound what a new document may take (no over-ordering, -delivery, -billing);
at submit the source rows are locked, so two users converting the same order at the same moment
are serialized and the second sees what the first took.
"""

import frappe
from frappe import _
from frappe.utils import flt

# source row field -> the rows that feed it: (child doctype, field holding the source row name)
PROGRESS: dict[tuple[str, str], list[tuple[str, str]]] = {
	("Quotation Item", "ordered_qty"): [
		("Sales Order Item", "quotation_item"),
		("Sales Invoice Item", "quotation_item"),
	],
	("Sales Order Item", "delivered_qty"): [("Delivery Note Item", "so_detail")],
	("Sales Order Item", "billed_qty"): [("Sales Invoice Item", "so_detail")],
	("Delivery Note Item", "billed_qty"): [("Sales Invoice Item", "dn_detail")],
	("Sales Invoice Item", "delivered_qty"): [("Delivery Note Item", "si_detail")],
}
# amounts kept beside some quantities (ERPNext's billed_amt)
AMOUNTS = {
	("Sales Order Item", "billed_qty"): "billed_amt",
	("Delivery Note Item", "billed_qty"): "billed_amt",
}

# parent percentage -> (child doctype, progress field)
PERCENTAGES: dict[str, dict[str, tuple[str, str]]] = {
	"Quotation": {"per_ordered": ("Quotation Item", "ordered_qty")},
	"Sales Order": {
		"per_delivered": ("Sales Order Item", "delivered_qty"),
		"per_billed": ("Sales Order Item", "billed_qty"),
	},
	"Delivery Note": {"per_billed": ("Delivery Note Item", "billed_qty")},
	"Sales Invoice": {"per_delivered": ("Sales Invoice Item", "delivered_qty")},
}


def links_from(child_doctype: str) -> list[tuple[str, str, str]]:
	"""(link field, source child doctype, source progress field) for rows of `child_doctype`."""
	return [
		(link_field, source_child, progress_field)
		for (source_child, progress_field), feeders in PROGRESS.items()
		for feeder_child, link_field in feeders
		if feeder_child == child_doctype
	]


def taken_qty(
	source_child: str, progress_field: str, source_row: str, exclude_parent: str | None, lock: bool
) -> float:
	"""What submitted documents (other than `exclude_parent`) already took from one source row."""
	total = 0.0
	for feeder_child, link_field in PROGRESS[(source_child, progress_field)]:
		rows = frappe.db.sql(
			f"""select coalesce(sum(child.qty), 0) from `tab{feeder_child}` child
			join `tab{parent_of(feeder_child)}` parent on parent.name = child.parent
			where child.`{link_field}` = %(row)s and parent.docstatus = 1 and parent.name != %(exclude)s
			{"for update" if lock else ""}""",
			{"row": source_row, "exclude": exclude_parent or ""},
		)
		total += flt(rows[0][0])
	return total


def parent_of(child_doctype: str) -> str:
	return child_doctype[: -len(" Item")]


def validate_against_sources(doc, lock: bool = False) -> None:
	"""No row may take more than what remains on each source row it points at."""
	for link_field, source_child, progress_field in links_from(doc.doctype + " Item"):
		wanted: dict[str, float] = {}
		for row in doc.items:
			if row.get(link_field):
				wanted[row.get(link_field)] = wanted.get(row.get(link_field), 0) + flt(row.qty)
		for source_row, qty in wanted.items():
			check_remaining(doc, source_child, progress_field, source_row, qty, lock)


def check_remaining(
	doc, source_child: str, progress_field: str, source_row: str, qty: float, lock: bool
) -> None:
	source = frappe.db.get_value(
		source_child, source_row, ["qty", "item_code", "parent", "idx"], as_dict=True, for_update=lock
	)
	if not source:
		frappe.throw(_("{0} row {1} no longer exists.").format(_(parent_of(source_child)), source_row))
	taken = taken_qty(source_child, progress_field, source_row, doc.name, lock)
	remaining = flt(source.qty) - taken
	# returns carry negative quantities: they may give back at most what was taken
	if qty > 0 and qty > remaining + 1e-9 or qty < 0 and -qty > taken + 1e-9:
		frappe.throw(
			_(
				"{0} {1}, row {2} ({3}): {4} ordered, {5} already taken, so at most {6} remain; this document asks for {7}."
			).format(
				_(parent_of(source_child)),
				source.parent,
				source.idx,
				source.item_code,
				flt(source.qty),
				taken,
				max(remaining, 0),
				qty,
			),
			title=_("Over-Allocation"),
		)


def update_sources(doc) -> None:
	"""After submit or cancel of `doc`: refresh every source row and document it points at."""
	parents: dict[str, set[str]] = {}
	for link_field, source_child, progress_field in links_from(doc.doctype + " Item"):
		rows = {row.get(link_field) for row in doc.items if row.get(link_field)}
		for source_row in rows:
			refresh_row(source_child, progress_field, source_row)
		if rows:
			for parent in frappe.get_all(source_child, filters={"name": ("in", list(rows))}, pluck="parent"):
				parents.setdefault(parent_of(source_child), set()).add(parent)
	for parent_doctype, names in parents.items():
		for name in names:
			refresh_parent(parent_doctype, name)


def refresh_row(source_child: str, progress_field: str, source_row: str) -> None:
	qty = taken_qty(source_child, progress_field, source_row, None, lock=False)
	values = {progress_field: qty}
	amount_field = AMOUNTS.get((source_child, progress_field))
	if amount_field:
		values[amount_field] = taken_amount(source_child, progress_field, source_row)
	frappe.db.set_value(source_child, source_row, values, update_modified=False)


def taken_amount(source_child: str, progress_field: str, source_row: str) -> float:
	total = 0.0
	for feeder_child, link_field in PROGRESS[(source_child, progress_field)]:
		total += flt(
			frappe.db.sql(
				f"""select coalesce(sum(child.amount), 0) from `tab{feeder_child}` child
				join `tab{parent_of(feeder_child)}` parent on parent.name = child.parent
				where child.`{link_field}` = %s and parent.docstatus = 1""",
				source_row,
			)[0][0]
		)
	return total


def percentage_values(doctype: str, name: str) -> dict[str, float]:
	values = {}
	for percent_field, (child, progress_field) in PERCENTAGES.get(doctype, {}).items():
		rows = frappe.get_all(
			child, filters={"parent": name, "parenttype": doctype}, fields=["qty", progress_field]
		)
		ordered = sum(abs(flt(r.qty)) for r in rows)
		done = sum(min(abs(flt(r.qty)), max(flt(r.get(progress_field)), 0)) for r in rows)
		values[percent_field] = round(done * 100 / ordered, 6) if ordered else 0
	return values


def refresh_parent(doctype: str, name: str) -> None:
	doc = frappe.get_doc(doctype, name)
	doc.update(percentage_values(doctype, name))
	doc.set_status(update=True)
	doc.db_update()
	doc.notify_update()
