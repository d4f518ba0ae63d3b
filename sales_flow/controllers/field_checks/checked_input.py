"""CheckedInput, the mixin that runs the checks of this package at the moments Frappe builds,
inserts, saves and submits a sales document."""

from sales_flow.controllers.field_checks.document import check_document_input, check_numbers_fit
from sales_flow.controllers.field_checks.line_count import check_line_count
from sales_flow.controllers.field_checks.shape import (
	ENGINE_DOCTYPES,
	check_row_value,
	check_table_value,
	from_db,
	refuse_foreign_fields,
)
from sales_flow.utils.child_rows import load_with_filled_tables


class CheckedInput:
	"""Mixin of the controllers of the sales documents, before Frappe's Document in their bases."""

	def load_from_db(self):
		# what the database holds is no input (and a column left by a removed field may hold a value)
		self.flags.sales_flow_from_db = True
		try:
			# the tables that hold no row for it are not read (Frappe reads every one)
			return load_with_filled_tables(self) or super().load_from_db()
		finally:
			self.flags.pop("sales_flow_from_db", None)

	def update(self, d):
		if isinstance(d, dict) and self.doctype in ENGINE_DOCTYPES and not from_db(self):
			refuse_foreign_fields(self.meta, d, lambda: ENGINE_DOCTYPES)
		return super().update(d)

	def extend(self, key, value):
		check_table_value(self, key, value)
		return super().extend(key, value)

	def _init_child(self, value, key):
		if not from_db(self):
			check_row_value(self, key, value)
		return super()._init_child(value, key)

	def insert(self, *args, **kwargs):
		check_document_input(self, count_lines=True)
		return super().insert(*args, **kwargs)

	def save(self, *args, **kwargs):
		if not self.get("__islocal") and self.get("name"):
			# a new document goes through insert, checked there
			check_document_input(self, count_lines=self.docstatus == 0)
		return super().save(*args, **kwargs)

	def run_before_save_methods(self):
		if self._action == "submit":
			# a draft saved before the limit existed, or under a higher one
			check_line_count(self)
		super().run_before_save_methods()
		if self._action in ("save", "submit"):
			check_numbers_fit(self)
