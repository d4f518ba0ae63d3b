"""Emailing a sales document with its PDF through Frappe's communication composer and email queue.

The form opens Frappe's composer (default Email Template of the DocType, the print attached); the
server side below checks there is someone to write to, and sends in one call (tests, API).
"""

import frappe
from frappe import _
from frappe.core.doctype.communication.email import make
from frappe.email.doctype.email_template.email_template import get_email_template
from frappe.translate import print_language

from sales_flow.printing.language import print_language_of
from sales_flow.utils.arguments import check_doctype, checked_arguments

EMAIL_TEMPLATES = {
	"Quotation": "Devis",
	"Sales Order": "Commande client",
	"Sales Invoice": "Facture",
	"Dunning": "Relance",
}


def customer_of(doc) -> str | None:
	if doc.get("quotation_to") and doc.quotation_to != "Customer":
		return None
	return doc.get("customer") or doc.get("party_name")


@frappe.whitelist()
@checked_arguments
def email_recipients(doctype: str, name: str) -> list[str]:
	"""The document's contact email, else the customer's; a clear error when there is none."""
	doc = frappe.get_doc(check_doctype(doctype), name)
	doc.check_permission("email")
	return recipients_of(doc)


def recipients_of(doc) -> list[str]:
	email = doc.get("contact_email")
	customer = customer_of(doc)
	if not email and customer:
		email = frappe.db.get_value("Customer", customer, "email_id")
	if not email and doc.get("party_name") and doc.get("quotation_to") == "Lead":
		email = frappe.db.get_value("Lead", doc.party_name, "email_id")
	if not email:
		frappe.throw(
			_(
				"{0} has no email address: add one to the customer or to the document's contact before emailing {1}."
			).format(frappe.bold(doc.get("customer_name") or customer or doc.get("party_name")), doc.name),
			title=_("No email address"),
		)
	return [email]


@frappe.whitelist()
@checked_arguments
def email_defaults(doctype: str, name: str) -> dict:
	"""What the form's composer opens with: recipients, the Email Template's subject and message
	written in the print language, and that language (the attached PDF's)."""
	doc = frappe.get_doc(check_doctype(doctype), name)
	doc.check_permission("email")
	language = print_language_of(doc)
	return {"recipients": recipients_of(doc), "language": language, **template_message(doc, None, language)}


def outgoing_signature() -> str:
	"""The signature the default outgoing Email Account adds, if any, sent to the desk at boot: Frappe's
	composer reads it from Email Account, which only System Managers may read (a sales rep got a 403
	and a composer left without its body)."""
	return (
		frappe.db.get_value("Email Account", {"default_outgoing": 1, "add_signature": 1}, "signature") or ""
	)


def template_message(doc, email_template: str | None, language: str) -> dict:
	"""{"subject", "message"} of the document's Email Template (the DocType's default one)."""
	template = email_template or EMAIL_TEMPLATES.get(doc.doctype)
	if not template:
		return {"subject": _("{0} {1}").format(_(doc.doctype), doc.name), "message": ""}
	with print_language(language):
		return get_email_template(template, doc.as_dict())


@frappe.whitelist()
@checked_arguments
def email_document(
	doctype: str, name: str, recipients: str | None = None, email_template: str | None = None
) -> str:
	"""Queue an email of the document with its PDF (the DocType's print format, in the print
	language), written from the Email Template; returns the Communication's name."""
	doc = frappe.get_doc(check_doctype(doctype), name)
	doc.check_permission("email")
	recipients = recipients or ", ".join(recipients_of(doc))
	template = email_template or EMAIL_TEMPLATES.get(doctype)
	language = print_language_of(doc)
	message = template_message(doc, template, language)
	result = make(
		doctype=doctype,
		name=name,
		subject=message["subject"],
		content=message["message"],
		recipients=recipients,
		send_email=1,
		print_format=frappe.get_meta(doctype).default_print_format,
		print_language=language,
		email_template=template,
	)
	return result["name"]
