"""The secret link of a quotation. Each submitted quotation (each revision too: a revision is a new
document) gets its own random token; the database keeps it encrypted, for the e-mail that carries it,
and its SHA-256, by which a request finds the quotation. Whoever holds the link reads and answers the
quotation: nobody else learns even that it exists."""

import hashlib
import secrets

import frappe
from frappe.utils import get_url
from frappe.utils.password import get_decrypted_password, set_encrypted_password

ROUTE = "devis"
TOKEN_BYTES = 32  # 43 URL-safe characters
TOKEN_LENGTHS = range(32, 65)


def token_hash(token: str) -> str:
	return hashlib.sha256(token.encode()).hexdigest()


def issue_token(doc, method: str | None = None) -> str:
	"""on_submit of a quotation: a new token, which replaces any earlier one."""
	token = secrets.token_urlsafe(TOKEN_BYTES)
	set_encrypted_password("Quotation", doc.name, token, "portal_token")
	doc.db_set("portal_token_hash", token_hash(token), update_modified=False)
	return token


def quotation_of_token(token) -> str | None:
	"""The submitted quotation this token opens, or None (a cancelled one opens nothing)."""
	if not isinstance(token, str) or len(token) not in TOKEN_LENGTHS:
		return None
	return frappe.db.get_value("Quotation", {"portal_token_hash": token_hash(token), "docstatus": 1}, "name")


def quotation_link(name: str) -> str:
	"""The quotation's online address, for its e-mail (Jinja: the "Devis" template); empty for a
	draft, or for a reader who may not read the quotation (a template is text anyone may write)."""
	if not name or not frappe.db.exists("Quotation", {"name": name, "docstatus": 1}):
		return ""
	if not frappe.has_permission("Quotation", "read", name):
		return ""
	return link_of(name)


def link_of(name: str) -> str:
	"""The link of a submitted quotation whose reader was checked by the caller."""
	token = get_decrypted_password("Quotation", name, "portal_token", raise_exception=False)
	if not token:  # submitted before quotations had a link
		token = issue_token(frappe.get_doc("Quotation", name))
	return get_url(f"/{ROUTE}/{token}")
