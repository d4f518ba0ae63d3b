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
4. The report: counts on the form (created, updated, skipped, refused), every row's outcome in a
   CSV file attached to the migration (`;`, UTF-8 with BOM: Excel opens it as is).

Run again, the same files change nothing: every record is found again by the previous program's
code (see masters, quotations, opening).
"""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import now_datetime

from sales_flow.migration.context import Context
from sales_flow.migration.mapping import (
	CUSTOMERS,
	FILE_KINDS,
	INVOICES,
	ITEMS,
	QUOTATIONS,
	guess_kind,
	recognise,
)
from sales_flow.migration.masters import (
	check_customers,
	check_items,
	import_customer,
	import_item,
	vat_rates_of,
)
from sales_flow.migration.opening import check_invoices, import_opening_invoice
from sales_flow.migration.quotations import check_quotations, import_quotation, quotations_of
from sales_flow.migration.rows import (
	Outcome,
	Row,
	Sheet,
	column_targets,
	missing_required,
	read_sheet,
	typed_rows,
)

CREATED, UPDATED, SKIPPED, REFUSED = "Created", "Updated", "Skipped", "Refused"
PERMISSIONS = {
	CUSTOMERS: (("Customer", "create"), ("Customer", "write")),
	ITEMS: (("Item", "create"), ("Item", "write"), ("Item Price", "create"), ("Item Price", "write")),
	QUOTATIONS: (("Quotation", "create"), ("Quotation", "submit")),
	INVOICES: (("Sales Invoice", "create"), ("Sales Invoice", "submit")),
}
CODE_KEYS = {
	CUSTOMERS: "customer_code",
	ITEMS: "item_code",
	QUOTATIONS: "quotation_number",
	INVOICES: "invoice_number",
}
# the rows of the report shown on the form (the file holds them all)
ROWS_SHOWN = 300
CHOSEN, EARLIER, TITLE = "Chosen", "Earlier Migration", "Column Title"


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
	if migration.status in ("Queued", "Running"):
		frappe.throw(_("The migration is running: wait until it is over."))


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
		"code": row.get(CODE_KEYS[row.kind]) or "",
		"problems": row.problems or [row.refused_with],
	}


# ---------------------------------------------------------------- columns and VAT rates


def refresh_columns(migration, sheets: dict[str, Sheet]) -> None:
	"""One row per column of each file; a column already in the table keeps its target."""
	kept = {(c.file_kind, c.column_number, c.header): c for c in migration.get("columns") or []}
	columns = []
	for kind, sheet in sheets.items():
		for index, header in enumerate(sheet.headers):
			previous = kept.get((kind, index + 1, header))
			if previous:
				target, recognised_by = previous.target, previous.recognised_by
			else:
				target, recognised_by = first_target(kind, header, migration.name)
			columns.append(
				{
					"file_kind": kind,
					"column_number": index + 1,
					"header": header,
					"sample": sample(sheet, index),
					"target": target,
					"recognised_by": recognised_by,
				}
			)
	migration.set("columns", columns)


def first_target(kind: str, header: str, migration: str) -> tuple[str, str]:
	"""What an earlier migration's user chose for this title, else what the title says."""
	earlier = frappe.get_all(
		"Data Migration Column",
		filters={
			"parenttype": "Data Migration",
			"parent": ("!=", migration or ""),
			"file_kind": kind,
			"header": header,
			"recognised_by": ("in", (CHOSEN, EARLIER)),
		},
		fields=["target"],
		order_by="modified desc",
		limit=1,
	)
	if earlier:
		return earlier[0].target or "", EARLIER
	found = recognise(kind, header)
	return (found.label, TITLE) if found else ("", "")


def sample(sheet: Sheet, index: int) -> str:
	for _line, cells in sheet.lines:
		if index < len(cells) and cells[index] not in (None, ""):
			return str(cells[index])[:140]
	return ""


def refresh_vat_rates(migration, rates: list[float]) -> None:
	kept = {round(row.vat_rate, 2): row.item_tax_template for row in migration.get("vat_rates") or []}
	migration.set(
		"vat_rates",
		[
			{"vat_rate": rate, "item_tax_template": kept.get(rate) or vat_class_for(rate, migration.company)}
			for rate in rates
		],
	)


def vat_class_for(rate: float, company: str) -> str | None:
	"""The one enabled VAT class at this rate (the company's own first), else None: the user picks."""
	rates: dict[str, float] = {}
	for detail in frappe.get_all(
		"Item Tax Template Detail", filters={"parenttype": "Item Tax Template"}, fields=["parent", "tax_rate"]
	):
		rates[detail.parent] = max(rates.get(detail.parent, 0), detail.tax_rate or 0)
	classes = frappe.get_all(
		"Item Tax Template", filters={"disabled": 0}, fields=["name", "company"], order_by="name"
	)
	at_rate = [
		c for c in classes if round(rates.get(c.name, 0), 2) == rate and c.company in (company, None, "")
	]
	own = [c for c in at_rate if c.company == company]
	candidates = own or at_rate
	return candidates[0].name if len(candidates) == 1 else None


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
		job_id=f"data_migration::{migration.name}",
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


# ---------------------------------------------------------------- report


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
		"code": row.get(CODE_KEYS[row.kind]) or "",
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
				row.get(CODE_KEYS[kind]) or "",
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
