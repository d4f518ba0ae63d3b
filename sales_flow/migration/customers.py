"""Customers from the previous program's export, with their contact and billing address.

A customer is found again by its code in the previous program (`Customer.legacy_code`), its contact
by its e-mail (else its name) among the customer's contacts, its address as its billing address:
running the same file again changes nothing, and a changed row updates what it made.
"""

import frappe
from frappe import _
from frappe.utils import validate_email_address

from sales_flow.migration.context import Context
from sales_flow.migration.mapping import normalise
from sales_flow.migration.rows import Outcome, Row, apply_changes, note_repeated_codes, unchanged_message
from sales_flow.migration.sales_flow_api import validate_siret, validate_vat

COMPANY_WORDS = {
	"societe",
	"entreprise",
	"professionnel",
	"pro",
	"company",
	"personne morale",
	"sarl",
	"sas",
	"sa",
}
INDIVIDUAL_WORDS = {"particulier", "individuel", "personne physique", "individual", "part"}
CONTACT_KEYS = ("first_name", "last_name", "email", "phone", "mobile")
ADDRESS_KEYS = ("address_line1", "address_line2", "pincode", "city", "country")


# ---------------------------------------------------------------- customers: checks


def check_customers(rows: list[Row], context: Context) -> None:
	note_repeated_codes(rows, _("Customer code {0} is already on line {1}."))
	for row in rows:
		code = row.code
		if code and len(context.customers_by_code.get(code, ())) > 1:
			row.problems.append(
				_("Customer code {0} is on several customers: {1}.").format(
					code, ", ".join(context.customers_by_code[code])
				)
			)
		check_customer_values(row, context)


def check_customer_values(row: Row, context: Context) -> None:
	if row.get("customer_type") and not customer_type(row.get("customer_type")):
		row.problems.append(
			_("Customer type {0} is not known: Société or Particulier is expected.").format(
				row.get("customer_type")
			)
		)
	for key, check in (("siret", validate_siret), ("tax_id", validate_vat)):
		if row.get(key):
			try:
				row.values[key] = check(row.get(key))
			except frappe.ValidationError as error:
				frappe.clear_last_message()
				row.problems.append(frappe.utils.strip_html(str(error)))
	if row.get("email") and not validate_email_address(row.get("email")):
		row.problems.append(_("{0} is not an e-mail address.").format(row.get("email")))
	if any(row.get(key) for key in ADDRESS_KEYS):
		if not row.get("address_line1") or not row.get("city"):
			row.problems.append(_("An address needs at least its first line and its city."))
		if row.get("country") and not context.country(row.get("country")):
			row.problems.append(_("Country {0} is not known.").format(row.get("country")))
	group = row.get("customer_group")
	if group and not context.group_available("Customer Group", group):
		row.problems.append(
			_("Customer group {0} does not exist, and your roles may not create it.").format(group)
		)


def customer_type(value) -> str | None:
	word = normalise(value)
	if word in COMPANY_WORDS:
		return "Company"
	if word in INDIVIDUAL_WORDS:
		return "Individual"
	return None


# ---------------------------------------------------------------- customers: writes


def import_customer(row: Row, context: Context) -> Outcome:
	code = row.get("customer_code")
	values = {
		"customer_name": row.get("customer_name"),
		"customer_type": customer_type(row.get("customer_type")),
		"siret": row.get("siret"),
		"tax_id": row.get("tax_id"),
		"legacy_code": code,
	}
	if row.get("customer_group"):
		values["customer_group"] = context.group("Customer Group", row.get("customer_group"))
	existing = context.customers_by_code.get(code)
	if existing:
		customer = frappe.get_doc("Customer", existing[0])
		changed = apply_changes(customer, values)
		if changed:
			customer.save()
	else:
		values["customer_type"] = values["customer_type"] or "Company"
		customer = frappe.get_doc({"doctype": "Customer", **values}).insert()
		context.customers_by_code[code] = [customer.name]
		changed = True
	contact_changed = sync_contact(customer, row)
	address_changed = sync_address(customer, row, context)
	if existing:
		result = "Updated" if changed or contact_changed or address_changed else "Skipped"
	else:
		result = "Created"
	return Outcome(result, "Customer", customer.name, unchanged_message(result))


def sync_contact(customer, row: Row) -> bool:
	if not any(row.get(key) for key in CONTACT_KEYS):
		return False
	email = row.get("email")
	# a contact known only by its phone or e-mail is named after the customer
	first_name = row.get("first_name") or (None if row.get("last_name") else customer.customer_name)
	values = {"first_name": first_name, "last_name": row.get("last_name")}
	contact = linked_contact(customer.name, email, first_name, row.get("last_name"))
	if contact:
		changed = apply_changes(contact, values)
	else:
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				**values,
				"is_primary_contact": 1,
				"links": [{"link_doctype": "Customer", "link_name": customer.name}],
			}
		)
		changed = True
	for table, fieldname, value, flags in (
		("email_ids", "email_id", email, {"is_primary": 1}),
		("phone_nos", "phone", row.get("phone"), {"is_primary_phone": 1}),
		("phone_nos", "phone", row.get("mobile"), {"is_primary_mobile_no": 1}),
	):
		changed = add_contact_detail(contact, table, fieldname, value, flags) or changed
	if contact.is_new():
		contact.insert()
	elif changed:
		contact.save()
	if not customer.customer_primary_contact:
		customer.db_set("customer_primary_contact", contact.name)
	return changed


def linked_contact(customer: str, email: str | None, first_name: str | None, last_name: str | None):
	"""The customer's contact with this e-mail, else with this name."""
	names = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "link_doctype": "Customer", "link_name": customer},
		pluck="parent",
	)
	if not names:
		return None
	if email:
		found = frappe.get_all(
			"Contact Email", filters={"parent": ("in", names), "email_id": email}, pluck="parent"
		)
		if found:
			return frappe.get_doc("Contact", found[0])
	by_name = frappe.get_all(
		"Contact",
		filters={
			"name": ("in", names),
			"first_name": text_filter(first_name),
			"last_name": text_filter(last_name),
		},
		pluck="name",
	)
	return frappe.get_doc("Contact", by_name[0]) if by_name else None


def text_filter(value: str | None):
	return value if value else ("is", "not set")


def add_contact_detail(contact, table: str, fieldname: str, value: str | None, flags: dict) -> bool:
	"""The file's e-mail or phone on the contact, as its primary one (the earlier ones are kept)."""
	if not value or any((row.get(fieldname) or "") == value for row in contact.get(table) or []):
		return False
	for row in contact.get(table) or []:
		for flag in flags:
			row.set(flag, 0)  # one primary e-mail, phone and mobile per contact (Frappe's rule)
	contact.append(table, {fieldname: value, **flags})
	return True


def sync_address(customer, row: Row, context: Context) -> bool:
	if not row.get("address_line1"):
		return False
	values = {
		"address_line1": row.get("address_line1"),
		"address_line2": row.get("address_line2"),
		"pincode": row.get("pincode"),
		"city": row.get("city"),
		"country": context.country(row.get("country")) if row.get("country") else context.default_country,
	}
	names = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Address", "link_doctype": "Customer", "link_name": customer.name},
		pluck="parent",
	)
	billing = frappe.get_all(
		"Address", filters={"name": ("in", names), "address_type": "Billing"}, pluck="name"
	)
	if billing:
		address = frappe.get_doc("Address", billing[0])
		if not apply_changes(address, values):
			return False
		address.save()
	else:
		address = frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": customer.customer_name,
				"address_type": "Billing",
				"is_primary_address": 1,
				**values,
				"links": [{"link_doctype": "Customer", "link_name": customer.name}],
			}
		).insert()
	if not customer.customer_primary_address:
		customer.reload()
		customer.customer_primary_address = address.name
		customer.save()
	return True
