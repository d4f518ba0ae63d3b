"""Which user-facing strings of the app have no translation: the test and the developer use this.

bench --site SITE execute sales_flow.translation_coverage.print_untranslated
"""

import re

import frappe
from frappe.translate import get_all_translations, get_messages_for_app

APP = "sales_flow"


def needs_translation(message: str) -> bool:
	"""Words need a translation; codes, numbers, placeholders and icons do not."""
	text = re.sub(r"\{\d*\}|%s|<[^>]+>", "", message)
	return bool(re.search(r"[A-Za-z]{2,}", text)) and not message.startswith(("fa ", "icon-"))


def app_messages(app: str = APP) -> list[str]:
	"""Labels, descriptions and options of the app's DocTypes and reports, and every _() / __() string."""
	messages = {m[1] if isinstance(m, tuple) and len(m) > 1 else m for m in get_messages_for_app(app)}
	return sorted(m for m in messages if isinstance(m, str) and m.strip() and needs_translation(m))


def untranslated(lang: str = "fr", app: str = APP) -> list[str]:
	# the same dictionary the desk uses: every app's translations merged
	translations = get_all_translations(lang)
	return [m for m in app_messages(app) if not translations.get(m)]


def print_untranslated(lang: str = "fr") -> None:
	missing = untranslated(lang)
	for message in missing:
		print(frappe.as_json(message))
	print(f"{len(missing)} untranslated")
