"""An order On Hold or Closed stops what hangs off it; a Closed delivery note stops its billing.

Delivery notes and invoices whose lines point at such an order (directly, or through the delivery
note or invoice they were made from), and payments against it, are refused at the save of a new one
and at the submit of any: a draft made before the hold waits until the order is resumed. Cancelling
stays allowed (it frees quantities), and so do credit notes: they correct what was already billed.
At submit the orders are read with a locking read, so a hold and a submit racing for one order are
serialized: the submit either comes first or sees the hold.
"""

import frappe
from frappe import _

from sales_flow.controllers.status import STOPPING

# line fields naming a source document or a source line, by what they point at
ORDER_FIELDS = ("sales_order", "against_sales_order")
NOTE_FIELDS = ("delivery_note",)

# every order and delivery note behind a document's lines, in one batched query: the order lines
# themselves, the order lines behind the delivery note or invoice lines it was made from, the orders
# and delivery notes a line names. Each part finds its driving rows by primary key, so a locking read
# locks those rows only (MariaDB applies FOR UPDATE to the part of a union that carries it).
SOURCE_PARTS = (
	"""select 'Sales Order' as doctype, so.name, so.status from `tabSales Order Item` soi
	join `tabSales Order` so on so.name = soi.parent where soi.name in %(order_rows)s""",
	"""select 'Sales Order', so.name, so.status from `tabDelivery Note Item` dni
	join `tabSales Order Item` soi on soi.name = dni.so_detail
	join `tabSales Order` so on so.name = soi.parent where dni.name in %(note_rows)s""",
	"""select 'Sales Order', so.name, so.status from `tabSales Invoice Item` sii
	join `tabSales Order Item` soi on soi.name = sii.so_detail
	join `tabSales Order` so on so.name = soi.parent where sii.name in %(invoice_rows)s""",
	"""select 'Sales Order', so.name, so.status from `tabSales Order` so where so.name in %(orders)s""",
	"""select 'Delivery Note', dn.name, dn.status from `tabDelivery Note Item` dni
	join `tabDelivery Note` dn on dn.name = dni.parent where dni.name in %(note_rows)s""",
	"""select 'Delivery Note', dn.name, dn.status from `tabDelivery Note` dn where dn.name in %(notes)s""",
)


def refuse_held_sources(doc, lock: bool = False) -> None:
	"""At validate (a new document) and, with `lock`, at before_submit (any document)."""
	if doc.get("is_return"):
		return  # a credit note gives back what was billed, whatever became of the order
	if not lock and (doc.docstatus == 1 or not doc.is_new()):
		return  # an earlier draft may still be edited; submitting it is checked, under lock
	for doctype, name, status in sources_behind(doc, lock):
		refuse_if_stopped(doctype, name, status)


def sources_behind(doc, lock: bool = False) -> list[tuple[str, str, str]]:
	"""(doctype, name, status) of every sales order and delivery note behind the document's lines."""
	links = {
		"order_rows": line_values(doc, ("so_detail",)),
		"note_rows": line_values(doc, ("dn_detail",)),
		"invoice_rows": line_values(doc, ("si_detail",)),
		"orders": line_values(doc, ORDER_FIELDS),
		"notes": line_values(doc, NOTE_FIELDS),
	}
	if not any(links.values()):
		return []
	# an empty IN () is no SQL: a name no row has stands for "none"
	values = {key: names or [""] for key, names in links.items()}
	locking = " for update" if lock else ""
	query = " union ".join(f"({part}{locking})" for part in SOURCE_PARTS)
	return frappe.db.sql(query + " order by doctype desc, name", values)


def line_values(doc, fields: tuple[str, ...]) -> list[str]:
	return sorted({row.get(field) for row in doc.get("items") or [] for field in fields if row.get(field)})


def refuse_if_stopped(doctype: str, name: str, status: str | None) -> None:
	if status in STOPPING.get(doctype, ()):
		frappe.throw(stopped_message(doctype, name, status), title=_(status))


def stopped_message(doctype: str, name: str, status: str) -> str:
	if doctype == "Delivery Note":
		return _("Delivery Note {0} is closed: nothing more can be billed against it.").format(name)
	if status == "On Hold":
		return _(
			"Sales Order {0} is on hold: nothing can be delivered, billed or paid against it until it is resumed."
		).format(name)
	return _("Sales Order {0} is closed: nothing more can be delivered, billed or paid against it.").format(
		name
	)
