"""Frappe's Data Import reading French CSV and Excel files right (sales_flow/migration/).

Wired through `override_doctype_class`: every path of the Data Import form gets its importer from
the document (`get_importer`: the template check at save, the preview, the error and log
downloads), except the background job, which Frappe's module builds itself; `start_import`
therefore enqueues this module's copy of that job. Only the reading changes: the file's cells
(`ImportFile.read_content`) and their French numbers, dates and headers before Frappe parses them.
"""

import frappe
from frappe.core.doctype.data_import.data_import import DataImport
from frappe.core.doctype.data_import.importer import Importer, ImportFile
from frappe.utils.background_jobs import enqueue, is_job_enqueued
from frappe.utils.scheduler import is_scheduler_inactive
from rq.timeouts import JobTimeoutException

from sales_flow.migration.csv_reading import read_table
from sales_flow.migration.frappe_import import prepare_rows


class FrenchImportFile(ImportFile):
	def read_content(self, content, extension):
		if extension == "xls":  # the old binary format: Frappe's reader
			return super().read_content(content, extension)
		name = self.file_doc.file_name if self.file_doc else ""
		return read_table(content, extension, name)

	def parse_data_from_template(self):
		# a template saved without a column map has none (Frappe's Header copes with None, we fill it)
		self.column_to_field_map = self.column_to_field_map or frappe._dict()
		self.warnings += prepare_rows(self.doctype, self.raw_data, self.column_to_field_map)
		super().parse_data_from_template()


class FrenchImporter(Importer):
	def __init__(self, doctype, data_import=None, file_path=None, import_type=None, console=False):
		# Frappe's constructor, with the file read by FrenchImportFile
		self.doctype = doctype
		self.console = console
		self.data_import = data_import
		if not self.data_import:
			self.data_import = frappe.get_doc(doctype="Data Import")
			if import_type:
				self.data_import.import_type = import_type
		self.template_options = frappe.parse_json(self.data_import.template_options or "{}")
		self.import_type = self.data_import.import_type
		self.import_file = FrenchImportFile(
			doctype,
			file_path or self.data_import.google_sheets_url or self.data_import.import_file,
			self.template_options,
			self.import_type,
			console=self.console,
		)


class SalesFlowDataImport(DataImport):
	def get_importer(self):
		return FrenchImporter(self.reference_doctype, data_import=self)

	def start_import(self):
		# Frappe's start_import, enqueueing the job below instead of its own
		run_now = frappe.flags.in_test or frappe.conf.developer_mode
		if is_scheduler_inactive() and not run_now:
			frappe.throw(
				frappe._("Scheduler is inactive. Cannot import data."), title=frappe._("Scheduler Inactive")
			)
		job_id = f"data_import::{self.name}"
		if is_job_enqueued(job_id):
			return False
		enqueue(
			start_import,
			queue="default",
			timeout=10000,
			event="data_import",
			job_id=job_id,
			data_import=self.name,
			now=run_now,
		)
		return True


def start_import(data_import: str) -> None:
	"""Frappe's background job (frappe.core.doctype.data_import.data_import.start_import) with the
	French importer."""
	data_import = frappe.get_doc("Data Import", data_import)
	try:
		data_import.get_importer().import_data()
	except JobTimeoutException:
		frappe.db.rollback()
		data_import.db_set("status", "Timed Out")
	except Exception:
		frappe.db.rollback()
		data_import.db_set("status", "Error")
		data_import.log_error("Data import failed")
	finally:
		frappe.flags.in_import = False
	frappe.publish_realtime("data_import_refresh", {"data_import": data_import.name})
