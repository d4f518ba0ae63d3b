"""A migration's files as typed rows: each cell read by what its column was mapped to, every cell
that cannot be read noted as a problem of its row (line and column named), nothing written."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import frappe
from frappe import _
from frappe.utils import flt, getdate

from sales_flow.migration.csv_reading import UnreadableFile, parse_date, parse_number, read_table
from sales_flow.migration.mapping import (
	CUSTOMERS,
	DATE,
	INVOICES,
	ITEMS,
	NUMBER,
	QUOTATIONS,
	Target,
	target_by_label,
	targets_of,
)

CREATED, UPDATED, SKIPPED, REFUSED = "Created", "Updated", "Skipped", "Refused"
CODE_KEYS = {
	CUSTOMERS: "customer_code",
	ITEMS: "item_code",
	QUOTATIONS: "quotation_number",
	INVOICES: "invoice_number",
}
ATTACH_FIELDS = {
	CUSTOMERS: "customers_file",
	ITEMS: "items_file",
	QUOTATIONS: "quotations_file",
	INVOICES: "invoices_file",
}


@dataclass
class Sheet:
	"""One attached file: its column titles and its rows with their line numbers."""

	kind: str
	file_name: str
	headers: list[str]
	lines: list[tuple[int, list]]  # (line in the file, cells), empty lines left out
	problems: list[str] = field(default_factory=list)  # about the file as a whole


@dataclass
class Row:
	kind: str
	line: int
	values: dict[str, Any]
	problems: list[str] = field(default_factory=list)
	refused_with: str | None = None  # a quotation line refused because another line of it is

	def get(self, key: str, default=None):
		value = self.values.get(key)
		return default if value in (None, "") else value

	@property
	def code(self) -> str:
		"""The previous program's code of the record the row is about."""
		return self.get(CODE_KEYS[self.kind]) or ""

	@property
	def ok(self) -> bool:
		return not self.problems and not self.refused_with


@dataclass
class Outcome:
	result: str  # Created, Updated, Skipped, Refused
	doctype: str | None = None
	name: str | None = None
	message: str = ""


def note_repeated_codes(rows: list[Row], message: str) -> None:
	"""Each row whose code an earlier line of the file has: `message` names the code ({0}) and the
	first line that has it ({1})."""
	first_line: dict[str, int] = {}
	for row in rows:
		if row.code in first_line:
			row.problems.append(message.format(row.code, first_line[row.code]))
		elif row.code:
			first_line[row.code] = row.line


# ---------------------------------------------------------------- records found again


def apply_changes(doc, values: dict) -> bool:
	"""Set the values that differ (None leaves a field as it is); whether anything changed."""
	changed = False
	for fieldname, value in values.items():
		if value is None or same(doc.get(fieldname), value):
			continue
		doc.set(fieldname, value)
		changed = True
	return changed


def same(current, new) -> bool:
	if isinstance(new, float | int) and not isinstance(new, bool):
		return abs(flt(current) - new) < 0.0001
	if isinstance(new, date):
		return bool(current) and getdate(current) == new
	return (current or "") == (new or "")


def unchanged_message(result: str) -> str:
	return _("Already brought over, unchanged.") if result == "Skipped" else ""


# ---------------------------------------------------------------- files


def read_sheet(migration, kind: str) -> Sheet | None:
	url = migration.get(ATTACH_FIELDS[kind])
	if not url:
		return None
	file_doc = (
		frappe.get_doc("File", {"file_url": url}) if frappe.db.exists("File", {"file_url": url}) else None
	)
	if not file_doc or not file_doc.has_permission("read"):
		return Sheet(kind, url, [], [], [_("The file {0} cannot be found or read.").format(url)])
	try:
		table = read_table(file_doc.get_content(), file_doc.get_extension()[1], file_doc.file_name)
	except UnreadableFile as error:
		frappe.clear_last_message()
		return Sheet(kind, file_doc.file_name, [], [], [frappe.utils.strip_html(str(error))])
	if not table:
		return Sheet(
			kind, file_doc.file_name, [], [], [_("The file {0} is empty.").format(file_doc.file_name)]
		)
	headers = [str(h).strip() if h is not None else "" for h in table[0]]
	lines = [(index + 1, cells) for index, cells in enumerate(table) if index and any_value(cells)]
	return Sheet(kind, file_doc.file_name, headers, lines)


def any_value(cells: list) -> bool:
	return any(value not in (None, "") for value in cells)


def column_targets(migration, kind: str) -> dict[int, Target]:
	"""Column index (from 0) -> target, as the column table says."""
	targets = {}
	for column in migration.get("columns") or []:
		if column.file_kind == kind and column.target:
			found = target_by_label(kind, column.target)
			if found:
				targets[column.column_number - 1] = found
	return targets


def missing_required(kind: str, targets: dict[int, Target]) -> list[Target]:
	mapped = {t.key for t in targets.values()}
	return [t for t in targets_of(kind) if t.required and t.key not in mapped]


def typed_rows(sheet: Sheet, targets: dict[int, Target]) -> list[Row]:
	rows = []
	for line, cells in sheet.lines:
		row = Row(sheet.kind, line, {})
		unreadable = set()
		for index, target in targets.items():
			value = cells[index] if index < len(cells) else None
			if value in (None, ""):
				continue
			try:
				row.values[target.key] = typed(target, value)
			except ValueError:
				unreadable.add(target.key)
				row.problems.append(cell_problem(sheet.headers[index], index, target, value))
		for target in targets.values():
			if target.required and row.get(target.key) is None and target.key not in unreadable:
				row.problems.append(_("{0} is missing.").format(_(target.label)))
		rows.append(row)
	return rows


def typed(target: Target, value):
	if target.kind == NUMBER:
		return parse_number(value)
	if target.kind == DATE:
		return parse_date(value)
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	return str(value).strip()


def cell_problem(header: str, index: int, target: Target, value) -> str:
	expected = _("a date such as 31/12/2026") if target.kind == DATE else _("a number such as 1 234,56")
	return _("Column {0} ({1}): «{2}» cannot be read as {3}, {4} is expected.").format(
		index + 1, header, value, _(target.label), expected
	)
