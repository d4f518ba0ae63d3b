"""What a client sends to a sales document, checked field by field before anything reads it.

Frappe casts a value to its field's type only when it writes the row, after validate, and some
values never get that far: NaN or 1e308 in a quantity ends in an OverflowError in the totals,
"abc" becomes a quantity of zero, a list in a Link field a TypeError in a query, `items` sent as a
string a TypeError while Frappe builds the rows, 31/01/2026 in a Date field MariaDB's error, 1e13
in a price MariaDB's "out of range". Each is refused here with a message naming the field (its
label) and the line, through `CheckedInput`, the mixin of the sales documents' controllers:

- while Frappe builds the document from what was sent: a table must be a list of objects of the
  table's DocType. A field that a quotation, order, invoice or delivery note does not have but
  another of the four does (or that its line does not have but theirs do) is refused when it holds
  a value: the engine the four share reads it (`is_return` on a delivery note, `sales_team` rows
  on a quotation, `so_detail` on a quotation line) while Frappe would not store it. Any other
  unknown field is left to Frappe, which ignores it;
- at the start of insert and save, before Frappe's link checks and the engine: every value against
  its field's type and its column (numbers finite and within the column, whole numbers for Int,
  0 or 1 for Check, real dates written YYYY-MM-DD, a text no longer than its column, a Select one of
  its options), and the number of lines against Selling Settings' maximum (for a draft; a submit
  is counted before its validate);
- after validate, the figures the engine computed: an amount too large for its column.

Only the metadata is read (no query): the checks of a 2,000-line document take some 50 ms.
"""

import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal

import frappe
from frappe import _
from frappe.database.schema import get_definition
from frappe.model import default_fields
from frappe.model.base_document import BaseDocument, max_positive_value
from frappe.model.meta import Meta
from frappe.utils import escape_html

from sales_flow.settings import max_lines_per_document

# the documents of the shared engine, which reads the fields of any of them with doc.get()
ENGINE_DOCTYPES = ("Quotation", "Sales Order", "Sales Invoice", "Delivery Note")

NUMBER, INTEGER, CHECK, DATE, DATETIME, TIME, TEXT, SELECT, ANY = (
	"number",
	"integer",
	"check",
	"date",
	"datetime",
	"time",
	"text",
	"select",
	"any",
)
# how a value of each field type is checked; a type missing here holds no value
KIND_OF_FIELDTYPE = {
	"Currency": NUMBER,
	"Float": NUMBER,
	"Percent": NUMBER,
	"Int": INTEGER,
	"Long Int": INTEGER,
	"Check": CHECK,
	"Date": DATE,
	"Datetime": DATETIME,
	"Time": TIME,
	"Select": SELECT,
	"JSON": ANY,
	"Geolocation": ANY,
	**dict.fromkeys(
		(
			"Data",
			"Link",
			"Dynamic Link",
			"Read Only",
			"Small Text",
			"Text",
			"Long Text",
			"Text Editor",
			"Markdown Editor",
			"HTML Editor",
			"Code",
			"Password",
			"Attach",
			"Attach Image",
			"Signature",
			"Color",
			"Barcode",
			"Icon",
			"Phone",
			"Autocomplete",
		),
		TEXT,
	),
	# decimals in the database
	"Rating": NUMBER,
	"Duration": NUMBER,
}

# the bytes a text column holds (utf8mb4: up to 4 bytes a character); a varchar counts characters
TEXT_COLUMN_BYTES = {"text": 65_535, "mediumtext": 16_777_215}

# Frappe's own columns of every row, and what they hold
STANDARD_FIELDS = {
	"name": (TEXT, 140, "Name"),
	"owner": (TEXT, 140, "Created By"),
	"modified_by": (TEXT, 140, "Last Updated By"),
	"creation": (DATETIME, None, "Created On"),
	"modified": (DATETIME, None, "Last Updated On"),
	"docstatus": (INTEGER, max_positive_value["int"], "Document Status"),
	"idx": (INTEGER, max_positive_value["int"], "Row Index"),
	"parent": (TEXT, 140, "Parent"),
	"parentfield": (TEXT, 140, "Parent Field"),
	"parenttype": (TEXT, 140, "Parent Type"),
}

NUMBER_PATTERN = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
INTEGER_PATTERN = re.compile(r"^\s*[+-]?\d+\s*$")
DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATETIME_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?$")
TIME_PATTERN = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$")
# what a message quotes of a value
SHOWN_CHARACTERS = 60


@dataclass(frozen=True)
class FieldSpec:
	fieldname: str
	label: str
	kind: str
	# NUMBER and INTEGER: the largest absolute value; TEXT: characters (varchar) or bytes (text)
	limit: int | None = None
	limit_in_bytes: bool = False
	options: frozenset[str] = frozenset()


class CheckedInput:
	"""Mixin of the controllers of the sales documents, before Frappe's Document in their bases."""

	def load_from_db(self):
		# what the database holds is no input (and a column left by a removed field may hold a value)
		self.flags.sales_flow_from_db = True
		try:
			return super().load_from_db()
		finally:
			self.flags.pop("sales_flow_from_db", None)

	def update(self, d):
		if isinstance(d, dict) and self.doctype in ENGINE_DOCTYPES and not from_db(self):
			refuse_foreign_fields(self.meta, d, ENGINE_DOCTYPES)
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


# --- while Frappe builds the document -------------------------------------------------------


def from_db(doc: BaseDocument) -> bool:
	flags = doc.__dict__.get("flags")
	return bool(flags and flags.get("sales_flow_from_db"))


def check_table_value(doc: BaseDocument, fieldname: str, value) -> None:
	"""A table is a list of rows (Frappe would iterate a string or an object's keys)."""
	if isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__"):
		invalid(_("{0} must be a list of lines.").format(table_label(doc, fieldname)))


def check_row_value(doc: BaseDocument, fieldname: str, value) -> None:
	"""A row is an object of fields, of the table's DocType (Frappe would overwrite another one)."""
	if isinstance(value, BaseDocument):
		return
	position = len(doc.get(fieldname) or []) + 1
	if not isinstance(value, dict):
		invalid(
			_("{0}: line {1} must be an object of fields, not {2}.").format(
				table_label(doc, fieldname), position, shown(value)
			)
		)
	child_doctype = doc.get_table_field_doctype(fieldname)
	sent = value.get("doctype")
	if sent not in (None, "", child_doctype):
		invalid(
			_("{0}: line {1} is a {2}; the lines of this table are {3}.").format(
				table_label(doc, fieldname), position, shown(sent), _(child_doctype)
			)
		)
	if child_doctype and doc.doctype in ENGINE_DOCTYPES:
		refuse_foreign_fields(frappe.get_meta(child_doctype), value, same_table_doctypes(fieldname))


def refuse_foreign_fields(meta: Meta, values: dict, family: tuple[str, ...]) -> None:
	"""A field of another DocType of the family, absent from this one, sent with a value."""
	foreign = values.keys() & foreign_fieldnames(meta, family)
	for fieldname in sorted(foreign):
		if values[fieldname] not in (None, "", 0, [], {}):
			invalid(_("{0} is not a field of {1}.").format(frappe.bold(fieldname), _(meta.name)))


def foreign_fieldnames(meta: Meta, family: tuple[str, ...]) -> frozenset[str]:
	"""The fields of the family that `meta` lacks: kept on the meta object (reloaded when it changes)."""
	cache = meta.__dict__.setdefault("_sales_flow_foreign_fields", {})
	if family not in cache:
		own = {df.fieldname for df in meta.fields} | set(default_fields)
		others = {df.fieldname for doctype in family for df in frappe.get_meta(doctype).fields}
		cache[family] = frozenset(others - own)
	return cache[family]


def same_table_doctypes(fieldname: str) -> tuple[str, ...]:
	"""The DocTypes of the rows of the table `fieldname` in the engine's documents (Quotation Item,
	Sales Order Item... for `items`): kept for the request, read for every line."""
	cache = getattr(frappe.local, "sales_flow_table_doctypes", None)
	if cache is None:
		cache = frappe.local.sales_flow_table_doctypes = {}
	if fieldname not in cache:
		cache[fieldname] = tuple(
			sorted(
				df.options
				for doctype in ENGINE_DOCTYPES
				for df in frappe.get_meta(doctype).get_table_fields()
				if df.fieldname == fieldname
			)
		)
	return cache[fieldname]


# --- before insert and save ---------------------------------------------------------------------


def check_document_input(doc: BaseDocument, count_lines: bool) -> None:
	"""Every value of the document and of its lines, before Frappe or the engine reads one."""
	check_row(doc, doc)
	for table in doc.meta.get_table_fields():
		rows = doc.get(table.fieldname)
		if rows is None:
			continue
		check_table_value(doc, table.fieldname, rows)
		for row in rows:
			check_row(doc, row)
	if count_lines:
		check_line_count(doc)


def check_row(doc: BaseDocument, row: BaseDocument) -> None:
	values = row.__dict__
	for spec in field_specs(row.meta):
		value = values.get(spec.fieldname)
		if value is None or value == "":
			continue
		checked = checked_value(spec, value, lambda spec=spec: where(doc, row, spec))
		if checked is not value:
			# a number sent as text: the engine computes with the number Frappe would store
			values[spec.fieldname] = checked


def check_line_count(doc: BaseDocument) -> None:
	"""At most Selling Settings' number of lines in each table a user fills."""
	limit = max_lines_per_document()
	for table in doc.meta.get_table_fields():
		count = len(doc.get(table.fieldname) or [])
		if not table.read_only and count > limit:
			frappe.throw(
				_(
					"{0} holds {1} lines, more than the {2} a document may hold (Selling Settings, "
					"Maximum Lines per Document)."
				).format(table_label(doc, table.fieldname), count, limit),
				TooManyLinesError,
				title=_("Too Many Lines"),
			)


class TooManyLinesError(frappe.ValidationError):
	pass


# --- after validate -----------------------------------------------------------------------------


def check_numbers_fit(doc: BaseDocument) -> None:
	"""The figures the engine computed fit their columns (MariaDB would refuse the row)."""
	# the lines first: a line's amount says more than the total it makes too large
	for row in (*doc.get_all_children(), doc):
		values = row.__dict__
		for spec in field_specs(row.meta):
			if spec.kind in (NUMBER, INTEGER) and values.get(spec.fieldname) not in (None, ""):
				checked_value(spec, values[spec.fieldname], lambda spec=spec, row=row: where(doc, row, spec))


# --- one value ----------------------------------------------------------------------------------


def checked_value(spec: FieldSpec, value, label):
	"""`value` as it may be stored (a number sent as text parsed), or a clear error.

	`label` is called only to word an error: most values are fine, and labels cost translations."""
	if isinstance(value, list | dict | tuple | set) and spec.kind != ANY:
		invalid(_("{0} must be a single value, not a list or an object.").format(label()))
	if spec.kind == NUMBER:
		return checked_number(spec, value, label)
	if spec.kind == INTEGER:
		return checked_integer(spec, value, label)
	if spec.kind == CHECK:
		if value not in (0, 1, "0", "1"):
			invalid(_("{0}: {1} must be 0 or 1.").format(label(), shown(value)))
		return value
	if spec.kind in (DATE, DATETIME, TIME):
		check_date(spec, value, label)
		return value
	if spec.kind in (TEXT, SELECT):
		check_text(spec, value, label)
	return value


def checked_number(spec: FieldSpec, value, label) -> float | int:
	if isinstance(value, str) and NUMBER_PATTERN.match(value):
		number = float(value)
	elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
		number = value
	else:
		invalid(_("{0}: {1} is not a number.").format(label(), shown(value)))
	if not math.isfinite(number):
		invalid(_("{0}: {1} is not a finite number.").format(label(), shown(value)))
	if spec.limit is not None and abs(number) > spec.limit:
		out_of_range(spec, value, label)
	return number if isinstance(value, str) else value


def checked_integer(spec: FieldSpec, value, label) -> int:
	if isinstance(value, str) and INTEGER_PATTERN.match(value):
		number = int(value)
	elif isinstance(value, int) and not isinstance(value, bool):
		number = value
	elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
		number = int(value)
	else:
		invalid(_("{0}: {1} is not a whole number.").format(label(), shown(value)))
	if abs(number) > spec.limit:
		out_of_range(spec, value, label)
	if spec.fieldname == "docstatus" and number not in (0, 1, 2):
		invalid(_("{0}: {1} is not one of the allowed values: {2}.").format(label(), shown(value), "0, 1, 2"))
	return value if isinstance(value, int) else number


def out_of_range(spec: FieldSpec, value, label) -> None:
	invalid(
		_("{0}: {1} is out of range: at most {2} in absolute value.").format(
			label(), shown(value), f"{spec.limit:,}".replace(",", " ")
		)
	)


def check_date(spec: FieldSpec, value, label) -> None:
	if spec.kind == TIME:
		if isinstance(value, datetime.time | datetime.timedelta) or is_time(value):
			return
		invalid(_("{0}: {1} is not a valid time (HH:MM:SS).").format(label(), shown(value)))
	if isinstance(value, datetime.date):  # a datetime is a date too
		if spec.kind == DATE or isinstance(value, datetime.datetime):
			return
	elif isinstance(value, str) and is_date(value, with_time=spec.kind == DATETIME):
		return
	if spec.kind == DATE:
		invalid(_("{0}: {1} is not a valid date (YYYY-MM-DD).").format(label(), shown(value)))
	invalid(_("{0}: {1} is not a valid date and time (YYYY-MM-DD HH:MM:SS).").format(label(), shown(value)))


def is_date(value: str, with_time: bool) -> bool:
	"""A real calendar date within MariaDB's range, written the way the database reads it."""
	match = DATETIME_PATTERN.match(value.strip()) if with_time else DATE_PATTERN.match(value.strip())
	if not match:
		return False
	try:
		day = datetime.date.fromisoformat(value.strip()[:10])
	except ValueError:
		return False
	time = match.group(2) if with_time else None
	return 1000 <= day.year and (time is None or is_time(time))


def is_time(value) -> bool:
	match = isinstance(value, str) and TIME_PATTERN.match(value.strip())
	if not match:
		return False
	hours, minutes, seconds = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
	return hours <= 838 and minutes < 60 and seconds < 60


def check_text(spec: FieldSpec, value, label) -> None:
	if isinstance(value, bool) or not isinstance(value, str | int):
		invalid(_("{0}: {1} is not text.").format(label(), shown(value)))
	if spec.kind == SELECT and spec.options and str(value) not in spec.options:
		invalid(
			_("{0}: {1} is not one of the allowed values: {2}.").format(
				label(), shown(value), ", ".join(sorted(spec.options))
			)
		)
	if spec.limit is None:
		return
	size = len(str(value).encode("utf-8")) if spec.limit_in_bytes else len(str(value))
	if size > spec.limit:
		if spec.limit_in_bytes:
			message = _("{0} is too long: {1} bytes, at most {2}.")
		else:
			message = _("{0} is too long: {1} characters, at most {2}.")
		invalid(message.format(label(), size, spec.limit))


# --- the fields of a DocType --------------------------------------------------------------------


def field_specs(meta: Meta) -> tuple[FieldSpec, ...]:
	"""How each field of `meta` is checked: kept on the meta object (reloaded when it changes)."""
	cached = meta.__dict__.get("_sales_flow_field_specs")
	if cached is None:
		specs = [
			FieldSpec(name, label, kind, limit) for name, (kind, limit, label) in STANDARD_FIELDS.items()
		]
		specs += [spec for df in meta.fields if (spec := field_spec(df))]
		cached = meta.__dict__["_sales_flow_field_specs"] = tuple(specs)
	return cached


def field_spec(df) -> FieldSpec | None:
	kind = KIND_OF_FIELDTYPE.get(df.fieldtype)
	if not kind or df.get("is_virtual"):
		return None
	spec = FieldSpec(df.fieldname, df.label or df.fieldname, kind)
	column = get_definition(df.fieldtype, df.get("precision"), df.get("length")) or ""
	if kind == NUMBER and (digits := re.match(r"decimal\((\d+),(\d+)\)", column)):
		return FieldSpec(**{**spec.__dict__, "limit": 10 ** (int(digits[1]) - int(digits[2])) - 1})
	if kind == INTEGER:
		return FieldSpec(**{**spec.__dict__, "limit": max_positive_value[column.split("(")[0] or "int"]})
	if kind in (TEXT, SELECT):
		if size := re.match(r"varchar\((\d+)\)", column):
			spec = FieldSpec(**{**spec.__dict__, "limit": int(size[1])})
		elif column in TEXT_COLUMN_BYTES:
			spec = FieldSpec(**{**spec.__dict__, "limit": TEXT_COLUMN_BYTES[column], "limit_in_bytes": True})
	if kind == SELECT and df.fieldname != "naming_series" and not df.get("read_only"):
		# Frappe's own check (after validate) skips the naming series and option-less selects too;
		# a read-only one (a status) is set by the engine, and checked by Frappe once it is
		options = frozenset(option for option in (df.options or "").split("\n") if option)
		return FieldSpec(**{**spec.__dict__, "options": options})
	return spec


# --- messages -----------------------------------------------------------------------------------


def where(doc: BaseDocument, row: BaseDocument, spec: FieldSpec) -> str:
	"""The field's label, and the line of its table for a row."""
	label = frappe.bold(_(spec.label))
	if row is doc:
		return label
	rows = doc.get(row.parentfield) or []
	position = next((n for n, other in enumerate(rows, start=1) if other is row), row.idx)
	return _("{0} (line {1} of the table {2})").format(label, position, table_label(doc, row.parentfield))


def table_label(doc: BaseDocument, fieldname: str) -> str:
	return frappe.bold(_(doc.meta.get_label(fieldname)))


def shown(value) -> str:
	text = str(value)
	if len(text) > SHOWN_CHARACTERS:
		text = text[:SHOWN_CHARACTERS] + "…"
	return frappe.bold(escape_html(text))


def invalid(message: str) -> None:
	frappe.throw(message, frappe.ValidationError, title=_("Invalid Value"))
