"""The "Reprise de données" assistant (DocType Data Migration): check, run, report.

1. `check`: the attached files are read, their columns mapped (the column table: recognised
   titles, else the choice made for the same title in an earlier migration), the VAT rates given
   a VAT class, and every row checked (cells, codes, references between the files, identifiers,
   the user's right to create what the file holds). Nothing is written but the migration itself:
   its problems per row are listed before any record exists.
2. `start`: the run, in the background (long queue), with a progress bar on the form.
3. `run_migration`: files in their order (customers, items, quotations, invoices), one record per
   transaction, committed or rolled back whole: a refused row leaves nothing behind. A row with a
   problem is refused with it; a row the app's controllers refuse is refused with their message.
4. The report (`report`): counts on the form (created, updated, skipped, refused), every row's
   outcome in a CSV file attached to the migration.

Run again, the same files change nothing: every record is found again by the previous program's
code (see customers, items, quotations, opening).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils.background_jobs import is_job_enqueued

from sales_flow.migration.columns import refresh_columns, refresh_vat_rates
from sales_flow.migration.context import Context
from sales_flow.migration.customers import check_customers, import_customer
from sales_flow.migration.items import check_items, import_item, vat_rates_of
from sales_flow.migration.mapping import CUSTOMERS, FILE_KINDS, INVOICES, ITEMS, QUOTATIONS, guess_kind
from sales_flow.migration.opening import check_invoices, import_opening_invoice
from sales_flow.migration.quotations import check_quotations, import_quotation, quotations_of
from sales_flow.migration.report import write_report
from sales_flow.migration.rows import (
	REFUSED,
	Outcome,
	Row,
	Sheet,
	column_targets,
	missing_required,
	read_sheet,
	typed_rows,
)

PERMISSIONS = {
	CUSTOMERS: (("Customer", "create"), ("Customer", "write")),
	ITEMS: (("Item", "create"), ("Item", "write"), ("Item Price", "create"), ("Item Price", "write")),
	QUOTATIONS: (("Quotation", "create"), ("Quotation", "submit")),
	INVOICES: (("Sales Invoice", "create"), ("Sales Invoice", "submit")),
}


@dataclass
class Plan:
	"""What the files hold, typed and checked; nothing written."""

	sheets: dict[str, Sheet]
	rows: dict[str, list[Row]]
	context: Context

	def file_problems(self, kind: str) -> list[str]:
		return self.sheets[kind].problems if kind in self.sheets else []


# ---------------------------------------------------------------- check


def check(migration) -> None:
	"""Read and check everything, write nothing but the migration's columns, VAT rates and problems."""
	migration.check_permission("write")
	refuse_while_running(migration)
	plan = make_plan(migration, refresh=True)
	problems = [preview_row(row) for kind in FILE_KINDS for row in plan.rows.get(kind, []) if not row.ok]
	files = [
		{
			"kind": kind,
			"file_name": sheet.file_name,
			"rows": len(plan.rows.get(kind, [])),
			"problems": sheet.problems,
		}
		for kind, sheet in plan.sheets.items()
	]
	if not files:
		frappe.throw(_("Attach at least one file of the previous program to check."))
	migration.preview = json.dumps({"files": files, "rows": problems}, ensure_ascii=False, default=str)
	migration.checked_rows = sum(len(rows) for rows in plan.rows.values())
	migration.problem_rows = sum(1 for rows in plan.rows.values() for row in rows if not row.ok)
	migration.status = "Checked"
	migration.flags.checked = True
	migration.save()


def refuse_while_running(migration) -> None:
	if is_running(migration):
		frappe.throw(_("The migration is running: wait until it is over."))


def is_running(migration) -> bool:
	"""Queued or running, and its job still there: a worker stopped half-way leaves the status
	Running, and the migration may then be checked and run again."""
	return migration.status in ("Queued", "Running") and is_job_enqueued(job_id(migration.name))


def job_id(migration: str) -> str:
	return f"data_migration::{migration}"


def make_plan(migration, refresh: bool) -> Plan:
	sheets = {kind: sheet for kind in FILE_KINDS if (sheet := read_sheet(migration, kind))}
	if refresh:
		refresh_columns(migration, sheets)
	rows: dict[str, list[Row]] = {}
	for kind, sheet in sheets.items():
		targets = column_targets(migration, kind)
		if sheet.headers:
			sheet.problems += column_problems(kind, sheet, targets)
		sheet.problems += permission_problems(kind)
		rows[kind] = typed_rows(sheet, targets) if sheet.headers else []
	if refresh:
		refresh_vat_rates(migration, vat_rates_of(rows.get(ITEMS, [])))
	codes = {row.get("customer_code") for kind in rows for row in rows[kind] if row.get("customer_code")}
	context = Context.for_migration(migration, codes)
	customers = by_code(rows.get(CUSTOMERS, []), "customer_code")
	items = by_code(rows.get(ITEMS, []), "item_code")
	check_customers(rows.get(CUSTOMERS, []), context)
	check_items(rows.get(ITEMS, []), context)
	check_quotations(rows.get(QUOTATIONS, []), context, customers, items)
	check_invoices(rows.get(INVOICES, []), context, customers)
	return Plan(sheets, rows, context)


def by_code(rows: list[Row], key: str) -> dict[str, Row]:
	found: dict[str, Row] = {}
	for row in rows:
		if row.get(key):
			found.setdefault(row.get(key), row)
	return found


def column_problems(kind: str, sheet: Sheet, targets: dict) -> list[str]:
	problems = []
	seen: dict[str, int] = {}
	for index, target in sorted(targets.items()):
		if target.key in seen:
			problems.append(
				_("Columns {0} and {1} are both imported as {2}: keep one.").format(
					seen[target.key] + 1, index + 1, _(target.label)
				)
			)
		seen.setdefault(target.key, index)
	missing = missing_required(kind, targets)
	for target in missing:
		problems.append(
			_("No column is imported as {0}: choose one in the Columns table.").format(_(target.label))
		)
	looks_like = guess_kind(sheet.headers)
	if missing and looks_like and looks_like != kind:
		problems.append(
			_("This file looks like a file of {0}: was it attached in the right place?").format(_(looks_like))
		)
	return problems


def permission_problems(kind: str) -> list[str]:
	for doctype, right in PERMISSIONS[kind]:
		if not frappe.has_permission(doctype, right):
			return [
				_("Your roles may not {0} a {1}: this file cannot be brought over by you.").format(
					_(right), _(doctype)
				)
			]
	return []


def preview_row(row: Row) -> dict:
	return {
		"kind": row.kind,
		"line": row.line,
		"code": row.code,
		"problems": row.problems or [row.refused_with],
	}


# ---------------------------------------------------------------- run


def start(migration) -> None:
	migration.check_permission("write")
	refuse_while_running(migration)
	if migration.status != "Checked":
		frappe.throw(_("Check the files first: the migration runs what its last check saw."))
	migration.db_set({"status": "Queued", "progress": 0, "error": None})
	frappe.enqueue(
		"sales_flow.migration.importer.run_migration",
		queue="long",
		timeout=4 * 3600,
		job_id=job_id(migration.name),
		deduplicate=True,
		enqueue_after_commit=True,
		migration=migration.name,
	)


@dataclass
class Unit:
	"""One record to write: a row (a quotation: its lines) and the function that writes it."""

	kind: str
	rows: list[Row]
	write: Callable[..., Outcome]


def run_migration(migration: str) -> None:
	"""The background job."""
	frappe.set_user_lang(frappe.session.user)
	doc = frappe.get_doc("Data Migration", migration)
	doc.db_set({"status": "Running", "progress": 0}, commit=True)
	try:
		plan = make_plan(doc, refresh=False)
		outcomes = write_all(doc, plan)
		write_report(doc, outcomes)
	except Exception:
		frappe.db.rollback()
		doc.log_error("Data migration failed")
		doc.db_set(
			{
				"status": "Failed",
				"error": _("The migration stopped on an unexpected error, recorded in the Error Log."),
			},
			commit=True,
		)
	publish_progress(doc, 100, done=True)


def units_of(plan: Plan) -> list[Unit]:
	units = [
		Unit(CUSTOMERS, [row], lambda rows, c: import_customer(rows[0], c))
		for row in plan.rows.get(CUSTOMERS, [])
	]
	units += [Unit(ITEMS, [row], lambda rows, c: import_item(rows[0], c)) for row in plan.rows.get(ITEMS, [])]
	units += [
		Unit(QUOTATIONS, lines, import_quotation) for lines in quotations_of(plan.rows.get(QUOTATIONS, []))
	]
	units += [
		Unit(INVOICES, [row], lambda rows, c: import_opening_invoice(rows[0], c))
		for row in plan.rows.get(INVOICES, [])
	]
	return units


def write_all(doc, plan: Plan) -> list[tuple[Row, Outcome]]:
	units = units_of(plan)
	outcomes: list[tuple[Row, Outcome]] = []
	shown = -1
	for done, unit in enumerate(units, start=1):
		outcomes += write_unit(unit, plan)
		percent = int(done * 100 / len(units))
		if percent != shown:
			shown = percent
			doc.db_set("progress", percent, commit=True)
			publish_progress(doc, percent, done=False, count=done, total=len(units))
	return outcomes


def write_unit(unit: Unit, plan: Plan) -> list[tuple[Row, Outcome]]:
	"""Write one record in its own transaction; its rows' outcomes."""
	file_problems = plan.file_problems(unit.kind)
	if file_problems or any(not row.ok for row in unit.rows):
		return [(row, Outcome(REFUSED, message=" ".join(reasons(row, file_problems)))) for row in unit.rows]
	try:
		outcome = unit.write(unit.rows, plan.context)
		frappe.db.commit()
	except Exception as error:
		frappe.db.rollback()
		plan.context.forget_rolled_back()
		outcome = Outcome(REFUSED, message=refusal_message(error))
	finally:
		frappe.clear_messages()
	return [(unit.rows[0], outcome)]


def reasons(row: Row, file_problems: list[str]) -> list[str]:
	"""Why a row is refused before anything is written: its own problems, its quotation's, its file's."""
	if row.problems:
		return row.problems
	return [row.refused_with] if row.refused_with else file_problems


def refusal_message(error: Exception) -> str:
	"""The controller's message for a refusal; an unexpected error is logged and said to be."""
	if isinstance(error, frappe.ValidationError | frappe.PermissionError | frappe.DoesNotExistError):
		text = frappe.utils.strip_html(str(error)).strip()
		if not text:
			messages = [json.loads(m).get("message", "") for m in frappe.local.message_log or []]
			text = " ".join(frappe.utils.strip_html(m) for m in messages)
		return text or _("Refused by the application.")
	frappe.log_error("Data migration: a row failed")
	return _("Unexpected error, recorded in the Error Log: {0}").format(type(error).__name__)


def publish_progress(doc, percent: int, done: bool, count: int = 0, total: int = 0) -> None:
	frappe.publish_realtime(
		"data_migration_progress",
		{"name": doc.name, "progress": percent, "done": done, "count": count, "total": total},
		doctype=doc.doctype,
		docname=doc.name,
	)
