import html
import re

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils.jinja import validate_template

# the inside of {{ ... }}, {% ... %} and {# ... #}
JINJA_TAG = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.DOTALL)


class TermsandConditions(Document):
	def validate(self) -> None:
		self.title = (self.title or "").strip()
		if not self.title:
			frappe.throw(_("Title is mandatory."))
		validate_template(jinja_source(self.terms))


def jinja_source(terms: str | None) -> str:
	"""The template as Jinja must read it.

	The text editor (and Frappe's sanitizer on save) store `a > b` as `a &gt; b`, even inside
	Jinja tags, where it breaks the expression: unescape the tags only, never the text around them.
	"""
	return JINJA_TAG.sub(lambda tag: html.unescape(tag.group(0)), terms or "")


@frappe.whitelist()
def get_terms_and_conditions(template_name: str, doc: str | dict) -> str:
	"""The terms of `template_name`, rendered with the fields of `doc` (a document as a dict or JSON).

	The fields are variables ({{ customer_name }}), and `doc` is the whole document ({{ doc.customer_name }}).
	"""
	terms = frappe.get_doc("Terms and Conditions", template_name)
	terms.check_permission("read")
	if terms.disabled:
		frappe.throw(_("Terms and Conditions {0} is disabled.").format(frappe.bold(template_name)))
	if isinstance(doc, str):
		doc = frappe.parse_json(doc)
	if not isinstance(doc, dict):
		frappe.throw(_("The document to render the terms with must be a dict of its fields."))
	context = {**doc, "doc": frappe._dict(doc)}
	# the newline, which Jinja drops from the output, keeps Frappe from taking a one-line text
	# ending in ".html" or ".txt" for a template file path
	return frappe.render_template(jinja_source(terms.terms) + "\n", context)
