"""The language a document prints in: its own, else its customer's; a language the app has no
translation for falls back to French, with a warning."""

import os

import frappe
from frappe import _

FALLBACK_LANGUAGE = "fr"


SOURCE_LANGUAGE = "en"


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
