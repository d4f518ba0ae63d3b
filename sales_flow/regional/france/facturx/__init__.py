"""Factur-X: the invoice PDF (PDF/A-3) with its EN 16931 CII XML embedded, built with the factur-x
library (3.6: the last release that accepts Frappe 15's pypdf~=3.17 pin)."""

import io

import facturx
import frappe
from frappe import _
from PIL import ImageCms
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
	ArrayObject,
	DictionaryObject,
	NameObject,
	NumberObject,
	StreamObject,
	TextStringObject,
)

from sales_flow.printing.language import print_language_of
from sales_flow.printing.pdf import document_pdf
from sales_flow.regional.france.facturx.cii import invoice_xml
from sales_flow.utils.arguments import checked_arguments

LEVEL = "en16931"


def facturx_pdf(invoice) -> bytes:
	"""The Factur-X PDF of a submitted invoice; its XML is checked against the official XSD."""
	if invoice.doctype != "Sales Invoice" or invoice.docstatus != 1:
		frappe.throw(
			_("Only a submitted invoice can be issued as Factur-X; {0} is not submitted.").format(
				invoice.name
			),
			title=_("Not submitted"),
		)
	xml = invoice_xml(invoice)
	pdf = document_pdf(invoice)
	language = print_language_of(invoice)
	pdf = facturx.generate_from_binary(
		pdf,
		xml,
		flavor="factur-x",
		level=LEVEL,
		check_xsd=True,
		lang="fr-FR" if language.startswith("fr") else language,
		pdf_metadata={
			"author": invoice.company,
			"keywords": "Factur-X",
			"title": _("Invoice {0}").format(invoice.name),
			"subject": _("Invoice {0} of {1}").format(invoice.name, invoice.company),
		},
	)
	return with_srgb_output_intent(pdf)


def with_srgb_output_intent(pdf: bytes) -> bytes:
	"""PDF/A wants an output intent for the device colours wkhtmltopdf paints with (DeviceRGB); the
	factur-x library writes the PDF/A-3 metadata but no output intent: an sRGB one is added."""
	writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
	profile = StreamObject()
	profile._data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
	profile[NameObject("/N")] = NumberObject(3)
	intent = DictionaryObject(
		{
			NameObject("/Type"): NameObject("/OutputIntent"),
			NameObject("/S"): NameObject("/GTS_PDFA1"),
			NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB IEC61966-2.1"),
			NameObject("/DestOutputProfile"): writer._add_object(profile),
		}
	)
	writer._root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
	output = io.BytesIO()
	writer.write(output)
	return output.getvalue()


@frappe.whitelist()
@checked_arguments
def download_facturx(name: str) -> None:
	"""The Factur-X PDF of a submitted Sales Invoice (or credit note), as a download."""
	invoice = frappe.get_doc("Sales Invoice", name)
	invoice.check_permission("print")
	frappe.local.response.filename = f"{invoice.name}-factur-x.pdf"
	frappe.local.response.filecontent = facturx_pdf(invoice)
	frappe.local.response.type = "pdf"
