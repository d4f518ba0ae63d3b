import frappe
from frappe import _
from frappe.model.document import Document

from sales_flow.controllers.reconciliation import (
	credit_notes_left,
	open_invoices,
	reconcile_row,
	suggest,
	unallocated_payments,
)
from sales_flow.utils.arguments import checked_arguments, rows_argument


class PaymentReconciliation(Document):
	"""A tool (single, never saved): its methods are called with the form's document."""

	@frappe.whitelist()
	@checked_arguments
	def get_unreconciled_entries(self) -> None:
		"""The customer's unallocated payments and credit notes, its open invoices, and suggestions."""
		self.check_party()
		self.set(
			"payments",
			unallocated_payments(self.party, self.company) + credit_notes_left(self.party, self.company),
		)
		self.set(
			"invoices", open_invoices(self.party, self.company, self.from_invoice_date, self.to_invoice_date)
		)
		self.set("allocation", suggest(self.payments_as_dicts(), self.invoices_as_dicts()))

	@frappe.whitelist()
	@checked_arguments
	def allocate_entries(self, args: dict | None = None) -> None:
		"""Suggestions for the rows the user selected (ERPNext's args: payments, invoices)."""
		self.check_party()
		payments = rows_argument((args or {}).get("payments") or self.payments_as_dicts(), "payments")
		invoices = rows_argument((args or {}).get("invoices") or self.invoices_as_dicts(), "invoices")
		self.set("allocation", suggest(payments, invoices))

	@frappe.whitelist()
	@checked_arguments
	def reconcile(self) -> None:
		"""Allocate the confirmed rows, each checked again, then list what is left."""
		self.check_party()
		if not self.allocation:
			frappe.throw(_("Nothing to reconcile: get the unreconciled entries and allocate them first."))
		for row in self.allocation:
			reconcile_row(self.party, self.company, row)
		frappe.msgprint(_("Reconciled."), indicator="green", alert=True)
		self.get_unreconciled_entries()

	def check_if_latest(self) -> None:
		"""Never stale. Frappe refuses a method run on a copy older than the one stored (the desk's
		run_doc_method), but the tool is never saved: what it allocates is read again under lock. A
		new site still stores a copy of its defaults, stamped at install, and the copy an ERPNext
		client sends carries no timestamp: every such call was refused as modified meanwhile."""
		self.load_doc_before_save()
		self._action = "save"

	def check_party(self) -> None:
		frappe.has_permission("Payment Entry", "write", throw=True)
		self.party_type = "Customer"
		if not self.company or not frappe.db.exists("Company", self.company):
			frappe.throw(_("Choose a company."))
		if not self.party or not frappe.db.exists("Customer", self.party):
			frappe.throw(_("Choose a customer."))
		frappe.has_permission("Customer", "read", self.party, throw=True)

	def payments_as_dicts(self) -> list[dict]:
		return [row.as_dict() for row in self.get("payments") or []]

	def invoices_as_dicts(self) -> list[dict]:
		return [row.as_dict() for row in self.get("invoices") or []]
