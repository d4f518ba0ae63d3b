"""The report of a run: the counts on the migration, the rows the form shows (all but the plain
creations, at most ROWS_SHOWN), and every row's outcome in a CSV file attached to the migration
(`;`, UTF-8 with BOM: Excel opens it as is)."""

import csv
import io
import json

import frappe
from frappe import _
from frappe.utils import now_datetime

from sales_flow.migration.rows import CREATED, REFUSED, SKIPPED, UPDATED, Outcome, Row

# the rows of the report shown on the form (the file holds them all)
ROWS_SHOWN = 300


def write_report(doc, outcomes: list[tuple[Row, Outcome]]) -> None:
	counts = {result: 0 for result in (CREATED, UPDATED, SKIPPED, REFUSED)}
	for _row, outcome in outcomes:
		counts[outcome.result] += 1
	shown = [
		report_row(row, outcome) for row, outcome in outcomes if outcome.result != CREATED or outcome.message
	]
	doc.reload()
	doc.db_set(
		{
			"created": counts[CREATED],
			"updated": counts[UPDATED],
			"skipped": counts[SKIPPED],
			"refused": counts[REFUSED],
			"report": json.dumps(shown[:ROWS_SHOWN], ensure_ascii=False),
			"report_file": attach_report(doc, outcomes),
			"finished_on": now_datetime(),
			"progress": 100,
			"status": "Completed with Errors" if counts[REFUSED] else "Completed",
		},
		commit=True,
	)


def report_row(row: Row, outcome: Outcome) -> dict:
	return {
		"kind": row.kind,
		"line": row.line,
		"code": row.code,
		"result": outcome.result,
		"doctype": outcome.doctype or "",
		"name": outcome.name or "",
		"message": outcome.message,
	}


def attach_report(doc, outcomes: list[tuple[Row, Outcome]]) -> str:
	"""The report as a CSV file attached to the migration (the previous run's report replaced)."""
	for old in frappe.get_all(
		"File",
		filters={
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"attached_to_field": "report_file",
		},
		pluck="name",
	):
		frappe.delete_doc("File", old, ignore_permissions=True)
	buffer = io.StringIO()
	writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
	writer.writerow([_("File"), _("Line"), _("Code"), _("Result"), _("Document"), _("Message")])
	for row, outcome in outcomes:
		kind, result = row.kind, outcome.result
		writer.writerow(
			[
				_(kind),
				row.line,
				row.code,
				_(result),
				outcome.name or "",
				outcome.message,
			]
		)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{doc.name}-{_('report')}.csv",
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"attached_to_field": "report_file",
			"is_private": 1,
			"content": "\ufeff" + buffer.getvalue(),
		}
	).insert(ignore_permissions=True)
	return file.file_url
