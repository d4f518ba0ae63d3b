import frappe
from frappe import _
from frappe.utils import flt, getdate

from sales_flow.controllers.arrow_methods import arrow_method
from sales_flow.controllers.credit_limit import check_credit_limit
from sales_flow.controllers.details import TAX_TEMPLATE_FIELDS
from sales_flow.controllers.mapping import prepare_draft, validate_source_can_be_mapped
from sales_flow.controllers.payments import set_payment_schedule
from sales_flow.controllers.sales_document import SalesDocument
from sales_flow.totals.lines import is_item_line
from sales_flow.utils.arguments import checked_arguments

# what a user may set by hand, and from which statuses
STATUS_ACTIONS = {
	"On Hold": ("To Deliver and Bill", "To Bill", "To Deliver"),
	"Closed": ("To Deliver and Bill", "To Bill", "To Deliver", "On Hold"),
}


class SalesOrder(SalesDocument):
	def validate(self) -> None:
		self.set_delivery_dates()
		super().validate()
		set_payment_schedule(self, self.transaction_date)

	def before_submit(self) -> None:
		super().before_submit()
		check_credit_limit(self)

	def set_delivery_dates(self) -> None:
		for row in self.items:
			row.delivery_date = row.delivery_date or self.delivery_date
		# each distinct date parsed once: getdate is slow and a hundred lines share a few dates
		dates = {value: getdate(value) for value in {row.delivery_date for row in self.items} if value}
		if dates and not self.delivery_date:
			self.delivery_date = min(dates.values())
		order_date = getdate(self.transaction_date)
		for row in self.items:
			if row.delivery_date and dates[row.delivery_date] < order_date:
				frappe.throw(_("Row {0}: the delivery date cannot be before the order date.").format(row.idx))

	@frappe.whitelist()
	@checked_arguments
	def update_status(self, status: str) -> None:
		"""Hold, close, or resume (status "Resume") an order."""
		self.check_permission("submit")
		if self.docstatus != 1:
			frappe.throw(_("Only a submitted order can be held, closed or resumed."))
		if status == "Resume":
			if self.status not in ("On Hold", "Closed"):
				frappe.throw(_("Order {0} is not on hold or closed.").format(self.name))
			self.status = None
			self.set_status(update=True)
		elif self.status in STATUS_ACTIONS.get(status, ()):
			self.set_status(update=True, status=status)
		else:
			frappe.throw(_("An order that is {0} cannot be set to {1}.").format(_(self.status), _(status)))
		self.notify_update()


make_sales_invoice = arrow_method("Sales Order", "Sales Invoice")
make_delivery_note = arrow_method("Sales Order", "Delivery Note")


@frappe.whitelist()
@checked_arguments
def make_down_payment_invoice(source_name: str, percentage: float = 30):
	"""A "facture d'acompte": one line per order line for `percentage` % of its amount, so each VAT
	rate is right to the cent; it bills no line of the order and is deducted, as an advance, on the
	order's invoices."""
	percentage = flt(percentage)
	if not 0 < percentage <= 100:
		frappe.throw(_("The down payment must be between 0 and 100 % of the order."))
	order = frappe.get_doc("Sales Order", source_name)
	order.check_permission("read")
	validate_source_can_be_mapped(order, "Sales Invoice")
	invoice = frappe.new_doc("Sales Invoice")
	invoice.update({field: order.get(field) for field in DOWN_PAYMENT_HEADER})
	invoice.is_down_payment_invoice = 1
	invoice.remarks = _("Down payment of {0} % on order {1}").format(percentage, order.name)
	for row in order.items:
		if not is_item_line(row):
			continue  # headings and subtotals: nothing to bill (a subtotal's amount is in its lines)
		invoice.append(
			"items",
			{
				"item_code": row.item_code,
				"item_name": row.item_name,
				"description": _("Down payment {0} % on {1} x {2}").format(
					percentage, flt(row.qty), row.item_name
				),
				"qty": 1,
				"rate": flt(row.amount) * percentage / 100,
				"item_tax_template": row.item_tax_template,
				"sales_order": order.name,
			},
		)
	for tax in order.taxes:
		invoice.append("taxes", {f: tax.get(f) for f in TAX_TEMPLATE_FIELDS})
	if flt(order.discount_amount):
		invoice.apply_discount_on = order.apply_discount_on
		invoice.discount_amount = flt(order.discount_amount) * percentage / 100
	prepare_draft(invoice)
	return invoice


DOWN_PAYMENT_HEADER = (
	"customer",
	"company",
	"currency",
	"conversion_rate",
	"selling_price_list",
	"plc_conversion_rate",
	"taxes_and_charges",
	"customer_address",
	"contact_person",
	"shipping_address_name",
	"language",
	"po_no",
)
