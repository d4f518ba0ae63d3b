"""Returns of goods: a Delivery Note with `is_return`, against the delivery note it returns.

Each line of a return points at the line it gives back (`dn_detail`) with a negative quantity, and
keeps that line's order link (`so_detail`): the order's delivered quantities and `per_delivered`
are recomputed from the submitted delivery notes (controllers/progress.py), so a return restores
them by itself. What may still be returned of a line is what it delivered less the submitted
returns of it; at submit it is read again, under lock, as two returns may race.
"""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.controllers.payments import locking


def returned_qty(dn_row: str, exclude: str | None = None, lock: bool = False) -> float:
	"""What submitted returns (other than `exclude`) gave back of one delivered line (positive)."""
	return -flt(
		frappe.db.sql(
			"""select coalesce(sum(child.qty), 0) from `tabDelivery Note Item` child
			join `tabDelivery Note` parent on parent.name = child.parent
			where child.dn_detail = %s and parent.docstatus = 1 and parent.is_return = 1
				and parent.name != %s"""
			+ locking(lock),
			(dn_row, exclude or ""),
		)[0][0]
	)


def returnable_qty(dn_row: str, exclude: str | None = None, lock: bool = False) -> float:
	delivered = flt(frappe.db.get_value("Delivery Note Item", dn_row, "qty", for_update=lock))
	return max(delivered - returned_qty(dn_row, exclude, lock), 0)


def validate_delivery_return(doc, lock: bool = False) -> None:
	"""A return names a submitted delivery note of the same customer, each line one of its lines,
	and gives back at most what that line delivered and was not returned yet."""
	if not doc.is_return:
		return
	if not doc.return_against:
		frappe.throw(
			_("A return names the delivery note it gives back: {0} is missing.").format(
				frappe.bold(_("Return Against Delivery Note"))
			)
		)
	original = frappe.db.get_value(
		"Delivery Note", doc.return_against or "", ["docstatus", "customer", "is_return"], as_dict=True
	)
	if not original or original.docstatus != 1 or original.is_return:
		frappe.throw(
			_("A return is made against a submitted delivery note; {0} is not one.").format(
				frappe.bold(doc.return_against)
			)
		)
	if original.customer != doc.customer:
		frappe.throw(_("A return is for the customer of the delivery note it returns."))
	delivered = set(
		frappe.get_all("Delivery Note Item", filters={"parent": doc.return_against}, pluck="name")
	)
	for row in doc.items:
		if row.dn_detail not in delivered:
			frappe.throw(
				_("Row {0}: a return line gives back a line of delivery note {1}.").format(
					row.idx, doc.return_against
				)
			)
		left = returnable_qty(row.dn_detail, doc.name, lock)
		if -flt(row.qty) > left + 1e-9:
			frappe.throw(
				_("Row {0}: at most {1} of {2} can still be given back.").format(
					row.idx, left, frappe.bold(row.item_code)
				),
				title=_("Over-Allocation"),
			)


def submitted_returns(delivery_note: str) -> list[str]:
	return frappe.get_all(
		"Delivery Note", filters={"return_against": delivery_note, "docstatus": 1}, pluck="name"
	)


def refuse_cancel_with_returns(doc) -> None:
	returns = submitted_returns(doc.name)
	if returns:
		frappe.throw(
			_("Cancel the returns of {0} first: {1}").format(doc.name, ", ".join(returns)),
			frappe.LinkExistsError,
			title=_("Cannot Cancel"),
		)
