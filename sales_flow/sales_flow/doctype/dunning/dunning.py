"""Dunning ("relance"): the late instalments of one customer claimed with the French late-payment
charges. Rows, charges, level and status are computed by sales_flow/receivables on every write;
the letter is the Dunning Type's, rendered in the restricted sandbox of Terms and Conditions."""

import frappe
from frappe import _
from frappe.model.document import Document

from sales_flow.controllers.field_checks.checked_input import CheckedInput
from sales_flow.controllers.sales_document import SubmitOnce
from sales_flow.printing.language import print_language_of
from sales_flow.receivables.dunning import (
	check_customer,
	dunning_status,
	set_charges,
	set_dunning_type,
	set_overdue_rows,
)
from sales_flow.sales_flow.doctype.dunning_type.dunning_type import letter_fieldnames
from sales_flow.sales_flow.doctype.terms_and_conditions.terms_and_conditions import jinja_source, render_terms


class Dunning(CheckedInput, SubmitOnce, Document):
	def validate(self) -> None:
		self.set_missing_values()
		check_customer(self)
		set_overdue_rows(self)
		set_dunning_type(self)
		set_charges(self)
		self.render_letter()
		self.status = dunning_status(self)

	def set_missing_values(self) -> None:
		customer = frappe.db.get_value(
			"Customer", self.customer, ["customer_name", "email_id", "default_currency"], as_dict=True
		)
		if not customer:
			frappe.throw(_("Customer {0} does not exist.").format(frappe.bold(self.customer)))
		self.customer_name = customer.customer_name
		self.contact_email = self.contact_email or customer.email_id
		self.currency = self.currency or frappe.db.get_value("Company", self.company, "default_currency")
		self.language = print_language_of(self)

	def render_letter(self) -> None:
		"""The level's letter in the print language (else its default one), with this dunning's fields."""
		letters = frappe.get_all(
			"Dunning Letter Text",
			filters={"parent": self.dunning_type, "parenttype": "Dunning Type"},
			fields=["language", "is_default_language", "body_text", "closing_text"],
		)
		letter = next((row for row in letters if row.language == self.language), None) or next(
			(row for row in letters if row.is_default_language), None
		)
		values = self.as_dict(no_default_fields=False)
		for field in ("body_text", "closing_text"):
			source = jinja_source(letter.get(field)) if letter else ""
			self.set(field, render_terms(source, values, letter_fieldnames()) if source else "")

	def on_submit(self) -> None:
		self.db_set("status", dunning_status(self), update_modified=False)

	def on_cancel(self) -> None:
		self.db_set("status", "Cancelled", update_modified=False)
