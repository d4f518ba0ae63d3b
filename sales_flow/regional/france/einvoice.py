"""The e-invoice of a submitted invoice in the reform's three formats, one invoice or several.

Factur-X (PDF/A-3 with its CII inside: sales_flow/regional/france/facturx), CII (the XML alone) and UBL 2.1
(ubl.py); several invoices come in one ZIP, one file per invoice, from the list view or over REST.
"""

import io
import zipfile

import frappe
from frappe import _

from sales_flow.regional.france.facturx import facturx_pdf
from sales_flow.regional.france.facturx.cii import invoice_xml
from sales_flow.regional.france.ubl import ubl_xml
from sales_flow.utils.arguments import checked_arguments, names_argument

FACTURX, CII, UBL = "Factur-X", "CII", "UBL"
FORMATS = (FACTURX, CII, UBL)
MAX_INVOICES = 200


def submitted_invoice(name: str):
	"""The invoice, if the user may print it and it is submitted."""
	invoice = frappe.get_doc("Sales Invoice", name)
	invoice.check_permission("print")
	if invoice.docstatus != 1:
		frappe.throw(
			_("Only a submitted invoice is issued as an e-invoice; {0} is not submitted.").format(
				invoice.name
			),
			title=_("Not submitted"),
		)
	return invoice


def checked_format(file_format: str) -> str:
	if file_format not in FORMATS:
		frappe.throw(
			_("Unknown e-invoice format {0}: choose {1}.").format(
				frappe.bold(file_format), ", ".join(FORMATS)
			)
		)
	return file_format


def einvoice_file(invoice, file_format: str) -> tuple[str, bytes]:
	"""(file name, content) of one invoice in one format."""
	if file_format == FACTURX:
		return f"{invoice.name}-factur-x.pdf", facturx_pdf(invoice)
	if file_format == CII:
		return f"{invoice.name}-cii.xml", invoice_xml(invoice)
	return f"{invoice.name}-ubl.xml", ubl_xml(invoice)


def send_file(filename: str, content: bytes, content_type: str) -> None:
	frappe.local.response.filename = filename
	frappe.local.response.filecontent = content
	frappe.local.response.type = "download"
	frappe.local.response.content_type = content_type


@frappe.whitelist()
@checked_arguments
def download_ubl(name: str) -> None:
	"""The UBL 2.1 XML of a submitted Sales Invoice (or credit note), as a download."""
	send_file(*einvoice_file(submitted_invoice(name), UBL), "application/xml")


@frappe.whitelist()
@checked_arguments
def download_cii(name: str) -> None:
	"""The CII XML (Factur-X's, without its PDF) of a submitted Sales Invoice, as a download."""
	send_file(*einvoice_file(submitted_invoice(name), CII), "application/xml")


@frappe.whitelist()
@checked_arguments
def download_einvoices(names: str | list, file_format: str = UBL) -> None:
	"""Several submitted invoices in one format, one file each in a ZIP (list view action)."""
	checked_format(file_format)
	names = names_argument(names, "names")
	if not names:
		frappe.throw(_("Select the invoices to download."))
	if len(names) > MAX_INVOICES:
		frappe.throw(_("At most {0} invoices can be downloaded at once.").format(MAX_INVOICES))
	invoices = [submitted_invoice(name) for name in names]
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
		for invoice in invoices:
			archive.writestr(*einvoice_file(invoice, file_format))
	send_file(f"{_('Invoices')}-{file_format}.zip", buffer.getvalue(), "application/zip")
