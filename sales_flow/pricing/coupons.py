"""Coupon codes on a sales document: checked at save, counted at submit and given back at
cancel, under a lock on the coupon row so two orders never take its last use."""

import frappe
from frappe import _
from frappe.utils import getdate

from sales_flow.utils.dates import document_date


def check_coupon(doc, lock: bool = False) -> dict | None:
	"""The document's coupon, refused clearly when unknown, outside its dates, used up, or a gift
	card of another customer."""
	if not doc.get("coupon_code"):
		return None
	fields = (
		"name, coupon_code, coupon_type, customer, pricing_rule, valid_from, valid_upto, maximum_use, used"
	)
	rows = frappe.db.sql(
		f"select {fields} from `tabCoupon Code` where name = %(c)s or coupon_code = %(c)s"
		+ (" for update" if lock else ""),
		{"c": doc.coupon_code},
		as_dict=True,
	)
	if not rows:
		frappe.throw(_("Coupon code {0} does not exist.").format(frappe.bold(doc.coupon_code)))
	coupon = rows[0]
	doc.coupon_code = coupon.name
	if made_from_order(doc):
		return coupon  # checked and counted on its order
	date = document_date(doc)
	if coupon.valid_from and date < getdate(coupon.valid_from):
		frappe.throw(
			_("Coupon code {0} is valid only from {1}.").format(
				frappe.bold(coupon.coupon_code), frappe.format(coupon.valid_from, "Date")
			)
		)
	if coupon.valid_upto and date > getdate(coupon.valid_upto):
		frappe.throw(
			_("Coupon code {0} expired on {1}.").format(
				frappe.bold(coupon.coupon_code), frappe.format(coupon.valid_upto, "Date")
			)
		)
	if coupon.maximum_use and coupon.used >= coupon.maximum_use:
		frappe.throw(
			_("Coupon code {0} has been used its maximum number of times ({1}).").format(
				frappe.bold(coupon.coupon_code), coupon.maximum_use
			)
		)
	if (
		coupon.coupon_type == "Gift Card"
		and coupon.customer
		and coupon.customer != doc.get("customer", doc.get("party_name"))
	):
		frappe.throw(
			_("Gift card {0} belongs to customer {1}.").format(
				frappe.bold(coupon.coupon_code), coupon.customer
			)
		)
	return coupon


def made_from_order(doc) -> bool:
	return doc.doctype == "Sales Invoice" and any(row.get("so_detail") for row in doc.items)


def counts_coupon(doc) -> bool:
	"""A coupon is used once per sale: on the Sales Order, or on an invoice made without an order."""
	if not doc.get("coupon_code") or doc.get("is_return"):
		return False
	if doc.doctype == "Sales Order":
		return True
	return doc.doctype == "Sales Invoice" and not made_from_order(doc)


def update_coupon_usage(doc, cancel: bool = False) -> None:
	"""On submit (under a lock on the coupon row, so that two orders at once cannot both take its
	last use) and on cancel."""
	if not counts_coupon(doc):
		return
	if cancel:
		frappe.db.sql(
			"update `tabCoupon Code` set used = greatest(used - 1, 0) where name = %s", doc.coupon_code
		)
		return
	coupon = check_coupon(doc, lock=True)
	frappe.db.sql("update `tabCoupon Code` set used = used + 1 where name = %s", coupon.name)
