"""Dunning Type: one dunning level (ERPNext's name), with the days after the due date it starts at,
its fee and its letter per language. The letter is Jinja with the Dunning's fields, checked and
rendered in the restricted sandbox of Terms and Conditions."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from sales_flow.sales_flow.doctype.terms_and_conditions.terms_and_conditions import (
	check_template,
	jinja_source,
)


def letter_fieldnames() -> frozenset[str]:
	"""What a letter may read: the Dunning's fields (its rows as `overdue_payments`)."""
	names = {df.fieldname for df in frappe.get_meta("Dunning").fields} | {"name", "doctype"}
	return frozenset(names | {df.fieldname for df in frappe.get_meta("Overdue Payment").fields})


class DunningType(Document):
	def validate(self) -> None:
		self.check_figures()
		self.check_level_is_unique()
		self.check_letters()

	def check_figures(self) -> None:
		for field in ("dunning_level", "start_day", "dunning_fee", "rate_of_interest"):
			if flt(self.get(field)) < 0:
				frappe.throw(
					_("{0} cannot be negative.").format(_(self.meta.get_label(field))),
					title=_("Invalid value"),
				)
		if self.dunning_level < 1:
			frappe.throw(_("The level of a Dunning Type starts at 1."))

	def check_level_is_unique(self) -> None:
		other = frappe.db.get_value(
			"Dunning Type", {"dunning_level": self.dunning_level, "name": ("!=", self.name or "")}
		)
		if other:
			frappe.throw(
				_("Level {0} is already the level of Dunning Type {1}.").format(
					self.dunning_level, frappe.bold(other)
				)
			)

	def check_letters(self) -> None:
		defaults, languages = 0, set()
		for row in self.dunning_letter_text:
			if row.language in languages:
				frappe.throw(_("Row {0}: there is already a letter in {1}.").format(row.idx, row.language))
			languages.add(row.language)
			defaults += row.is_default_language
			for field in ("body_text", "closing_text"):
				check_template(jinja_source(row.get(field)), letter_fieldnames())
		if defaults > 1:
			frappe.throw(_("Only one letter can be the default language."))
