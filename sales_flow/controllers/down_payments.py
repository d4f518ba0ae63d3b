"""A down-payment invoice ("facture d'acompte"): a share of submitted sales orders of its customer,
never more than they are worth. Its lines keep the prices they came with (pricing.lines): they are
shares of the orders' amounts, not list prices, so the invoice must show which order each one bills
and an item that order sells."""

import frappe
from frappe import _

from sales_flow.controllers.payments import invoice_total, order_names
from sales_flow.totals.lines import is_item_line


def validate_down_payment(invoice) -> None:
	"""Down payments bill shares of the customer's submitted orders, never more than the orders."""
	if not invoice.is_down_payment_invoice:
		return
	if invoice.is_return:
		frappe.throw(_("A down payment invoice cannot be a credit note."))
	lines = [row for row in invoice.items if is_item_line(row)]
	if not lines or any(not row.get("sales_order") for row in lines):
		frappe.throw(_("Each line of a down payment invoice must name the sales order it is a share of."))
	for order in order_names(invoice):
		check_order_of_down_payment(invoice, order, [row for row in lines if row.sales_order == order])
		check_down_payments_within_order(invoice, order)


def check_order_of_down_payment(invoice, order: str, lines: list) -> None:
	details = frappe.db.get_value("Sales Order", order, ["docstatus", "customer", "status"], as_dict=True)
	if not details or details.docstatus != 1 or details.customer != invoice.customer:
		frappe.throw(
			_(
				"A down payment invoice is a share of a submitted order of its customer; {0} is not one."
			).format(order)
		)
	if details.status in ("Closed", "On Hold") and invoice.docstatus == 0:
		frappe.throw(
			_("Order {0} is {1}: no down payment can be invoiced on it.").format(order, _(details.status))
		)
	sold = set(frappe.get_all("Sales Order Item", filters={"parent": order}, pluck="item_code"))
	for row in lines:
		if row.item_code not in sold:
			frappe.throw(
				_("Row {0}: order {1} does not sell {2}.").format(row.idx, order, frappe.bold(row.item_code))
			)


def check_down_payments_within_order(invoice, order: str) -> None:
	order_total = frappe.db.get_value("Sales Order", order, "rounded_total")
	earlier = frappe.db.sql(
		"""select coalesce(sum(si.rounded_total), 0) from `tabSales Invoice` si
		where si.docstatus = 1 and si.is_down_payment_invoice = 1 and si.name != %s
		and exists (select 1 from `tabSales Invoice Item` i where i.parent = si.name and i.sales_order = %s)""",
		(invoice.name, order),
	)[0][0]
	if earlier + invoice_total(invoice) > order_total + 0.005:
		frappe.throw(
			_("Down payments on order {0} would reach {1}, more than the order's {2}.").format(
				order, earlier + invoice_total(invoice), order_total
			)
		)
