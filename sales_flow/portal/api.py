"""The methods Guest may call on a quotation's link. Each one finds the quotation by its token itself
(a wrong, cancelled or other token: the same 404) and is rate limited per address, and per
address and link."""

from collections.abc import Callable
from functools import wraps

import frappe
from frappe.rate_limiter import rate_limit
from frappe.utils import cint

from sales_flow.portal import acceptance, answers
from sales_flow.portal.page import allow_printing, not_found, page_context, quotation_for_token
from sales_flow.printing.pdf import document_pdf
from sales_flow.utils.arguments import checked_arguments


def answers_limit() -> int:
	"""Answers per address and 10 minutes (site config `portal_answers_per_10_minutes`)."""
	return cint(frappe.conf.get("portal_answers_per_10_minutes")) or 120


def link_answers_limit() -> int:
	"""Answers on one link per address and 10 minutes (`portal_link_answers_per_10_minutes`)."""
	return cint(frappe.conf.get("portal_link_answers_per_10_minutes")) or 20


def token_is_text(fn: Callable) -> Callable:
	"""The per-link rate limit joins the token into its key (a list or an object would crash it):
	anything but text gets the 404 of a wrong token before it."""

	@wraps(fn)
	def wrapper(*args, **kwargs):
		if not isinstance(frappe.form_dict.get("token"), str):
			not_found()
		return fn(*args, **kwargs)

	return wrapper


def views_limit() -> int:
	"""Openings of a page or a PDF per address and hour (site config `portal_views_per_hour`)."""
	return cint(frappe.conf.get("portal_views_per_hour")) or 300


@rate_limit(limit=views_limit, seconds=3600)
def quotation_page(token: str) -> dict:
	"""www/devis.py: the page's context."""
	return page_context(token)


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=views_limit, seconds=3600)
@checked_arguments
def quotation_pdf(token: str) -> None:
	doc = quotation_for_token(token)
	allow_printing(doc)
	frappe.local.response.filename = f"{doc.name}.pdf"
	frappe.local.response.filecontent = document_pdf(doc)
	frappe.local.response.type = "pdf"


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=answers_limit, seconds=600)
@token_is_text
@rate_limit(key="token", limit=link_answers_limit, seconds=600)
@checked_arguments
def accept_quotation(
	token: str,
	full_name: str,
	signature: str,
	consent: str | int | None = None,
	options: str | list | None = None,
	version: str | None = None,
) -> dict:
	"""Choose the options, sign: the Sales Order is made. Returns its name."""
	doc = quotation_for_token(token)
	return {"sales_order": acceptance.accept(doc, options, full_name, signature, consent, version)}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=answers_limit, seconds=600)
@token_is_text
@rate_limit(key="token", limit=link_answers_limit, seconds=600)
@checked_arguments
def decline_quotation(token: str, reason: str | None = None) -> None:
	answers.decline(quotation_for_token(token), reason)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=answers_limit, seconds=600)
@token_is_text
@rate_limit(key="token", limit=link_answers_limit, seconds=600)
@checked_arguments
def ask_question(token: str, question: str | None = None, full_name: str | None = None) -> None:
	answers.ask(quotation_for_token(token), question, full_name)
