"""Terms and Conditions: a text with Jinja placeholders, rendered with the fields of a sales document.

Terms are written by a Sales Master Manager and rendered for any sales user, so they render in a
restricted Jinja: the document's own fields as plain values, formatting filters, nothing else. Frappe's
own rendering (frappe.render_template) is not restricted enough: its sandbox hands templates the
`frappe` object, with `frappe.db.sql` reading any table (`__Auth` included), `frappe.get_all` on users,
`frappe.db.set_value`, `sendmail`... A template that reaches for anything else is refused when it is
saved, and again when it is rendered (one stored before this check).
"""

import datetime
import decimal
import html
import re

import frappe
from frappe import _
from frappe.model import default_fields
from frappe.model.document import Document
from frappe.utils import escape_html, fmt_money, formatdate
from jinja2 import TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from sales_flow.utils.arguments import checked_arguments, document_argument

# the inside of {{ ... }}, {% ... %} and {# ... #}
JINJA_TAG = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.DOTALL)

# the documents terms are rendered for: their fields are the names a template may use
SELLING_DOCTYPES = ("Quotation", "Sales Order", "Sales Invoice", "Delivery Note")
CONTEXT_NAMES = frozenset(("doc", "loop"))
PLAIN_TYPES = (str, int, float, bool, decimal.Decimal, datetime.date, datetime.time, datetime.timedelta)

# Jinja's filters that format a value; not attr, map, select..., which reach attributes by name
FORMATTING_FILTERS = frozenset(
	(
		"abs",
		"capitalize",
		"center",
		"count",
		"d",
		"default",
		"e",
		"escape",
		"first",
		"float",
		"format",
		"indent",
		"int",
		"join",
		"last",
		"length",
		"list",
		"lower",
		"max",
		"min",
		"replace",
		"reverse",
		"round",
		"sort",
		"string",
		"striptags",
		"sum",
		"title",
		"trim",
		"truncate",
		"unique",
		"upper",
		"wordcount",
		"wordwrap",
	)
)


class TermsandConditions(Document):
	def validate(self) -> None:
		self.title = (self.title or "").strip()
		if not self.title:
			frappe.throw(_("Title is mandatory."))
		check_template(jinja_source(self.terms))


def jinja_source(terms: str | None) -> str:
	"""The template as Jinja must read it.

	The text editor (and Frappe's sanitizer on save) store `a > b` as `a &gt; b`, even inside
	Jinja tags, where it breaks the expression: unescape the tags only, never the text around them.
	"""
	return JINJA_TAG.sub(lambda tag: html.unescape(tag.group(0)), terms or "")


def money(value, currency: str | None = None) -> str:
	"""{{ grand_total | money(currency) }}: 1 234,50 €, the symbol after the amount as French
	documents write it (Frappe's fmt_money puts the euro's before)."""
	amount = fmt_money(value or 0, precision=2)
	if not currency:
		return amount
	symbol = frappe.db.get_value("Currency", currency, "symbol", cache=True) or currency
	return f"{amount}\u00a0{symbol}"


def date(value) -> str:
	"""{{ valid_till | date }}: in the system's date format, empty when there is no date."""
	return formatdate(value) if value else ""


# terms are a page of text: no step of a template may build more than this many characters
MAX_TEXT = 100_000


class TermsSandbox(ImmutableSandboxedEnvironment):
	"""Jinja's sandbox, with the operators and filters that multiply text bounded: a template must
	not be able to make the server build a gigabyte string ("a" * 10**9, a width of 10**9)."""

	intercepted_binops = frozenset(("*", "**"))

	def call_binop(self, context, operator: str, left, right):
		if operator == "**":
			raise SecurityError(_("Terms and Conditions cannot raise to a power."))
		if isinstance(left, int) and not isinstance(left, bool):
			left, right = right, left
		if isinstance(left, str | list | tuple) and isinstance(right, int) and len(left) * right > MAX_TEXT:
			raise SecurityError(_("Terms and Conditions cannot build a text that long."))
		return super().call_binop(context, operator, left, right)


def bounded(filter_function, size_of):
	"""A filter refused when the text it would make is longer than MAX_TEXT. Jinja hands some
	filters (replace) its evaluation context first: the wrapper takes it the same way."""
	pass_arg = getattr(filter_function, "jinja_pass_arg", None)

	def checked(*args, **kwargs):
		value, *rest = args[1:] if pass_arg else args
		if size_of(str(value), *rest, **kwargs) > MAX_TEXT:
			raise SecurityError(_("Terms and Conditions cannot build a text that long."))
		return filter_function(*args, **kwargs)

	if pass_arg:
		checked.jinja_pass_arg = pass_arg
	return checked


def widest(value: str, width=80, *args, **kwargs) -> int:
	return len(value) + (width if isinstance(width, int) else 0) * max(1, value.count("\n") + 1)


def replaced(value: str, old="", new="", *args, **kwargs) -> int:
	return len(value) + value.count(str(old) or " ") * len(str(new))


def terms_environment() -> ImmutableSandboxedEnvironment:
	"""No globals, formatting filters only, every value escaped as it goes into the HTML."""
	env = TermsSandbox(autoescape=True)
	env.globals.clear()
	env.filters = {name: env.filters[name] for name in FORMATTING_FILTERS}
	for name, size_of in (("center", widest), ("indent", widest), ("replace", replaced)):
		if name in env.filters:
			env.filters[name] = bounded(env.filters[name], size_of)
	env.filters.update({"money": money, "date": date})
	return env


def check_template(source: str, fieldnames: frozenset[str] | None = None) -> None:
	"""Refuse, with a message naming it, whatever a template may not use. `fieldnames`: the names
	it may read (by default the fields of the sales documents; a dunning letter's are the Dunning's)."""
	env = terms_environment()
	try:
		tree = env.parse(source)
	except TemplateSyntaxError as e:
		frappe.throw(
			_("Syntax error in template at line {0}: {1}").format(e.lineno, escape_html(e.message)),
			title=_("Invalid Terms and Conditions"),
		)
	if any(tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport))):
		refuse(_("Terms and Conditions cannot include, import or extend other templates."))
	for node in tree.find_all(nodes.Filter):
		if node.name not in env.filters:
			refuse(
				_("Terms and Conditions cannot use the filter {0}; the formatting filters are: {1}.").format(
					frappe.bold(escape_html(node.name)), ", ".join(sorted(env.filters))
				)
			)
	for name in private_names(tree):
		refuse(
			_("Terms and Conditions cannot read {0}: a name starting with an underscore is private.").format(
				frappe.bold(escape_html(name))
			)
		)
	allowed = (
		CONTEXT_NAMES | (document_fieldnames() if fieldnames is None else fieldnames) | template_names(tree)
	)
	for node in tree.find_all(nodes.Name):
		if node.ctx == "load" and node.name not in allowed:
			refuse(
				_(
					"Terms and Conditions can only use the fields of the document: {0} is not one of them."
				).format(frappe.bold(escape_html(node.name)))
			)


def refuse(message: str) -> None:
	frappe.throw(message, title=_("Invalid Terms and Conditions"))


def private_names(tree: nodes.Template) -> list[str]:
	"""`x._y`, `x.__class__`, `x["__class__"]`: what the sandbox refuses, refused before it runs."""
	names = [node.attr for node in tree.find_all(nodes.Getattr)]
	names += [
		node.arg.value
		for node in tree.find_all(nodes.Getitem)
		if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)
	]
	names += [node.name for node in tree.find_all(nodes.Name)]
	return [name for name in names if name.startswith("_")]


def template_names(tree: nodes.Template) -> set[str]:
	"""The names the template sets itself: {% set %}, {% for %} targets, macro parameters."""
	names = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
	return names | {node.name for node in tree.find_all(nodes.Macro)}


def document_fieldnames() -> frozenset[str]:
	names = set(default_fields) | {"doctype"}
	for doctype in SELLING_DOCTYPES:
		names.update(df.fieldname for df in frappe.get_meta(doctype).fields)
	return frozenset(names)


def plain_values(values: dict) -> dict:
	"""The fields of a document as plain values, its tables as lists of rows of plain values."""
	plain = {}
	for key, value in values.items():
		if not isinstance(key, str) or key.startswith("_"):
			continue
		if value is None or isinstance(value, PLAIN_TYPES):
			plain[key] = value
		elif isinstance(value, list | tuple):
			plain[key] = [plain_values(row) for row in value if isinstance(row, dict)]
	return plain


def render_terms(source: str, values: dict, fieldnames: frozenset[str] | None = None) -> str:
	"""The terms rendered with the fields of `values` (a document as a dict)."""
	check_template(source, fieldnames)
	fields = plain_values(values)
	try:
		return terms_environment().from_string(source).render({**fields, "doc": fields})
	except (SecurityError, TemplateError) as e:
		frappe.throw(
			_("These Terms and Conditions cannot be rendered: {0}").format(escape_html(str(e))),
			title=_("Invalid Terms and Conditions"),
		)


@frappe.whitelist()
@checked_arguments
def get_terms_and_conditions(template_name: str, doc: str | dict) -> str:
	"""The terms of `template_name`, rendered with the fields of `doc` (a document as a dict or JSON).

	The fields are variables ({{ customer_name }}), and `doc` is the whole document ({{ doc.customer_name }}).
	"""
	terms = frappe.get_doc("Terms and Conditions", template_name)
	terms.check_permission("read")
	if terms.disabled:
		frappe.throw(_("Terms and Conditions {0} is disabled.").format(frappe.bold(template_name)))
	return render_terms(jinja_source(terms.terms), document_argument(doc))
