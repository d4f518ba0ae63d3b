"""How each field of a DocType is checked: the kind of value its type holds and the limit of its
database column (a FieldSpec), read from the metadata and kept on it."""

import re
from dataclasses import dataclass

from frappe.database.schema import get_definition
from frappe.model.base_document import max_positive_value
from frappe.model.meta import Meta

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


@dataclass(frozen=True)
class FieldSpec:
	fieldname: str
	label: str
	kind: str
	# NUMBER and INTEGER: the largest absolute value; TEXT: characters (varchar) or bytes (text)
	limit: int | None = None
	limit_in_bytes: bool = False
	options: frozenset[str] = frozenset()


# what a FieldSpec is read from, for each field
SPEC_SOURCES = (
	"fieldname",
	"fieldtype",
	"label",
	"options",
	"length",
	"precision",
	"read_only",
	"is_virtual",
)
# the specs across requests (each request unpickles new meta objects), keyed by every value they are
# read from: a field changed by a custom field or a property setter is a new key in every worker
_SPECS_BY_SOURCE: dict[tuple, tuple[FieldSpec, ...]] = {}
MAX_CACHED_DOCTYPES = 1000


def field_specs(meta: Meta) -> tuple[FieldSpec, ...]:
	"""How each field of `meta` is checked: kept on the meta object, and for the process."""
	cached = meta.__dict__.get("_sales_flow_field_specs")
	if cached is None:
		key = (meta.name, tuple(tuple(map(df.__dict__.get, SPEC_SOURCES)) for df in meta.fields))
		cached = _SPECS_BY_SOURCE.get(key)
		if cached is None:
			if len(_SPECS_BY_SOURCE) >= MAX_CACHED_DOCTYPES:
				_SPECS_BY_SOURCE.clear()
			cached = _SPECS_BY_SOURCE[key] = read_field_specs(meta)
		meta.__dict__["_sales_flow_field_specs"] = cached
	return cached


def read_field_specs(meta: Meta) -> tuple[FieldSpec, ...]:
	specs = [FieldSpec(name, label, kind, limit) for name, (kind, limit, label) in STANDARD_FIELDS.items()]
	specs += [spec for df in meta.fields if (spec := field_spec(df))]
	return tuple(specs)


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
