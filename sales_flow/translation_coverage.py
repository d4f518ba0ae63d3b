"""Which user-facing strings have no translation, the app's own and those of the Frappe screens our
users meet: the tests and the developer use this.

bench --site SITE execute sales_flow.translation_coverage.print_untranslated
bench --site SITE execute sales_flow.translation_coverage.print_frappe_untranslated
"""

import glob
import json
import os
import re

import frappe
from frappe.translate import (
	get_all_translations,
	get_messages_for_app,
	get_messages_from_doctype,
	get_messages_from_file,
)

APP = "sales_flow"
# The folders of Frappe's source behind the screens our users meet: forms and grids (with the
# timeline and the version messages, form/footer), lists and their filters, the views (reports,
# e-mail composer, workspace, awesome bar in ui/toolbar), dialogs and widgets (cards, charts,
# shortcuts), the model's messages, the desk's utilities (report grids, version diff), the file
# uploader, the desk's request and routing messages, and the print view. Frappe's fr.po leaves many of them empty:
# sales_flow/translations/fr.csv supplies the French.
FRAPPE_SCREENS = (
	"public/js/frappe/form",
	"public/js/frappe/list",
	"public/js/frappe/views",
	"public/js/frappe/ui",
	"public/js/frappe/widgets",
	"public/js/frappe/model",
	"public/js/frappe/utils",
	"public/js/frappe/file_uploader",
	"public/js/frappe/desk.js",
	"public/js/frappe/request.js",
	"public/js/frappe/router.js",
	"printing/page/print",
)
SOURCE_FILES = (".js", ".html", ".vue", ".py")
# Frappe's DocTypes whose forms our users open: the customer's contacts and addresses, the e-mails
# of the timeline, to-dos (assignments, follow-ups), attachments, their own settings (User)
FRAPPE_DOCTYPES = (
	"Contact",
	"Contact Email",
	"Contact Phone",
	"Address",
	"Dynamic Link",
	"Communication",
	"ToDo",
	"File",
	"User",
	"Email Template",
)


def needs_translation(message: str) -> bool:
	"""Words need a translation; codes, numbers, placeholders and icons do not."""
	text = re.sub(r"\{\d*\}|%s|<[^>]+>", "", message)
	return bool(re.search(r"[A-Za-z]{2,}", text)) and not message.startswith(("fa ", "icon-"))


def is_translatable_at_run_time(message: str) -> bool:
	"""A one-line message that __() can find: the extractor also reads JS template literals such as
	`{0} ${type}`, which no dictionary entry can match."""
	return "\n" not in message and "${" not in message and needs_translation(message)


def app_messages(app: str = APP) -> list[str]:
	"""Labels, descriptions and options of the app's DocTypes and reports, every _() / __() string,
	and the texts of its workspaces (which Frappe's extractor does not read)."""
	messages = {m[1] if isinstance(m, tuple) and len(m) > 1 else m for m in get_messages_for_app(app)}
	messages |= workspace_messages(app)
	messages |= script_label_messages(app)
	return sorted(m for m in messages if isinstance(m, str) and m.strip() and needs_translation(m))


def script_label_messages(app: str) -> set[str]:
	"""Labels the app's scripts write as plain literals (`label: "Payment (Advance)"`): the Create
	buttons pass them through __() at run time, where Frappe's extractor does not see them."""
	messages: set[str] = set()
	for path in glob.glob(os.path.join(frappe.get_app_path(app), "**", "*.js"), recursive=True):
		if f"{os.sep}dist{os.sep}" in path or f"{os.sep}node_modules{os.sep}" in path:
			continue  # built bundles: the same labels, minified
		with open(path) as f:
			messages.update(re.findall(r'\blabel:\s*"([^"]+)"', f.read()))
	return messages


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


def frappe_screen_messages() -> set[str]:
	"""The translatable messages of Frappe's source files under FRAPPE_SCREENS (tests excluded) and
	of the FRAPPE_DOCTYPES (labels, options, descriptions)."""
	# Frappe's extractor skips a file it read before in this process: this run reads them all
	frappe.flags.scanned_files = set()
	root = frappe.get_app_path("frappe")
	messages = set()
	for path in frappe_screen_files(root):
		messages.update(m[1] for m in get_messages_from_file(path))
	for doctype in FRAPPE_DOCTYPES:
		messages.update(m[1] if isinstance(m, tuple) else m for m in get_messages_from_doctype(doctype))
	return {m for m in messages if isinstance(m, str) and m and is_translatable_at_run_time(m)}


def frappe_screen_files(root: str) -> list[str]:
	"""The source files of FRAPPE_SCREENS: a folder's, tests excluded, or a file itself."""
	paths = []
	for entry in FRAPPE_SCREENS:
		full = os.path.join(root, entry)
		if os.path.isfile(full):
			paths.append(full)
		for base, _dirs, files in os.walk(full):
			paths += [os.path.join(base, name) for name in files if not name.startswith("test_")]
	return [path for path in paths if path.endswith(SOURCE_FILES)]


def frappe_untranslated(lang: str = "fr") -> list[str]:
	"""The messages of Frappe's screens that have no translation in Frappe's .po nor in any app's."""
	translations = get_all_translations(lang)
	return sorted(m for m in frappe_screen_messages() if not translations.get(m))


def print_untranslated(lang: str = "fr") -> None:
	print_messages(untranslated(lang))


def print_frappe_untranslated(lang: str = "fr") -> None:
	print_messages(frappe_untranslated(lang))


def print_messages(missing: list[str]) -> None:
	for message in missing:
		print(frappe.as_json(message))
	print(f"{len(missing)} untranslated")
