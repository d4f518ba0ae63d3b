import frappe
from frappe import _
from frappe.utils import getdate

from sales_flow.controllers.arrow_methods import published_arrow
from sales_flow.controllers.mapping import make_mapped_doc
from sales_flow.controllers.sales_document import SalesDocument
from sales_flow.controllers.status import stopped_follow_up_values
from sales_flow.crm.conversions import check_opportunity_can_be_quoted, customer_for_lead
from sales_flow.crm.statuses import refresh_after_sales_document
from sales_flow.party import PARTIES
from sales_flow.quotation_desk.dates import default_valid_till
from sales_flow.quotation_desk.follow_ups import (
	record_follow_up,
	set_next_follow_up_date,
	validate_update_after_submit,
)
from sales_flow.quotation_desk.lost import set_as_lost
from sales_flow.quotation_desk.revisions import (
	make_revision,
	restore_previous,
	revision_history,
	revision_name,
	supersede_previous,
)
from sales_flow.settings import get_selling_settings
from sales_flow.subscriptions.quotes import refuse_invoicing_recurring_lines
from sales_flow.utils.arguments import checked_arguments, date_argument, names_argument, text_argument


class Quotation(SalesDocument):
	def validate(self) -> None:
		self.customer = self.party_name if (self.quotation_to or "Customer") == "Customer" else None
		check_opportunity_can_be_quoted(self)
		self.set_valid_till()
		set_next_follow_up_date(self)
		super().validate()

	def set_valid_till(self) -> None:
		if not self.valid_till:
			self.valid_till = default_valid_till(self.transaction_date, self.quotation_template)
		if getdate(self.valid_till) < getdate(self.transaction_date):
			frappe.throw(_("Valid Till cannot be before the quotation date."))

	def autoname(self) -> None:
		# a revision is named after the first quotation of its chain; others follow the naming series
		if self.revised_from:
			self.name = revision_name(self)

	def onload(self) -> None:
		if not self.is_new():
			self.set_onload("revision_history", revision_history(self.name))

	def _save_passwords(self) -> None:
		# the online link's token is kept by portal.tokens alone and never read into the document:
		# Frappe would take the empty field for a removed token and delete it on every save (a
		# follow-up recorded broke the link the customer was sent)
		self.flags.ignore_save_passwords = ["portal_token"]
		super()._save_passwords()

	def before_update_after_submit(self) -> None:
		validate_update_after_submit(self)

	def on_submit(self) -> None:
		super().on_submit()
		supersede_previous(self)

	def on_cancel(self) -> None:
		super().on_cancel()
		restore_previous(self)

	def set_status(self, update: bool = False, status: str | None = None) -> None:
		super().set_status(update=update, status=status)
		# ordered, expired or cancelled: nobody follows the quotation up any more
		stopped = stopped_follow_up_values(self.doctype, self.status)
		if stopped and self.next_follow_up_date:
			self.update(stopped)
			if update:
				self.db_set(stopped, update_modified=False)

	@frappe.whitelist()
	@checked_arguments
	def set_as_lost(self, lost_reasons=None, competitors=None, detailed_reason: str | None = None) -> None:
		"""The customer said no: at least one reason, optionally the competitors who won it."""
		set_as_lost(self, lost_reasons, competitors, detailed_reason)
		refresh_after_sales_document(self)

	@frappe.whitelist()
	@checked_arguments
	def declare_enquiry_lost(self, lost_reasons_list=None, competitors=None, detailed_reason=None) -> None:
		"""ERPNext's name and arguments for set_as_lost."""
		self.set_as_lost(lost_reasons_list, competitors, detailed_reason)

	@frappe.whitelist()
	@checked_arguments
	def record_follow_up(
		self,
		follow_up_date: str | None = None,
		channel: str = "Phone",
		note: str | None = None,
		outcome: str | None = None,
		next_follow_up_date: str | None = None,
	) -> None:
		record_follow_up(
			self,
			{
				"follow_up_date": date_argument(follow_up_date, "follow_up_date"),
				"channel": channel,
				"note": text_argument(note, "note"),
				"outcome": outcome,
				"next_follow_up_date": date_argument(next_follow_up_date, "next_follow_up_date"),
			},
		)

	@frappe.whitelist()
	def make_revision(self) -> str:
		"""The next revision of this quotation, as a new draft; returns its name."""
		return make_revision(self).name

	def validate_can_be_mapped(self, target_doctype: str) -> None:
		refuse_invoicing_recurring_lines(self, target_doctype)
		if self.status == "Expired" and not get_selling_settings().allow_expired_quotation_order:
			frappe.throw(
				_(
					"Quotation {0} expired on {1}; the settings do not allow ordering an expired quotation."
				).format(self.name, frappe.format(self.valid_till, "Date")),
				title=_("Quotation Expired"),
			)
		if self.status == "Superseded":
			frappe.throw(
				_("Quotation {0} was superseded by a revision: order its latest revision.").format(self.name),
				title=_("Quotation Superseded"),
			)
		if self.quotation_to not in PARTIES:
			frappe.throw(_("Quotation {0} is not addressed to a customer.").format(self.name))


def set_customer_from_lead(quotation, target) -> None:
	"""Ordering a lead's quotation makes the lead a customer (or reuses the one made from it)."""
	if quotation.quotation_to == "Lead" and target.get("items"):
		target.customer = customer_for_lead(quotation.party_name)


def quotation_arrow(target_doctype: str):
	"""Ordering or invoicing a quotation: its lead made a customer, only the alternative lines the
	customer chose."""

	def make(source_name: str, target_doc=None, chosen_alternatives: str | list | None = None):
		return make_mapped_doc(
			"Quotation",
			source_name,
			target_doctype,
			target_doc,
			set_customer_from_lead,
			chosen_alternatives_of(chosen_alternatives),
		)

	return published_arrow(make, "Quotation", target_doctype)


make_sales_order = quotation_arrow("Sales Order")
make_sales_invoice = quotation_arrow("Sales Invoice")


def chosen_alternatives_of(value: str | list | None) -> list[str]:
	"""The alternative (optional) lines the customer took, as the sales rep ticks them when making
	the order: mapped as ordinary lines, in their place, beside the lines they are an option to
	(an option adds to the order, it replaces nothing). Unticked alternatives are not ordered.
	From the desk the list comes through open_mapped_doc's args (frappe.flags.args)."""
	if value is None and frappe.flags.args:
		value = frappe.flags.args.get("chosen_alternatives")
	return names_argument(value, "chosen_alternatives") if value else []
