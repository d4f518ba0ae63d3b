"""The one controller behind every sales document (Quotation, Sales Order, Sales Invoice, Delivery Note).

DocType controllers subclass SalesDocument and add only what is theirs; defaults, pricing, line
checks, totals, amount in words, progress and status are done here, the same way for all."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, money_in_words

from sales_flow.controllers.bundles import update_packed_items
from sales_flow.controllers.columns import write_changed_columns
from sales_flow.controllers.commissions import set_commissions, set_partner_defaults
from sales_flow.controllers.details import set_missing_values
from sales_flow.controllers.field_checks.checked_input import CheckedInput
from sales_flow.controllers.holds import refuse_held_sources
from sales_flow.controllers.item_details import set_item_details
from sales_flow.controllers.lines import keep_display_order, validate_lines
from sales_flow.controllers.payments import payment_dependents
from sales_flow.controllers.progress import update_sources, validate_against_sources
from sales_flow.controllers.shipping import apply_shipping_rule, set_weights
from sales_flow.controllers.status import delivery_and_billing_labels, status_of
from sales_flow.document_flow import PROGRESS, parent_of
from sales_flow.pricing.checks import validate_prices
from sales_flow.pricing.coupons import update_coupon_usage
from sales_flow.pricing.source_prices import stamp_source_links
from sales_flow.printing.language import fall_back_to_french
from sales_flow.regional.france.words import french_amount_in_words
from sales_flow.totals.calculation import calculate
from sales_flow.totals.fields import (
	DOC_INPUTS,
	DOC_OUTPUTS,
	ITEM_INPUTS,
	ITEM_OUTPUTS,
	TAX_INPUTS,
	TAX_OUTPUTS,
)
from sales_flow.totals.taxes import validate_tax_rows
from sales_flow.utils.child_rows import may_hide_fields, set_defaults_of_filled_tables

# the statuses set_status derives (an order's delivery and billing labels beside its status)
STATUS_FIELDS = ("status", "delivery_status", "billing_status")


class SubmitOnce:
	"""Frappe takes submit() on a submitted document for an update after submit: say it plainly.

	The stored docstatus decides, not the one in hand: the desk's savedocs sets docstatus 1 on the
	draft it received before it calls submit()."""

	def submit(self):
		if not self.is_new() and stored_docstatus(self.doctype, self.name) != 0:
			frappe.throw(
				_("{0} {1} is already submitted.").format(_(self.doctype), self.name),
				frappe.DocstatusTransitionError,
			)
		return super().submit()


def stored_docstatus(doctype: str, name: str) -> int | None:
	# plain SQL: Frappe's query builder costs more than this read by the key
	found = frappe.db.sql(f"select docstatus from `tab{doctype}` where name = %s", name)
	return found[0][0] if found else None


class SalesDocument(CheckedInput, SubmitOnce, Document):
	def validate(self) -> None:
		self.validate_sales_document()
		self.set_status()

	def validate_sales_document(self) -> None:
		"""Everything of validate but the status: a subclass whose own checks move a figure the status
		reads (the invoice's outstanding amount) sets the status once, after them."""
		keep_display_order(self)
		set_missing_values(self)
		fall_back_to_french(self)  # before the amount in words, written in the print language
		set_item_details(self)
		validate_lines(self)
		update_packed_items(self)
		set_weights(self)
		validate_tax_rows(self.get("taxes") or [])
		self.calculate_totals()
		if apply_shipping_rule(self):
			# the shipping charge row changed: its taxes and the grand total again
			validate_tax_rows(self.get("taxes") or [])
			self.calculate_totals()
		set_partner_defaults(self)
		set_commissions(self)
		validate_prices(self)  # item max discount, below the list price: on the computed rates
		self.set_in_words()
		refuse_held_sources(self)  # a new document off an order on hold or closed
		validate_against_sources(self)

	def before_submit(self) -> None:
		# again, under lock: a concurrent document may have taken the remaining quantities meanwhile
		validate_against_sources(self, lock=True)
		refuse_held_sources(self, lock=True)  # after the lines' locks, in the order submits take them

	def on_submit(self) -> None:
		self.set_status(update=True)
		update_sources(self)
		update_coupon_usage(self)

	def run_post_save_methods(self) -> None:
		# on_submit, on_cancel and on_update write their figures straight to the row (columns.py)
		self.flags.in_own_post_save = True
		try:
			with meta_filters_read_once(self):  # the version's and the global search's fields
				super().run_post_save_methods()
		finally:
			self.flags.in_own_post_save = False
		stamp_source_links(self)  # this cycle's writes done: its source check holds until the next

	def apply_fieldlevel_read_permissions(self) -> None:
		# read over REST or by the form: Frappe's check, without the definitions of the empty tables
		if may_hide_fields(self):
			super().apply_fieldlevel_read_permissions()

	def _set_defaults(self) -> None:
		# Frappe's defaults, without a new row built for each empty table
		set_defaults_of_filled_tables(self)

	def before_cancel(self) -> None:
		# before anything is written: a refused cancel leaves the document as it was
		self.refuse_cancel_with_submitted_children()

	def on_cancel(self) -> None:
		self.set_status(update=True)
		update_sources(self)
		update_coupon_usage(self, cancel=True)

	def before_mapping(self, source, table_maps) -> None:
		# Frappe's mapper has read the source and checked it may be read: the arrow (mapping.py)
		# checks it and plans what each line takes, on that same copy
		plan_mapped_lines = self.flags.pop("plan_mapped_lines", None)
		if plan_mapped_lines:
			plan_mapped_lines(source)

	def _validate_links(self):
		with docstatus_read_once(), meta_filters_read_once(self):
			super()._validate_links()

	def _validate(self):
		# Frappe's checks of each value against its field, row by row
		with meta_filters_read_once(self):
			super()._validate()

	def calculate_totals(self) -> None:
		"""Run the totals engine (sales_flow.totals.calculation) and store what it computed."""
		data = engine_input(self)
		calculate(data)
		for row, computed in zip(self.items, data["items"], strict=True):
			row.update({f: computed[f] for f in ITEM_OUTPUTS})
		for row, computed in zip(self.get("taxes") or [], data["taxes"], strict=True):
			row.update({f: computed[f] for f in TAX_OUTPUTS})
		self.update({f: data[f] for f in DOC_OUTPUTS})

	def set_in_words(self) -> None:
		"""In the print language: an invoice for a French customer reads in French."""
		company_currency = frappe.get_cached_value("Company", self.company, "default_currency")
		self.in_words = amount_in_words(self.rounded_total or self.grand_total, self.currency, self.language)
		self.base_in_words = amount_in_words(
			self.base_rounded_total or self.base_grand_total, company_currency, self.language
		)

	def set_status(self, update: bool = False, status: str | None = None) -> None:
		before = {f: self.get(f) for f in STATUS_FIELDS}
		self.status = status or status_of(self)
		if self.doctype == "Sales Order":
			self.delivery_status, self.billing_status = delivery_and_billing_labels(self)
		if update:
			write_changed_columns(
				self, before, {f: self.get(f) for f in STATUS_FIELDS if self.meta.has_field(f)}
			)

	def refuse_cancel_with_submitted_children(self) -> None:
		children = submitted_children(self) + payment_dependents(self)
		if children:
			frappe.throw(
				_("Cancel these documents first, they were made from {0}: {1}").format(
					self.name, ", ".join(f"{_(dt)} {name}" for dt, name in children)
				),
				frappe.LinkExistsError,
				title=_("Cannot Cancel"),
			)


@contextmanager
def docstatus_read_once() -> Iterator[None]:
	"""Frappe's link check asks each line's submitted source (a quotation, an order) for its
	docstatus, one query per line: 100 lines of one order, 100 identical queries. Within the check
	the answer cannot change, so each source is asked once."""
	db, seen = frappe.db, {}
	get_value = db.get_value

	def once(doctype, filters=None, fieldname="name", *args, **kwargs):
		if fieldname != "docstatus" or not isinstance(filters, str) or args or kwargs:
			return get_value(doctype, filters, fieldname, *args, **kwargs)
		if (doctype, filters) not in seen:
			seen[doctype, filters] = get_value(doctype, filters, fieldname)
		return seen[doctype, filters]

	patched = "get_value" in vars(db)  # already wrapped by someone else: put that back afterwards
	db.get_value = once
	try:
		yield
	finally:
		if patched:
			db.get_value = get_value
		else:
			del db.get_value  # the class's method again


# where a meta keeps its answers (answers())
FILTERED, FETCHED = "_sales_flow_fields_filtered", "_sales_flow_fields_to_fetch"


@contextmanager
def meta_filters_read_once(doc: Document) -> Iterator[None]:
	"""Frappe's per-row checks (data, select, code, link, mandatory, non-negative fields...) ask the
	row's DocType for its fields of a kind anew for each row, each answer a filter over every field,
	and the link check asks again for the fields fetched from each link: a 100-line document, some
	1,300 filters over 150 fields at each save, a quarter of its submit. A meta object's fields
	do not change once it is built (Frappe builds another when its DocType changes), so each
	question is answered once per meta object, for every save of the request or job that holds it.
	The answers sit on the request's own meta objects (Frappe's request cache): another thread never
	sees them; Frappe's module-level functions (frappe.get_meta) are left alone for that reason."""
	metas = {id(row.meta): row.meta for row in (doc, *doc.get_all_children())}
	# a meta already answering once (a nested save of the same DocType) is left to its first caller
	patched = [meta for meta in metas.values() if "get" not in vars(meta)]
	for meta in patched:
		meta.get = fields_filtered_once(meta)
		meta.get_fields_to_fetch = answered_once(meta.get_fields_to_fetch, answers(meta, FETCHED))
	try:
		yield
	finally:
		for meta in patched:
			del meta.get, meta.get_fields_to_fetch  # the class's methods again


def answers(meta, kind: str) -> dict:
	"""The answers kept on the meta object itself: it lives as long as Frappe's request cache (a
	request, a background job) and is built anew when its DocType changes, so the saves of one job
	(a run of recurring invoices) ask each question once."""
	return meta.__dict__.setdefault(kind, {})


def fields_filtered_once(meta) -> Callable:
	get, seen = meta.get, answers(meta, FILTERED)

	def once(key, filters=None, limit=None, default=None):
		if key != "fields" or not isinstance(filters, dict) or limit is not None or default is not None:
			return get(key, filters, limit, default)
		# Frappe's filters are literals (strings, tuples and lists of strings): their repr names them
		frozen = repr(filters)
		if frozen not in seen:
			seen[frozen] = get(key, filters)
		return list(seen[frozen])  # a list of its own: a caller may append to it (global search)

	return once


def answered_once(method: Callable, seen: dict) -> Callable:
	"""A meta's method of one hashable argument that returns a list of its fields."""

	def once(argument=None):
		if argument not in seen:
			seen[argument] = method(argument)
		return list(seen[argument])

	return once


def amount_in_words(amount: float, currency: str, language: str | None) -> str:
	language = language or "fr"
	if language.startswith("fr"):
		words = french_amount_in_words(amount, currency)
		if words:
			return words[0].upper() + words[1:]
	previous = frappe.local.lang
	frappe.local.lang = language
	try:
		return money_in_words(abs(amount), currency)
	finally:
		frappe.local.lang = previous


def submitted_children(doc) -> list[tuple[str, str]]:
	"""Submitted documents whose lines point at this document's lines."""
	row_names = [row.name for row in doc.items]
	found: list[tuple[str, str]] = []
	for (source_child, _field), feeders in PROGRESS.items():
		if source_child != doc.doctype + " Item" or not row_names:
			continue
		for feeder_child, link_field in feeders:
			parent_doctype = parent_of(feeder_child)
			names = frappe.db.sql(
				f"""select distinct parent.name from `tab{feeder_child}` child
				join `tab{parent_doctype}` parent on parent.name = child.parent
				where child.`{link_field}` in %(rows)s and parent.docstatus = 1""",
				{"rows": row_names},
				pluck=True,
			)
			found += [(parent_doctype, n) for n in names if (parent_doctype, n) not in found]
	return found


def engine_input(doc) -> dict:
	"""What the totals engine reads of a document (server and the online quotation's page)."""
	currency = (
		frappe.get_cached_value("Currency", doc.currency, ["smallest_currency_fraction_value"], as_dict=True)
		or {}
	)
	data = {field: doc.get(field) for field in DOC_INPUTS}
	data["smallest_currency_fraction"] = flt(currency.get("smallest_currency_fraction_value"))
	data["items"] = [{f: row.get(f) for f in ITEM_INPUTS} for row in doc.items]
	data["taxes"] = [{f: row.get(f) for f in TAX_INPUTS} for row in doc.get("taxes") or []]
	return data
