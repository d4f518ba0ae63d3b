"""The online quotation's page (www/devis.py): the quotation as printed, its options and the figures
the page's script totals with the desk's engine, in the customer's language; each opening recorded."""

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import now_datetime
from frappe.www.printview import get_print_format_doc, get_rendered_template

from sales_flow.controllers.sales_document import engine_input
from sales_flow.portal.acceptance import version_hash
from sales_flow.portal.states import OPEN, online_state, state_message
from sales_flow.portal.tokens import quotation_of_token
from sales_flow.printing.language import print_language_of
from sales_flow.totals.lines import is_item_line


def not_found() -> None:
	"""The same 404 whatever was wrong with the token: nothing is learnt from it."""
	frappe.throw(_("Page not found"), frappe.DoesNotExistError)


def quotation_for_token(token):
	name = quotation_of_token(token)
	if not name:
		not_found()
	return frappe.get_doc("Quotation", name)


def page_context(token: str) -> dict:
	doc = quotation_for_token(token)
	language = print_language_of(doc)
	frappe.local.lang = language
	record_view(doc)
	state = online_state(doc)
	return {
		"doc": doc,
		"lang": language,
		"state": state,
		"is_open": state == OPEN,
		"state_message": state_message(doc, state),
		"printed": printed_html(doc, language),
		"options": options_of(doc),
		"has_discount": bool(doc.discount_amount),
		"token": token,
		"payload": script_payload(doc, token, language),
	}


def script_payload(doc, token: str, language: str) -> dict:
	"""What the page's script needs: the engine's input, the version shown, its sentences."""
	return {
		"token": token,
		"version": version_hash(doc),
		"lang": language,
		"currency": doc.currency,
		"engine": {**engine_input(doc), "precision": 2},
		"messages": {
			"accepted": _("Thank you: your order {0} is recorded. The sales rep will be in touch."),
			"declined": _("Your answer is recorded: thank you for letting us know."),
			"asked": _("Your question was sent: we will answer you shortly."),
			"signature_required": _("Draw your signature in the box."),
			"error": _("Something went wrong: try again in a moment."),
		},
	}


def record_view(doc) -> None:
	"""First and last opening and their count; the sales reps' own look at the link does not count."""
	if (
		frappe.session.user != "Guest"
		and frappe.get_cached_value("User", frappe.session.user, "user_type") == "System User"
	):
		return
	frappe.db.sql(
		"""update `tabQuotation` set view_count = ifnull(view_count, 0) + 1,
		first_viewed_on = ifnull(first_viewed_on, %(now)s), last_viewed_on = %(now)s
		where name = %(name)s""",
		{"now": now_datetime(), "name": doc.name},
	)
	frappe.local.flags.commit = True  # a GET: Frappe commits only when asked


def allow_printing(doc) -> None:
	"""The token was checked: Frappe's print view may render this quotation for this request
	(sales_flow.portal.customers.has_website_permission reads the flag)."""
	frappe.flags.portal_quotation = doc.name


def printed_html(doc, language: str) -> str:
	"""The quotation exactly as its print format prints it."""
	allow_printing(doc)
	meta = frappe.get_meta(doc.doctype)
	with print_language(language):
		return get_rendered_template(
			doc, print_format=get_print_format_doc(None, meta), meta=meta, no_letterhead=1
		)


def options_of(doc) -> list[dict]:
	"""The optional lines the customer may tick (index into the engine's lines, for the page's script)."""
	return [
		{
			"index": index,
			"name": row.name,
			"item_name": row.item_name or row.item_code,
			"qty": row.qty,
			"uom": row.uom,
			"amount": row.amount,
		}
		for index, row in enumerate(doc.items)
		if is_item_line(row) and row.is_alternative
	]
