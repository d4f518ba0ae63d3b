"""French spreadsheets read right: CSV as the previous program or Excel saved them, and XLSX.

A French CSV is separated by `;` (Excel writes `;` where the decimal mark is a comma), encoded in
Windows-1252 or UTF-8 with a byte order mark, with numbers such as "1 234,56" and dates such as
31/12/2026. Frappe's reader tries Windows-1250 before Windows-1252: a Windows-1252 file decodes
without error as 1250 and "Crème" becomes "Crčme". Here 1252 comes first: both cover Latin text,
and 1252 is the one French and Western European programs write.

Cells stay text here (empty cells are None, as Frappe's reader gives them): only the caller knows
which column is a number or a date, and turns it with `parse_number` and `parse_date`, which refuse
what they cannot read rather than guess.
"""

import codecs
import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

import frappe
from frappe import _
from openpyxl import load_workbook

# tried in this order once the BOMs are ruled out: UTF-8 fails loudly on anything else, 1252 before
# 1250 (see above)
ENCODINGS = ("utf-8", "windows-1252", "windows-1250")
BOMS = (
	(codecs.BOM_UTF8, "utf-8-sig"),
	(codecs.BOM_UTF16_LE, "utf-16"),
	(codecs.BOM_UTF16_BE, "utf-16"),
)
# in order of preference when a header line holds as many of one as of another
SEPARATORS = (";", "\t", ",")
# spaces a spreadsheet puts between thousands: plain, no-break and narrow no-break
THOUSANDS_SPACES = re.compile(r"[ \u00a0\u202f]")
NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
# a currency sign or percent sign written in the cell, before or after the figure
DECORATION = re.compile(r"^[€$%]|[€$%]$|\b(EUR|HT|TTC)\b", re.IGNORECASE)
DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(:\d{2})?)?")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?")


class UnreadableFile(frappe.ValidationError):
	"""The file as a whole cannot be read (encoding, quotes, format): nothing of it is used."""


def read_table(content: bytes | str, extension: str = "csv", file_name: str = "") -> list[list]:
	"""The rows of a CSV or XLSX file, the header first."""
	extension = (extension or "csv").lower().lstrip(".")
	if extension == "xlsx":
		return read_xlsx(content, file_name)
	if extension not in ("csv", "txt"):
		frappe.throw(
			_("{0}: a CSV or an Excel (.xlsx) file is expected, not .{1}.").format(
				file_name or _("The file"), extension
			),
			UnreadableFile,
		)
	return read_csv(content, file_name)


def read_csv(content: bytes | str, file_name: str = "") -> list[list[str | None]]:
	text = content if isinstance(content, str) else decode(content, file_name)
	text = text.lstrip("\ufeff")
	separator = detect_separator(text)
	reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
	rows = []
	try:
		for row in reader:
			rows.append([value.strip() or None for value in row])
	except csv.Error as error:
		frappe.throw(
			_("{0}, line {1}: the file cannot be read as CSV ({2}); check the quotes on that line.").format(
				file_name or _("The file"), reader.line_num, error
			),
			UnreadableFile,
		)
	return tidy(rows)


def decode(content: bytes, file_name: str = "") -> str:
	"""Text from bytes: a BOM is obeyed; else the first of ENCODINGS that reads every byte."""
	for bom, encoding in BOMS:
		if content.startswith(bom):
			return decode_as(content, encoding, file_name)
	for encoding in ENCODINGS[:-1]:
		try:
			return content.decode(encoding)
		except UnicodeDecodeError:
			continue
	return decode_as(content, ENCODINGS[-1], file_name)


def decode_as(content: bytes, encoding: str, file_name: str) -> str:
	try:
		return content.decode(encoding)
	except UnicodeDecodeError as error:
		line, column = position_of(content, error.start)
		frappe.throw(
			_(
				"{0}, line {1}, column {2}: byte {3} is no character in UTF-8, Windows-1252 or Windows-1250. Save the file again as CSV (UTF-8 or Windows) from your spreadsheet."
			).format(file_name or _("The file"), line, column, f"0x{content[error.start]:02X}"),
			UnreadableFile,
		)


def position_of(content: bytes, offset: int) -> tuple[int, int]:
	"""Line and column (from 1) of a byte offset."""
	before = content[:offset]
	line_start = before.rfind(b"\n") + 1
	return before.count(b"\n") + 1, offset - line_start + 1


def detect_separator(text: str) -> str:
	"""The separator of the header line: the one it holds most of, outside quotes."""
	header = next((line for line in text.splitlines() if line.strip()), "")
	unquoted = re.sub(r'"[^"]*"', "", header)
	counts = {separator: unquoted.count(separator) for separator in SEPARATORS}
	best = max(SEPARATORS, key=lambda separator: counts[separator])
	return best if counts[best] else SEPARATORS[0]


def read_xlsx(content: bytes | str, file_name: str = "") -> list[list]:
	"""The first sheet's values as Excel holds them: numbers as numbers, dates as dates."""
	if isinstance(content, str):
		content = content.encode()
	try:
		workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
	except Exception:
		frappe.throw(
			_("{0} is not an Excel workbook (.xlsx) that can be opened.").format(file_name or _("The file")),
			UnreadableFile,
		)
	sheet = workbook.worksheets[0]
	rows = [[xlsx_value(value) for value in row] for row in sheet.iter_rows(values_only=True)]
	workbook.close()
	return tidy(rows)


def xlsx_value(value):
	if isinstance(value, str):
		return value.strip() or None
	if isinstance(value, float) and value.is_integer():
		return int(value)
	return value


def tidy(rows: list[list]) -> list[list]:
	"""Every row as wide as the widest filled one, without the empty rows and columns a spreadsheet
	leaves at the end. Empty rows in between stay, so that a row's index + 1 is its line."""
	while rows and not last_filled(rows[-1]):
		rows.pop()
	width = max((last_filled(row) for row in rows), default=0)
	return [(list(row) + [None] * width)[:width] for row in rows]


def last_filled(row: list) -> int:
	for index in range(len(row), 0, -1):
		if row[index - 1] not in (None, ""):
			return index
	return 0


# ---------------------------------------------------------------- cells


def parse_number(value) -> float:
	"""A figure written the French way ("1 234,56", "12,5 %", "1.234,56 €") or the English way
	("1234.56"); ValueError for anything else. A lone comma is the decimal mark, as in France."""
	if isinstance(value, bool):
		raise ValueError(value)
	if isinstance(value, int | float | Decimal):
		return float(value)
	text = DECORATION.sub("", THOUSANDS_SPACES.sub("", str(value or ""))).strip()
	if "," in text and "." in text:
		# the mark written last is the decimal one: 1.234,56 or 1,234.56
		thousands = "." if text.rfind(",") > text.rfind(".") else ","
		text = text.replace(thousands, "")
	elif text.count(".") > 1:
		text = text.replace(".", "")
	if not NUMBER.fullmatch(text) or text.count(",") > 1:
		raise ValueError(value)
	try:
		return float(Decimal(text.replace(",", ".")))
	except InvalidOperation as error:
		raise ValueError(value) from error


def parse_date(value) -> datetime.date:
	"""31/12/2026, 31-12-26, 31.12.2026 (day first, as in France) or 2026-12-31; ValueError else."""
	if isinstance(value, datetime.datetime):
		return value.date()
	if isinstance(value, datetime.date):
		return value
	text = str(value or "").strip()
	if match := DAY_FIRST.fullmatch(text):
		day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
		if len(match.group(3)) == 2:
			year += 2000 if year < 70 else 1900
	elif match := ISO_DATE.fullmatch(text):
		year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
	else:
		raise ValueError(value)
	return datetime.date(year, month, day)  # ValueError for 31/02


def parse_yes_no(value) -> int:
	"""Oui / Non as a French export writes them (and 1/0, yes/no, x)."""
	text = str(value if value is not None else "").strip().lower()
	if text in ("1", "oui", "o", "yes", "y", "true", "vrai", "x"):
		return 1
	if text in ("", "0", "non", "n", "no", "false", "faux"):
		return 0
	raise ValueError(value)
