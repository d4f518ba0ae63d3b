"""Which user-facing strings of the app have no translation: the test and the developer use this.

bench --site SITE execute sales_flow.translation_coverage.print_untranslated
"""

import glob
import json
import os
import re

import frappe
from frappe.translate import get_all_translations, get_messages_for_app

APP = "sales_flow"


def needs_translation(message: str) -> bool:
	"""Words need a translation; codes, numbers, placeholders and icons do not."""
	text = re.sub(r"\{\d*\}|%s|<[^>]+>", "", message)
	return bool(re.search(r"[A-Za-z]{2,}", text)) and not message.startswith(("fa ", "icon-"))


def app_messages(app: str = APP) -> list[str]:
	"""Labels, descriptions and options of the app's DocTypes and reports, every _() / __() string,
	and the texts of its workspaces (which Frappe's extractor does not read)."""
	messages = {m[1] if isinstance(m, tuple) and len(m) > 1 else m for m in get_messages_for_app(app)}
	messages |= workspace_messages(app)
	return sorted(m for m in messages if isinstance(m, str) and m.strip() and needs_translation(m))


def workspace_messages(app: str) -> set[str]:
	messages: set[str] = set()
	for path in glob.glob(os.path.join(frappe.get_app_path(app), "*", "workspace", "*", "*.json")):
		with open(path) as f:
			workspace = json.load(f)
		messages.add(workspace.get("title") or workspace["name"])
		for row in workspace.get("links", []) + workspace.get("shortcuts", []):
			messages.update(filter(None, (row.get("label"), row.get("format"))))
		for block in json.loads(workspace.get("content") or "[]"):
			if block.get("type") == "header":
				messages.add(re.sub(r"<[^>]+>", "", block["data"]["text"]).replace("&amp;", "&").strip())
	return messages


def untranslated(lang: str = "fr", app: str = APP) -> list[str]:
	# the same dictionary the desk uses: every app's translations merged
	translations = get_all_translations(lang)
	return [m for m in app_messages(app) if not translations.get(m)]


def print_untranslated(lang: str = "fr") -> None:
	missing = untranslated(lang)
	for message in missing:
		print(frappe.as_json(message))
	print(f"{len(missing)} untranslated")
