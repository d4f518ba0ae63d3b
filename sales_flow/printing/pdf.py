"""A document's PDF through Frappe's renderer, a selection of documents printed into one PDF (list
view's "Print in one PDF"), and the print view's PDF button drawn by Chromium (chromium.py)."""

import io
import os
import re

import frappe
from bs4 import BeautifulSoup
from frappe import _
from frappe.translate import print_language
from frappe.utils import cint
from frappe.utils.pdf import (
	cleanup,
	get_pdf,
	is_wkhtmltopdf_valid,
	prepare_options,
	scrub_urls,
	toggle_visible_pdf,
)
from frappe.www.printview import validate_print_permission
from pypdf import PdfReader, PdfWriter

from sales_flow.printing.chromium import ChromiumError, chromium_binary, html_to_pdf, printable
from sales_flow.printing.language import print_language_of
from sales_flow.utils.arguments import (
	check_doctype,
	checked_arguments,
	name_argument,
	names_argument,
	refuse,
)

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


def html_pdf(html: str, options: dict | None = None) -> bytes:
	"""As Frappe's get_pdf, drawn by Chromium when it is installed (the page's header and footer
	included, which Debian's wkhtmltopdf ignores), else by wkhtmltopdf."""
	html = scrub_urls(html)
	if not chromium_binary():
		return get_pdf(html, options)
	# Frappe's own preparation: header and footer pages, margins, page size, private images inlined
	header, footer = header_and_footer(html)
	page, prepared = prepare_options(html, dict(options or {}))
	try:
		page = inline_stylesheets(page)
		if printable(page):
			return html_to_pdf(page, prepared, header, footer)
	except (ChromiumError, OSError):  # not started, or its pipe broke
		# the document still prints, without repeated headers and footers
		frappe.log_error(title="Chromium could not print a PDF")
	finally:
		cleanup(prepared)
	return get_pdf(html, options)  # a page too large for Chromium's address bar, or Chromium failed


def header_and_footer(html: str) -> tuple[str, str]:
	"""The page's header and footer as Frappe gives them to wkhtmltopdf (#header-html and
	#footer-html, their .visible-pdf parts shown), with the page's styles."""
	soup = BeautifulSoup(html, "html5lib")
	styles = "".join(str(style) for style in soup.find_all("style"))
	found = []
	for html_id in ("header-html", "footer-html"):
		tag = soup.find(id=html_id)
		if tag:
			toggle_visible_pdf(tag)
		found.append(styles + tag.decode_contents() if tag else "")
	return found[0], found[1]


# a stylesheet of the site's assets, as the print view links it
STYLESHEET = re.compile(r'<link[^>]*\shref="(?:https?://[^/"]+)?(/assets/[^"?#]+\.css)[^"]*"[^>]*>')


def inline_stylesheets(html: str) -> str:
	"""The page's stylesheets from the site's assets, read from disk into the page: Chromium then
	needs no request back to the site for them (a server behind a proxy may not reach itself)."""
	# the assets' folders are links into the apps: the path is checked as written, not resolved
	assets = os.path.normpath(os.path.join(frappe.local.sites_path, "assets"))

	def inline(match: re.Match) -> str:
		path = os.path.normpath(os.path.join(frappe.local.sites_path, match.group(1).lstrip("/")))
		if not path.startswith(assets + os.sep) or not os.path.isfile(path):
			return match.group(0)
		with open(path, encoding="utf-8") as f:
			return f"<style>{f.read()}</style>"

	return STYLESHEET.sub(inline, html)


# the print view's PDF button (frappe.utils.print_format.download_pdf, its arguments less `doc`:
# the document is always the stored one)
@frappe.whitelist()
def download_pdf(
	doctype: str, name: str, format=None, no_letterhead=0, language=None, letterhead=None
) -> None:
	doc = frappe.get_doc(check_doctype(doctype), name_argument(name, "name"))
	validate_print_permission(doc)
	format, no_letterhead, language, letterhead = checked_print_options(
		format, no_letterhead, language, letterhead
	)
	with print_language(language):
		html = frappe.get_print(
			doctype, name, format, doc=doc, letterhead=letterhead, no_letterhead=no_letterhead
		)
	frappe.local.response.filename = "{}.pdf".format(name.replace(" ", "-").replace("/", "-"))
	frappe.local.response.filecontent = html_pdf(html)
	frappe.local.response.type = "pdf"


def checked_print_options(print_format, no_letterhead, language, letterhead) -> tuple:
	"""The print view's choices, each an existing record (or none), refused before anything is drawn."""
	if print_format and print_format != "Standard":
		name_argument(print_format, "format", "Print Format")
	if str(no_letterhead) not in ("0", "1", "True", "False", "None"):
		refuse(_("no_letterhead is 0 or 1."))
	if language:
		name_argument(language, "language", "Language")
	# the print view sends its translated "No Letterhead" when none is chosen
	if letterhead in ("", "No Letterhead", _("No Letterhead")):
		letterhead = None
	elif letterhead:
		name_argument(letterhead, "letterhead", "Letter Head")
	return print_format or None, cint(no_letterhead in (1, True, "1", "True")), language or None, letterhead


# asked by the print view before each PDF (frappe.utils.pdf.is_wkhtmltopdf_valid): false shows the
# modal "Invalid wkhtmltopdf version", meant for a build that loses headers and footers
@frappe.whitelist()
def pdf_renderer_is_valid() -> bool:
	return bool(chromium_binary()) or is_wkhtmltopdf_valid()
