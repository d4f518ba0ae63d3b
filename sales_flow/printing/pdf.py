"""A document's PDF through Frappe's renderer, and a selection of documents printed into one PDF
(list view's "Print in one PDF")."""

import io

import frappe
from frappe import _
from frappe.translate import print_language
from pypdf import PdfReader, PdfWriter

from sales_flow.printing.language import print_language_of
from sales_flow.utils.arguments import check_doctype, checked_arguments, names_argument

MAX_MERGED = 200


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
