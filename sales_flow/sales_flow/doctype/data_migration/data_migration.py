"""Data Migration ("Reprise de données"): the previous program's exports brought over, checked
first, run in the background, reported. The work is in sales_flow/migration/importer.py."""

import frappe
from frappe import _
from frappe.model.document import Document

from sales_flow.migration import columns, importer
from sales_flow.migration.mapping import target_by_label
from sales_flow.utils.arguments import checked_arguments

# a change to one of these asks for a new check before the run
CHECKED_FIELDS = (
	"company",
	"price_list",
	"taxes_and_charges",
	"customers_file",
	"items_file",
	"quotations_file",
	"invoices_file",
)


class DataMigration(Document):
	def validate(self) -> None:
		before = self.get_doc_before_save()
		if before and not self.flags.checked:
			importer.refuse_while_running(before)
		self.validate_targets(before)
		if not self.flags.checked:
			# the status is the server's: only a check makes a migration Checked, only its run the rest
			self.status = "Draft" if self.needs_new_check(before) else before.status

	def validate_targets(self, before) -> None:
		earlier = {
			(c.file_kind, c.column_number): c.target for c in (before.get("columns") if before else [])
		}
		for column in self.get("columns") or []:
			if column.target and not target_by_label(column.file_kind, column.target):
				frappe.throw(
					_("Row {0}: a column of the {1} file cannot be imported as {2}.").format(
						column.idx, _(column.file_kind), _(column.target)
					)
				)
			if (column.file_kind, column.column_number) in earlier and earlier[
				(column.file_kind, column.column_number)
			] != (column.target or ""):
				column.recognised_by = columns.CHOSEN

	def needs_new_check(self, before) -> bool:
		if not before:
			return True
		if any(self.get(field) != before.get(field) for field in CHECKED_FIELDS):
			return True
		mapping = [(c.file_kind, c.column_number, c.target) for c in self.get("columns") or []]
		vat = [(r.vat_rate, r.item_tax_template) for r in self.get("vat_rates") or []]
		return mapping != [
			(c.file_kind, c.column_number, c.target) for c in before.get("columns") or []
		] or vat != [(r.vat_rate, r.item_tax_template) for r in before.get("vat_rates") or []]


# module functions rather than document methods: the desk calls them by path, with the name only,
# and the migration is read from the database (what is saved is checked and run)
@frappe.whitelist(methods=["POST"])
@checked_arguments
def check_files(name: str) -> None:
	"""Read and check the files; nothing is written but this migration's problems."""
	importer.check(frappe.get_doc("Data Migration", name))


@frappe.whitelist(methods=["POST"])
@checked_arguments
def start_migration(name: str) -> None:
	"""Run the checked migration in the background."""
	importer.start(frappe.get_doc("Data Migration", name))
