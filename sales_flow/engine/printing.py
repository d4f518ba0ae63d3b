"""Printing sales documents: the print language, one document's PDF, several documents in one PDF.

A document prints in its `language` (fetched from the customer's); Frappe's print view does the same
from the desk. A language the app has no translation for would print half in English: it falls back
to French (the app's own language) with a warning, when the document is saved and when it prints.
"""

import io
import os

import frappe
from frappe import _
from frappe.translate import print_language
from pypdf import PdfReader, PdfWriter

from sales_flow.engine.arguments import check_doctype, checked_arguments, names_argument

FALLBACK_LANGUAGE = "fr"
SOURCE_LANGUAGE = "en"
MAX_MERGED = 200


def translated_languages() -> set[str]:
	"""English (the source strings) and every language the app ships a translation file for."""
	folder = frappe.get_app_path("sales_flow", "translations")
	return {SOURCE_LANGUAGE} | {name[:-4] for name in os.listdir(folder) if name.endswith(".csv")}


def has_translation(language: str) -> bool:
	# fr-CA reads fr's translations: Frappe falls back to the parent language
	return language.split("-")[0] in translated_languages()


def print_language_of(doc) -> str:
	"""The document's language, or the customer's, or French; French when it has no translation."""
	language = doc.get("language") or customer_language(doc) or FALLBACK_LANGUAGE
	return language if has_translation(language) else FALLBACK_LANGUAGE


def customer_language(doc) -> str | None:
	customer = doc.get("customer") or (
		doc.get("party_name") if doc.get("quotation_to") == "Customer" else None
	)
	if not customer and doc.get("party_type") == "Customer":
		customer = doc.get("party")
	return frappe.db.get_value("Customer", customer, "language") if customer else None


def fall_back_to_french(doc, method: str | None = None) -> None:
	"""validate hook: a print language without translation becomes French, with a warning."""
	language = doc.get("language")
	if language and not has_translation(language):
		frappe.msgprint(
			_("There is no translation for the print language {0}: {1} will print in French.").format(
				frappe.bold(language), doc.name or _(doc.doctype)
			),
			title=_("Print language"),
			indicator="orange",
			alert=True,
		)
		doc.language = FALLBACK_LANGUAGE


def document_pdf(doc, print_format: str | None = None) -> bytes:
	"""The PDF of one document through Frappe's own print path, in the document's print language."""
	with print_language(print_language_of(doc)):
		return frappe.get_print(doc.doctype, doc.name, print_format, as_pdf=True)


@frappe.whitelist()
@checked_arguments
def print_merged(doctype: str, names: str | list, print_format: str | None = None) -> None:
	"""One PDF holding the given documents of one DocType, in the order given (list view action)."""
	check_doctype(doctype)
	frappe.local.response.filename = f"{_(doctype)}.pdf"
	if print_format and not frappe.db.exists("Print Format", print_format):
		frappe.throw(_("Print Format {0} does not exist.").format(print_format), frappe.DoesNotExistError)
	names = names_argument(names, "names")
	frappe.local.response.filecontent = merged_pdf(doctype, names, print_format)
	frappe.local.response.type = "pdf"


def merged_pdf(doctype: str, names: list[str], print_format: str | None = None) -> bytes:
	if not names:
		frappe.throw(_("Select the documents to print."))
	if len(names) > MAX_MERGED:
		frappe.throw(_("At most {0} documents can be printed in one PDF.").format(MAX_MERGED))
	docs = [frappe.get_doc(doctype, name) for name in names]
	for doc in docs:
		doc.check_permission("print")
	writer = PdfWriter()
	for doc in docs:
		writer.append(PdfReader(io.BytesIO(document_pdf(doc, print_format))))
	output = io.BytesIO()
	writer.write(output)
	return output.getvalue()
