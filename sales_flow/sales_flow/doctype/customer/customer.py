import frappe
from frappe import _
from frappe.contacts.address_and_contact import delete_contact_and_address, load_address_and_contact
from frappe.contacts.doctype.address.address import get_address_display
from frappe.model.document import Document
from frappe.model.naming import set_name_by_naming_series
from frappe.utils import cstr

from sales_flow.controllers.credit_limit import credit_summary, validate_credit_limit_rows
from sales_flow.crm.conversions import after_customer_insert, check_lead_not_converted
from sales_flow.install import tree_root
from sales_flow.regional.france.identifiers import validate_siret, validate_vat
from sales_flow.settings import get_default_company, get_selling_settings


class Customer(Document):
	def onload(self) -> None:
		load_address_and_contact(self)
		self.set_onload("naming_by_series", naming_by_series())
		if not self.is_new():
			self.set_onload("credit", credit_summary(self.name, get_default_company()))

	def autoname(self) -> None:
		if naming_by_series():
			self.naming_series = (
				self.naming_series or self.meta.get_field("naming_series").options.split("\n")[0]
			)
			set_name_by_naming_series(self)
		else:
			self.name = unique_name_for(self.customer_name)

	def before_validate(self) -> None:
		settings = get_selling_settings()
		self.customer_group = self.customer_group or settings.customer_group or tree_root("Customer Group")
		self.territory = self.territory or settings.territory or tree_root("Territory")

	def validate(self) -> None:
		# here, not in before_validate: the value-type checks of doc_events run after that one; a
		# number sent for the name is its text
		self.customer_name = cstr(self.customer_name).strip()
		if not self.customer_name:
			frappe.throw(_("Customer Name is mandatory."))
		if (self.credit_limit or 0) < 0:
			frappe.throw(_("Credit Limit cannot be negative."))
		validate_credit_limit_rows(self)
		self.tax_id = validate_vat(self.tax_id)
		self.siret = validate_siret(self.siret)
		self.validate_primary_links()
		if self.lead_name and self.is_new():
			check_lead_not_converted(self.lead_name)
		self.primary_address = (
			get_address_display(self.customer_primary_address) if self.customer_primary_address else ""
		)

	def validate_primary_links(self) -> None:
		for field, doctype in (
			("customer_primary_contact", "Contact"),
			("customer_primary_address", "Address"),
		):
			name = self.get(field)
			if name and not self.is_new() and not is_linked_to(doctype, name, self.name):
				frappe.throw(
					_("{0} {1} is not linked to customer {2}.").format(
						_(doctype), frappe.bold(name), self.name
					)
				)

	def after_insert(self) -> None:
		after_customer_insert(self)

	def on_trash(self) -> None:
		delete_contact_and_address(self.doctype, self.name)


def naming_by_series() -> bool:
	return get_selling_settings().cust_master_name == "Naming Series"


def unique_name_for(customer_name: str) -> str:
	"""The customer name itself, or "Name - 2", "Name - 3"... when it is taken."""
	name = (customer_name or "").strip()
	if not name:
		frappe.throw(_("Customer Name is mandatory."))
	if not frappe.db.exists("Customer", name):
		return name
	count = frappe.db.count("Customer", {"name": ("like", f"{name} - %")})
	candidate = f"{name} - {count + 2}"
	while frappe.db.exists("Customer", candidate):
		count += 1
		candidate = f"{name} - {count + 2}"
	return candidate


def is_linked_to(doctype: str, name: str, customer: str) -> bool:
	return bool(
		frappe.db.exists(
			"Dynamic Link",
			{"parenttype": doctype, "parent": name, "link_doctype": "Customer", "link_name": customer},
		)
	)
