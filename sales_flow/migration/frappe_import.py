"""French files for Frappe's own Data Import (wired in `sales_flow/overrides/data_import.py`).

Frappe's importer reads each cell with `flt`, which drops commas ("1 234,56" becomes 123456), and
guesses dates month-first when a day allows it. Once its columns are known, the cells of number,
date and check columns are turned here the French way, so that Frappe's own parsing finds plain
numbers and dates; a cell that cannot be turned becomes a warning naming its line and column,
and Frappe imports nothing while a warning stands. Headers Frappe does not know (its matching is
on the English label, the fieldname and the label in the importing user's language) are looked up
among the French export headers of `mapping`.
"""

import datetime

import frappe
from frappe import _
from frappe.core.doctype.data_import.importer import get_df_for_column_header
from frappe.utils import escape_html

from sales_flow.migration.csv_reading import parse_date, parse_number, parse_yes_no
from sales_flow.migration.mapping import field_for_header, normalise

NUMBER_TYPES = ("Int", "Float", "Currency", "Percent")
SKIPPED = "Don't Import"


def prepare_rows(doctype: str, rows: list[list], column_to_field_map: dict) -> list[dict]:
	"""Fill `column_to_field_map` with the French headers recognised and turn the cells of typed
	columns in place; returns the warnings for the cells that could not be read."""
	if not rows:
		return []
	warnings = []
	for index, header in enumerate(rows[0]):
		df = column_field(doctype, index, header, column_to_field_map)
		if not df:
			continue
		for row_index in range(1, len(rows)):
			row = rows[row_index]
			if index >= len(row) or row[index] in (None, ""):
				continue
			try:
				row[index] = typed_value(df, row[index])
			except ValueError:
				warnings.append(cell_warning(row_index + 1, index + 1, header, row[index], df.fieldtype))
	return warnings


def column_field(doctype: str, index: int, header, column_to_field_map: dict):
	mapped = column_to_field_map.get(str(index))
	if mapped == SKIPPED:
		return None
	df = get_df_for_column_header(doctype, mapped or header)
	if not df and not mapped and (fieldname := field_for_header(doctype, header)):
		column_to_field_map[str(index)] = fieldname
		df = get_df_for_column_header(doctype, fieldname)
	return df


def typed_value(df, value):
	"""The cell as Frappe's parser reads it right: a number, a date, 0/1 or the option a French
	label stands for ("Société" for Company); other cells unchanged."""
	fieldtype = df.fieldtype
	if fieldtype == "Select":
		return select_option(df.options, value)
	if fieldtype in NUMBER_TYPES:
		number = parse_number(value)
		return int(number) if fieldtype == "Int" and number.is_integer() else number
	if fieldtype == "Date":
		return parse_date(value)
	if fieldtype == "Datetime" and not isinstance(value, datetime.datetime):
		return datetime.datetime.combine(parse_date(value), datetime.time())
	if fieldtype == "Check":
		return parse_yes_no(value)
	return value


def select_option(options: str | None, value):
	"""The option a cell names in English or French, whatever its case and accents; else the cell
	as it is (Frappe then says which options are allowed)."""
	choices = [option for option in (options or "").split("\n") if option]
	if value in choices:
		return value
	wanted = normalise(value)
	for option in choices:
		if wanted in (normalise(option), normalise(_(option, lang="fr"))):
			return option
	return value


def cell_warning(line: int, column: int, header, value, fieldtype: str) -> dict:
	expected = {
		"Date": _("a date such as 31/12/2026"),
		"Datetime": _("a date such as 31/12/2026"),
		"Check": _("Oui or Non"),
	}.get(fieldtype, _("a number such as 1 234,56"))
	return {
		"row": line,
		"col": column,
		"message": _("Line {0}, column {1} ({2}): {3} cannot be read, {4} is expected.").format(
			# Frappe shows the warnings as HTML: the file's text escaped
			line,
			column,
			frappe.bold(escape_html(str(header or ""))),
			frappe.bold(escape_html(str(value))),
			expected,
		),
	}
