"""Every text of the app's documents through Frappe's HTML sanitizer, on every write.

Frappe sanitizes the fields of a document in `Document._validate`, but its `_sanitize_content`
(frappe/model/base_document.py) skips:

- every field that is not "Allow on Submit" once `docstatus` is 1. On submit, `docstatus` is
  already 1 when `_validate` runs, so the text sent with the submit itself (a REST
  `PUT {"docstatus": 1, "printed_comment": ...}`, the desk's savedocs, a `POST` with docstatus 1)
  is stored as sent. On update after submit, the fields of a new row of an "Allow on Submit" table
  (a quotation's follow-ups) are stored as sent, and the refused change of any other field is
  quoted raw in Frappe's "Not allowed to change ... from ... to ..." message;
- any value that parses as JSON: `"<img src=x onerror=alert(1)>"` (quotes included) is a JSON string
  and is stored as sent even in a draft.

The doc_events hooks below (hooks.py, every DocType of this app and its child tables) run Frappe's
sanitizer without those two exemptions, before validate (so that no check quotes raw input), before
submit (after validate, which fills descriptions and addresses) and before update after submit
(before Frappe compares the submitted values). Frappe's deliberate exemptions stay: Code and
Attach fields, email fields, fields marked "Ignore XSS Filter".
"""

import frappe
from bs4 import BeautifulSoup
from frappe.utils.html_utils import sanitize_html

# the field types whose text a print format, an email or a page may show
TEXT_FIELDTYPES = frozenset(
	(
		"Data",
		"Small Text",
		"Text",
		"Long Text",
		"Text Editor",
		"HTML Editor",
		"Markdown Editor",
		"Read Only",
		"Autocomplete",
		"Phone",
	)
)
APP = "sales_flow"


# the texts of a document as its before_validate left them, sanitized (see sanitize_document)
SANITIZED_TEXTS = "sales_flow_sanitized_texts"


def sanitize_document(doc, method: str | None = None) -> None:
	"""before_validate and before_submit: every text of the document and of its rows.

	A submit runs both in one save cycle; before_submit sanitizes what validate wrote (descriptions,
	addresses) and skips the parsing when every text is still the one before_validate left (the
	same save cycle's: its before_validate always runs first and notes them anew)."""
	if not is_app_doctype(doc.doctype):
		return
	if method == "before_submit" and doc.flags.pop(SANITIZED_TEXTS, None) == texts_of(doc):
		return
	for row in (doc, *doc.get_all_children()):
		sanitize_fields(row)
	if method == "before_validate":
		doc.flags[SANITIZED_TEXTS] = texts_of(doc)


def texts_of(doc) -> tuple:
	"""Every value the sanitizer reads, row by row, in order: a row added, removed or changed differs."""
	return tuple(
		(row.doctype, *(row.get(fieldname) for fieldname in sanitized_fieldnames(row.meta)))
		for row in (doc, *doc.get_all_children())
	)


def sanitized_fieldnames(meta) -> tuple[str, ...]:
	"""The fields of `meta` the sanitizer reads: kept on the meta object (rebuilt when it changes)."""
	cached = meta.__dict__.get("_sales_flow_sanitized_fieldnames")
	if cached is None:
		cached = tuple(df.fieldname for df in meta.fields if is_sanitized_field(df))
		meta.__dict__["_sales_flow_sanitized_fieldnames"] = cached
	return cached


def sanitize_changes_after_submit(doc, method: str | None = None) -> None:
	"""before_update_after_submit: the texts that changed, and every text of a new row.

	A value left as it was stays as stored: sanitizing an unchanged value that was stored before
	this check would turn it into a change that Frappe refuses after submit."""
	if not is_app_doctype(doc.doctype):
		return
	before = doc.get_doc_before_save()
	if not before:
		sanitize_document(doc)
		return
	previous_rows = {row.name: row for row in before.get_all_children()}
	sanitize_fields(doc, before)
	for row in doc.get_all_children():
		sanitize_fields(row, previous_rows.get(row.name))


def sanitize_fields(row, previous=None) -> None:
	"""Sanitize the text fields of one document or row in place; with `previous`, only the fields
	whose value differs from it."""
	for fieldname in sanitized_fieldnames(row.meta):
		value = row.get(fieldname)
		if previous is not None and value == previous.get(fieldname):
			continue
		if looks_like_html(value):
			row.set(fieldname, sanitize_html(value, always_sanitize=True))


def is_sanitized_field(df) -> bool:
	"""Frappe's own exemptions (_sanitize_content), and nothing else."""
	return (
		df.fieldtype in TEXT_FIELDTYPES
		and not df.get("ignore_xss_filter")
		and not (df.fieldtype in ("Data", "Small Text", "Text") and df.get("options") == "Email")
	)


def looks_like_html(value) -> bool:
	# "prix < 100 €" holds no tag and stays as typed: bleach would store it as "prix &lt; 100 €"
	return isinstance(value, str) and "<" in value and BeautifulSoup(value, "html.parser").find() is not None


def sanitized_text(value: str | None) -> str | None:
	"""One text written outside a document save (db_set), sanitized as a save would."""
	return sanitize_html(value, always_sanitize=True) if looks_like_html(value) else value


def is_app_doctype(doctype: str) -> bool:
	module = frappe.get_meta(doctype).module
	return bool(module) and frappe.local.module_app.get(frappe.scrub(module)) == APP
