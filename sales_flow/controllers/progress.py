"""How far each source line has gone: ordered, delivered, billed.

Quantities are recomputed from the submitted documents that point at a source row, never
incremented, so submit, cancel, amend and returns can happen in any order and the figures stay
true. The same links bound what a new document may take (no over-ordering, -delivery, -billing);
at submit the source rows are locked, so two users converting the same order at the same moment
are serialized and the second sees what the first took."""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.controllers.status import delivery_and_billing_labels, status_of, stopped_follow_up_values
from sales_flow.document_flow import PROGRESS, links_from, parent_of

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


def taken_by_rows(
	source_child: str,
	progress_field: str,
	source_rows: list[str],
	exclude_parent: str | None,
	lock: bool,
	column: str = "qty",
) -> dict[str, float]:
	"""What submitted documents (other than `exclude_parent`) took from each source row: one
	grouped query per feeding table for a whole document."""
	return summed_by_rows(source_child, progress_field, source_rows, exclude_parent, lock, (column,))[column]


def summed_by_rows(
	source_child: str,
	progress_field: str,
	source_rows: list[str],
	exclude_parent: str | None,
	lock: bool,
	columns: tuple[str, ...],
) -> dict[str, dict[str, float]]:
	"""taken_by_rows for several columns of the feeding lines at once (quantity and amount): column
	-> source row -> sum, one grouped query per feeding table."""
	sums = {column: dict.fromkeys(source_rows, 0.0) for column in columns}
	if not source_rows:
		return sums
	summed = ", ".join(f"coalesce(sum(child.`{column}`), 0)" for column in columns)
	for feeder_child, link_field in PROGRESS[(source_child, progress_field)]:
		rows = frappe.db.sql(
			f"""select child.`{link_field}`, {summed} from `tab{feeder_child}` child
			join `tab{parent_of(feeder_child)}` parent on parent.name = child.parent
			where child.`{link_field}` in %(rows)s and parent.docstatus = 1 and parent.name != %(exclude)s
			group by child.`{link_field}`{" for update" if lock else ""}""",
			{"rows": source_rows, "exclude": exclude_parent or ""},
		)
		for row, *values in rows:
			for column, value in zip(columns, values, strict=True):
				sums[column][row] += flt(value)
	return sums


def validate_against_sources(doc, lock: bool = False) -> None:
	"""No row may take more than what remains on each source row it points at."""
	if doc.docstatus == 1 and not lock:
		return  # submitting: before_submit checks again, under lock
	for link_field, source_child, progress_field in links_from(doc.doctype + " Item"):
		wanted: dict[str, float] = {}
		for row in doc.items:
			if row.get(link_field):
				wanted[row.get(link_field)] = wanted.get(row.get(link_field), 0) + flt(row.qty)
		if wanted:
			check_remaining(doc, source_child, progress_field, wanted, lock)


def check_remaining(
	doc, source_child: str, progress_field: str, wanted: dict[str, float], lock: bool
) -> None:
	names = list(wanted)
	sources = {
		row.name: row
		for row in frappe.db.sql(
			f"""select name, qty, item_code, parent, idx from `tab{source_child}` where name in %(rows)s
			{"for update" if lock else ""}""",
			{"rows": names},
			as_dict=True,
		)
	}
	taken = taken_by_rows(source_child, progress_field, names, doc.name, lock)
	for source_row, qty in wanted.items():
		source = sources.get(source_row)
		if not source:
			frappe.throw(_("{0} row {1} no longer exists.").format(_(parent_of(source_child)), source_row))
		remaining = flt(source.qty) - taken[source_row]
		# returns carry negative quantities: they may give back at most what was taken
		if qty > 0 and qty > remaining + 1e-9 or qty < 0 and -qty > taken[source_row] + 1e-9:
			frappe.throw(
				_(
					"{0} {1}, row {2} ({3}): {4} ordered, {5} already taken, so at most {6} remain; this document asks for {7}."
				).format(
					_(parent_of(source_child)),
					source.parent,
					source.idx,
					source.item_code,
					flt(source.qty),
					taken[source_row],
					max(remaining, 0),
					qty,
				),
				title=_("Over-Allocation"),
			)


def update_sources(doc) -> None:
	"""After submit or cancel of `doc`: refresh every source row and document it points at."""
	parents: dict[str, set[str]] = {}
	for link_field, source_child, progress_field in links_from(doc.doctype + " Item"):
		rows = list({row.get(link_field) for row in doc.items if row.get(link_field)})
		if not rows:
			continue
		refresh_rows(source_child, progress_field, rows)
		for parent in frappe.db.sql(
			f"select distinct parent from `tab{source_child}` where name in %(rows)s",
			{"rows": rows},
			pluck=True,
		):
			parents.setdefault(parent_of(source_child), set()).add(parent)
	if doc.doctype in ("Sales Invoice", "Delivery Note"):
		for name in refresh_delivery_billing(doc):
			parents.setdefault("Delivery Note", set()).add(name)
	for parent_doctype, names in parents.items():
		for name in names:
			refresh_parent(parent_doctype, name)
	if doc.name in parents.get(doc.doctype, ()):
		read_back_progress(doc)


def read_back_progress(doc) -> None:
	"""`doc` refreshed its own figures in the database (a delivery note billed through its order,
	at its own submit or cancel): its copy in memory, which the form receives, says the same."""
	doc.update(
		frappe.db.get_value(
			doc.doctype, doc.name, [*PERCENTAGES.get(doc.doctype, {}), "status"], as_dict=True
		)
	)
	child = doc.doctype + " Item"
	columns = [field for field in ("billed_qty", "billed_amt") if frappe.get_meta(child).has_field(field)]
	stored = {
		row.name: row
		for row in frappe.get_all(child, filters={"parent": doc.name}, fields=["name", *columns])
	}
	for row in doc.items:
		if row.name in stored:
			row.update({field: stored[row.name][field] for field in columns})


def refresh_delivery_billing(doc) -> set[str]:
	"""How much of each delivery note line is billed: what invoices made from it billed, all of it
	when it was delivered from an invoice, and the share of its order line billed otherwise (from
	the order directly, or from an invoice), given to the order's delivery notes oldest first.
	Without the last two, a note delivered after its order was invoiced would stay To Bill forever.
	Returns the delivery notes touched."""
	so_rows = list({row.so_detail for row in doc.items if row.get("so_detail")})
	own_rows = [row.name for row in doc.items] if doc.doctype == "Delivery Note" else []
	lines = frappe.db.sql(
		"""select dni.name, dni.parent, dni.so_detail, dni.si_detail, dni.qty, dni.amount
		from `tabDelivery Note Item` dni join `tabDelivery Note` dn on dn.name = dni.parent
		where dn.docstatus = 1 and (dni.so_detail in %(so_rows)s or dni.name in %(own)s)
		order by dn.posting_date, dn.creation, dni.idx""",
		{"so_rows": so_rows or [""], "own": own_rows or [""]},
		as_dict=True,
	)
	if not lines:
		return set()
	direct = taken_by_rows("Delivery Note Item", "billed_qty", [line.name for line in lines], None, False)
	billed = {line.name: flt(line.qty) if line.si_detail else direct[line.name] for line in lines}
	order_billed = dict(
		frappe.db.sql(
			"select name, billed_qty from `tabSales Order Item` where name in %(rows)s",
			{"rows": so_rows or [""]},
		)
	)
	for so_row, order_qty in order_billed.items():
		of_row = [line for line in lines if line.so_detail == so_row]
		unassigned = flt(order_qty) - sum(billed[line.name] for line in of_row)
		for line in of_row:
			extra = max(min(flt(line.qty) - billed[line.name], unassigned), 0)
			billed[line.name] += extra
			unassigned -= extra
	amounts = {
		line.name: flt(line.amount) * billed[line.name] / flt(line.qty) if flt(line.qty) else 0
		for line in lines
	}
	set_row_values("Delivery Note Item", {"billed_qty": billed, "billed_amt": amounts})
	return {line.parent for line in lines}


def refresh_rows(source_child: str, progress_field: str, source_rows: list[str]) -> None:
	amount_field = AMOUNTS.get((source_child, progress_field))
	# the quantities and, beside them, the amounts taken, in the same query
	summed = summed_by_rows(
		source_child,
		progress_field,
		source_rows,
		None,
		False,
		("qty", "amount") if amount_field else ("qty",),
	)
	columns = {progress_field: summed["qty"]}
	if amount_field:
		columns[amount_field] = summed["amount"]
	set_row_values(source_child, columns)


def set_row_values(child_doctype: str, columns: dict[str, dict[str, float]]) -> None:
	"""One UPDATE for many rows: column -> {row name: value}."""
	names = list(next(iter(columns.values())))
	assignments, values = [], []
	for column, by_row in columns.items():
		assignments.append(f"`{column}` = case name " + " ".join(["when %s then %s"] * len(by_row)) + " end")
		for name, value in by_row.items():
			values += [name, value]
	frappe.db.sql(
		f"update `tab{child_doctype}` set {', '.join(assignments)} where name in ({', '.join(['%s'] * len(names))})",
		[*values, *names],
	)


def billed_elsewhere(row: dict, progress_field: str) -> bool:
	"""An order's recurring line is billed by the subscription it started, period after period,
	never by the order: as far as the order goes, it is billed."""
	return progress_field == "billed_qty" and bool(row.get("subscription_plan"))


def percentage_values(doctype: str, name: str) -> dict[str, float]:
	values = {}
	lines = progress_lines(doctype, name)
	for percent_field, (child, progress_field) in PERCENTAGES.get(doctype, {}).items():
		# an alternative (optional) line counts once the customer took it; headings have no quantity
		rows = [r for r in lines[child] if not r.get("is_alternative") or flt(r.get(progress_field))]
		ordered = sum(abs(flt(r.qty)) for r in rows)
		done = sum(
			abs(flt(r.qty))
			if billed_elsewhere(r, progress_field)
			else min(abs(flt(r.qty)), max(flt(r.get(progress_field)), 0))
			for r in rows
		)
		values[percent_field] = round(done * 100 / ordered, 6) if ordered else 0
	return values


def progress_lines(doctype: str, name: str) -> dict[str, list[dict]]:
	"""The lines of a document with every progress field its percentages read (an order's delivered
	and billed quantities): one plain query per child table (Frappe's query builder costs more than the read)."""
	fields_by_child: dict[str, list[str]] = {}
	for child, progress_field in PERCENTAGES.get(doctype, {}).values():
		fields_by_child.setdefault(child, []).append(progress_field)
	lines = {}
	for child, progress_fields in fields_by_child.items():
		meta = frappe.get_meta(child)
		optional = [f for f in ("is_alternative", "subscription_plan") if meta.has_field(f)]
		columns = ", ".join(f"`{field}`" for field in ("qty", *progress_fields, *optional))
		lines[child] = frappe.db.sql(
			f"select {columns} from `tab{child}` where parent = %s and parenttype = %s",
			(name, doctype),
			as_dict=True,
		)
	return lines


def refresh_parent(doctype: str, name: str) -> None:
	"""Percentages and status from the header alone: the lines need not be loaded for that."""
	# plain SQL: Frappe's query builder costs more than the read of one row by its key
	header = frappe.db.sql(f"select * from `tab{doctype}` where name = %s", name, as_dict=True)[0]
	header.doctype = doctype
	values = percentage_values(doctype, name)
	header.update(values)
	values["status"] = status_of(header)
	values.update(stopped_follow_up_values(doctype, values["status"]))
	if doctype == "Sales Order":
		values["delivery_status"], values["billing_status"] = delivery_and_billing_labels(header)
	frappe.db.set_value(doctype, name, values, update_modified=False)
	frappe.publish_realtime(
		"doc_update",
		{"doctype": doctype, "name": name, "modified": header.modified},
		doctype=doctype,
		docname=name,
		after_commit=True,
	)
