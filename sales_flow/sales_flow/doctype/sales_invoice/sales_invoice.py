import frappe
from frappe import _
from frappe.utils import getdate

from sales_flow.controllers.arrow_methods import arrow_method
from sales_flow.controllers.credit_limit import check_credit_limit
from sales_flow.controllers.down_payments import validate_down_payment
from sales_flow.controllers.payments import (
	set_advances,
	set_outstanding_amount,
	set_payment_schedule,
	update_invoice_outstanding,
	update_order_advances,
	validate_advances,
)
from sales_flow.controllers.return_mapping import ReturnSpec, map_return
from sales_flow.controllers.sales_document import SalesDocument
from sales_flow.regional.france.numbering import (
	check_deletion,
	check_same_fiscal_year,
	next_invoice_number,
	number_before_writing,
	provisional_name,
)
from sales_flow.regional.france.operation import set_operation_category
from sales_flow.utils.arguments import checked_arguments


class SalesInvoice(SalesDocument):
	def set_new_name(self, force=False, set_name=None, set_child_names=True):
		# French numbering (regional/france/numbering.py), amendments included: no "name-1"
		if not set_name and not (self.flags.name_set and not force):
			if self.get("is_opening_balance"):
				set_name = next_invoice_number(self)  # refused by validate: opening balances bring their own
			else:
				set_name = provisional_name()  # numbered in db_insert, after validation
				self.flags.number_before_writing = True
		super().set_new_name(force=force, set_name=set_name, set_child_names=set_child_names)

	def db_insert(self, *args, **kwargs):
		if self.flags.pop("number_before_writing", None):
			number_before_writing(self)
		return super().db_insert(*args, **kwargs)

	def on_trash(self) -> None:
		check_deletion(self)

	def validate(self) -> None:
		check_same_fiscal_year(self)
		self.validate_return()
		self.validate_sales_document()  # the status last, from the outstanding amount set below
		set_operation_category(self)
		set_payment_schedule(self, self.posting_date)
		if self.due_date and getdate(self.due_date) < getdate(self.posting_date):
			frappe.throw(_("The due date cannot be before the invoice date."))
		validate_down_payment(self)
		set_advances(self)
		set_outstanding_amount(self)
		self.set_status()

	def validate_return(self) -> None:
		if not self.is_return:
			return
		if not self.return_against:
			frappe.throw(_("A credit note must name the invoice it returns."))
		original = frappe.db.get_value(
			"Sales Invoice", self.return_against, ["docstatus", "customer", "is_return"], as_dict=True
		)
		if not original or original.docstatus != 1 or original.is_return:
			frappe.throw(
				_("A credit note returns a submitted invoice; {0} is not one.").format(self.return_against)
			)
		if original.customer != self.customer:
			frappe.throw(_("A credit note is for the customer of the invoice it returns."))
		for row in self.items:
			if (
				row.sales_invoice_item
				and -(row.qty or 0) > returnable_qty(row.sales_invoice_item, self.name) + 1e-9
			):
				frappe.throw(
					_("Row {0}: at most {1} of {2} can still be returned.").format(
						row.idx, returnable_qty(row.sales_invoice_item, self.name), frappe.bold(row.item_code)
					)
				)

	def before_submit(self) -> None:
		super().before_submit()
		# two invoices of one order must not both use the same advance
		validate_advances(self, lock=True)
		check_credit_limit(self)

	def on_submit(self) -> None:
		super().on_submit()
		self.update_linked_balances()

	def on_cancel(self) -> None:
		super().on_cancel()
		self.update_linked_balances()

	def update_linked_balances(self) -> None:
		update_order_advances(self)
		if self.is_return:
			update_invoice_outstanding(self.return_against)
		for row in self.get("advances") or []:
			if row.reference_type == "Sales Invoice":
				update_invoice_outstanding(row.reference_name)
		update_invoice_outstanding(self)


make_delivery_note = arrow_method("Sales Invoice", "Delivery Note")


@frappe.whitelist()
@checked_arguments
def make_sales_return(source_name: str, target_doc=None):
	"""A credit note for what remains returnable of an invoice (negative quantities)."""
	return map_return(CREDIT_NOTE, source_name, target_doc)


def returnable_qty(invoice_row: str, exclude: str | None = None) -> float:
	qty = frappe.db.get_value("Sales Invoice Item", invoice_row, "qty", for_update=True) or 0
	returned = frappe.db.sql(
		"""select coalesce(sum(-child.qty), 0) from `tabSales Invoice Item` child
		join `tabSales Invoice` parent on parent.name = child.parent
		where child.sales_invoice_item = %s and parent.docstatus = 1 and parent.is_return = 1 and parent.name != %s""",
		(invoice_row, exclude or ""),
	)[0][0]
	return max(qty - returned, 0)


CREDIT_NOTE = ReturnSpec(
	doctype="Sales Invoice",
	line_link="sales_invoice_item",
	naming_series="ACC-SINV-RET-.YYYY.-",
	returnable_qty=returnable_qty,
	not_returnable=lambda name: _("A credit note returns a submitted invoice; {0} is not one.").format(name),
	nothing_left=lambda name: _("Everything on invoice {0} was already returned.").format(name),
	header_no_map=("naming_series", "payment_schedule", "advances"),
)
