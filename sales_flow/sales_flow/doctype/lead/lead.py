import frappe
from frappe import _
from frappe.contacts.address_and_contact import delete_contact_and_address, load_address_and_contact
from frappe.model.document import Document
from frappe.utils import validate_email_address

from sales_flow.crm.conversions import (
	new_customer_from_lead,
	new_opportunity_from_lead,
	new_quotation_from_lead,
)
from sales_flow.crm.statuses import LEAD_CHOSEN, lead_status
from sales_flow.utils.arguments import checked_arguments


class Lead(Document):
	def onload(self) -> None:
		load_address_and_contact(self)

	def validate(self) -> None:
		self.set_full_name()
		self.validate_email()
		self.title = self.company_name or self.lead_name
		if not self.is_new():
			self.status = lead_status(self.name, self.status)
		elif self.status not in LEAD_CHOSEN:
			self.status = "Lead"

	def set_full_name(self) -> None:
		self.lead_name = (
			self.lead_name or " ".join(filter(None, (self.first_name, self.last_name))) or ""
		).strip()
		self.company_name = (self.company_name or "").strip()
		if not self.lead_name and not self.company_name:
			frappe.throw(_("A lead needs a person's name or an organization name."))

	def validate_email(self) -> None:
		if not self.email_id:
			return
		self.email_id = validate_email_address(self.email_id.strip(), throw=True)
		other = frappe.db.get_value("Lead", {"email_id": self.email_id, "name": ("!=", self.name)})
		if other:
			frappe.throw(
				_("Email {0} is already used by lead {1}.").format(frappe.bold(self.email_id), other)
			)

	def on_trash(self) -> None:
		delete_contact_and_address(self.doctype, self.name)


@frappe.whitelist()
@checked_arguments
def make_customer(source_name: str, target_doc=None):
	"""An unsaved customer made from the lead (ERPNext's path answers too); once saved, the lead is
	Converted and its contacts and addresses are the customer's."""
	return new_customer_from_lead(source_name)


@frappe.whitelist()
@checked_arguments
def make_opportunity(source_name: str, target_doc=None):
	return new_opportunity_from_lead(source_name)


@frappe.whitelist()
@checked_arguments
def make_quotation(source_name: str, target_doc=None):
	return new_quotation_from_lead(source_name)
