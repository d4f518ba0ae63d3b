import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate

from sales_flow.controllers.details import company_currency
from sales_flow.controllers.item_details import sales_items
from sales_flow.crm.conversions import declare_opportunity_lost, new_quotation_from_opportunity
from sales_flow.crm.statuses import OPPORTUNITY_CHOSEN, opportunity_status, refresh_lead
from sales_flow.party import party_details
from sales_flow.quotation_desk.lost import names_from
from sales_flow.settings import get_default_company
from sales_flow.utils.arguments import checked_arguments, text_argument


class Opportunity(Document):
	def validate(self) -> None:
		self.set_party_details()
		self.validate_forecast()
		self.set_items_and_amount()
		self.status = (
			opportunity_status(self.name, self.status)
			if not self.is_new()
			else self.status
			if self.status in OPPORTUNITY_CHOSEN
			else "Open"
		)

	def set_party_details(self) -> None:
		details = party_details(self.opportunity_from, self.party_name)
		self.customer_name = details.customer_name
		self.title = details.customer_name
		self.territory = self.territory or details.territory
		self.customer_group = self.customer_group or details.customer_group
		if self.opportunity_from == "Lead":
			self.source = self.source or details.source
			self.campaign = self.campaign or details.campaign_name
		self.company = self.company or get_default_company()
		self.currency = self.currency or (company_currency(self.company) if self.company else None)

	def validate_forecast(self) -> None:
		if not 0 <= flt(self.probability) <= 100:
			frappe.throw(_("The probability is a percentage between 0 and 100."))
		if self.expected_closing and getdate(self.expected_closing) < getdate(self.transaction_date):
			frappe.throw(_("The expected closing date cannot be before the opportunity date."))

	def set_items_and_amount(self) -> None:
		"""Item names from the items (read in one query), amounts to the cent; the opportunity's
		amount is the total of its items when it has any."""
		if not self.items:
			return
		items = sales_items(self.items)
		precision = self.precision("amount", "items") if self.items else 2
		for row in self.items:
			if flt(row.qty) <= 0:
				frappe.throw(_("Row {0}: the quantity must be greater than zero.").format(row.idx))
			row.item_name = row.item_name or items[row.item_code].item_name
			row.uom = row.uom or items[row.item_code].stock_uom
			row.amount = flt(flt(row.qty) * flt(row.rate), precision)
		self.opportunity_amount = flt(
			sum(row.amount for row in self.items), self.precision("opportunity_amount")
		)

	def on_update(self) -> None:
		if self.opportunity_from == "Lead":
			refresh_lead(self.party_name)

	def after_delete(self) -> None:
		if self.opportunity_from == "Lead":
			refresh_lead(self.party_name)

	@frappe.whitelist()
	@checked_arguments
	def declare_enquiry_lost(
		self,
		lost_reasons_list: str | list | None = None,
		competitors: str | list | None = None,
		detailed_reason: str | None = None,
	) -> None:
		"""ERPNext's "Set as Lost": reasons ([{"lost_reason": ...}] or names) and competitors."""
		self.check_permission("write")
		declare_opportunity_lost(
			self,
			names_from(lost_reasons_list, "lost_reason"),
			names_from(competitors, "competitor"),
			text_argument(detailed_reason, "detailed_reason"),
		)


@frappe.whitelist()
@checked_arguments
def make_quotation(source_name: str, target_doc=None):
	return new_quotation_from_opportunity(source_name)
