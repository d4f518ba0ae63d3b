"""Quotation templates ("modèles de devis"): the lines, sections, validity, terms and printed comment
a quotation is built from in one step, on a draft (Apply Template) or from the customer's form."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, flt, nowdate

from sales_flow.controllers.details import set_missing_values
from sales_flow.controllers.item_details import sales_items, set_item_details
from sales_flow.controllers.lines import validate_layout_row
from sales_flow.controllers.units import validate_whole_number_qty
from sales_flow.quotation_desk.dates import default_next_follow_up_date, default_valid_till
from sales_flow.sales_flow.doctype.terms_and_conditions.terms_and_conditions import get_terms_and_conditions
from sales_flow.totals.lines import is_item_line
from sales_flow.utils.arguments import checked_arguments, draft_from_form

FIXED_PRICES, PRICE_LIST_PRICES = "Fixed prices", "Price list prices"
APPEND, REPLACE = "append", "replace"
# template line field -> quotation line field (the rate goes to price_list_rate, see template_line)
LINE_FIELDS = (
	"line_type",
	"item_code",
	"subscription_plan",
	"item_name",
	"description",
	"qty",
	"uom",
	"discount_percentage",
	"is_alternative",
)


class QuotationTemplate(Document):
	def validate(self) -> None:
		for row in self.items:
			validate_layout_row(row)
		item_rows = [row for row in self.items if is_item_line(row)]
		if not item_rows:
			frappe.throw(_("A quotation template needs at least one item line."), title=_("No Lines"))
		items = sales_items(item_rows)  # each exists, is enabled and is sold
		for row in item_rows:
			validate_template_line(row)
			row.item_name = row.item_name or items[row.item_code].item_name
			row.uom = row.uom or items[row.item_code].stock_uom
			validate_whole_number_qty(row.uom, row.qty, _("Row {0}: Quantity").format(row.idx))


def validate_template_line(row) -> None:
	if flt(row.qty) <= 0:
		frappe.throw(
			_("Row {0}: the quantity of {1} must be greater than zero.").format(
				row.idx, frappe.bold(row.item_code)
			)
		)
	if flt(row.rate) < 0:
		frappe.throw(
			_("Row {0}: the rate of {1} cannot be negative.").format(row.idx, frappe.bold(row.item_code))
		)
	if not 0 <= flt(row.discount_percentage) <= 100:
		frappe.throw(_("Row {0}: the discount must be between 0 and 100 %.").format(row.idx))


def get_template(name: str, company: str | None):
	template = frappe.get_doc("Quotation Template", name)
	template.check_permission("read")
	if template.disabled:
		frappe.throw(_("Quotation Template {0} is disabled.").format(frappe.bold(name)))
	if template.company and company and template.company != company:
		frappe.throw(
			_("Quotation Template {0} belongs to company {1}, not {2}.").format(
				frappe.bold(name), template.company, company
			)
		)
	return template


def template_line(row, fixed_prices: bool) -> dict:
	"""A quotation line from a template line. Fixed prices: the template's rate becomes the list
	price, so that its discount applies to it as on any line. Price list prices (or a fixed-price
	line without rate): no price given, set_item_details prices it from the quotation's price list."""
	line = {field: row.get(field) for field in LINE_FIELDS}
	if is_item_line(row) and fixed_prices and flt(row.rate):
		line["price_list_rate"] = flt(row.rate)
	if not is_item_line(row):
		line.update(qty=None, uom=None, discount_percentage=None, is_alternative=0, subscription_plan=None)
	return line


def apply_template(doc, template, mode: str) -> None:
	"""Lines after the quotation's own (append) or instead of them (replace); the template's validity,
	terms and comment (in append mode, only where the quotation has none)."""
	if mode not in (APPEND, REPLACE):
		frappe.throw(_("Apply a template in mode append or replace, not {0}.").format(escape_html(str(mode))))
	if mode == REPLACE:
		doc.set("items", [])
	fixed = template.pricing != PRICE_LIST_PRICES
	for row in template.items:
		doc.append("items", template_line(row, fixed))
	doc.quotation_template = template.name
	if template.company and not doc.company:
		doc.company = template.company
	set_template_dates(doc, template)
	replace = mode == REPLACE
	if template.tc_name and (replace or not doc.tc_name):
		doc.tc_name = template.tc_name
	if template.terms and (replace or not doc.terms):
		doc.terms = template.terms
	elif template.tc_name and doc.tc_name == template.tc_name and (replace or not doc.terms):
		doc.terms = get_terms_and_conditions(template.tc_name, doc.as_dict())
	if doc.meta.has_field("printed_comment") and template.printed_comment:
		if replace or not doc.get("printed_comment"):
			doc.set("printed_comment", template.printed_comment)


def set_template_dates(doc, template) -> None:
	"""The template's validity wins over the settings' days; an empty validity or first follow-up
	is filled as the save would fill it, so that the form shows them at once."""
	day = doc.transaction_date or nowdate()
	if template.validity_days or not doc.valid_till:
		doc.valid_till = default_valid_till(day, template.name)
	if not doc.get("next_follow_up_date"):
		doc.next_follow_up_date = default_next_follow_up_date(day)


def refresh_draft(doc) -> None:
	"""Defaults, prices and totals, so that the form shows the right figures before any save."""
	set_missing_values(doc)
	set_item_details(doc)
	doc.calculate_totals()


@frappe.whitelist()
@checked_arguments
def apply_quotation_template(quotation: str | dict, template: str, mode: str = APPEND) -> dict:
	"""Insert a template's lines into a draft quotation, after its lines ("append") or instead of
	them ("replace"). Given the form's document (a dict or its JSON), the updated document is
	returned unsaved for the form to show; given the name of a saved draft, the draft is saved."""
	by_name = isinstance(quotation, str) and not quotation.lstrip().startswith("{")
	doc = frappe.get_doc("Quotation", quotation) if by_name else draft_from_form(quotation, "quotation")
	if by_name:
		doc.check_permission("write")
	if doc.doctype != "Quotation":
		frappe.throw(_("A quotation template applies to a Quotation, not to {0}.").format(_(doc.doctype)))
	submitted = doc.docstatus != 0 or (
		not doc.is_new() and frappe.db.get_value("Quotation", doc.name, "docstatus") != 0
	)
	if submitted:
		frappe.throw(
			_("Quotation {0} is submitted: a template applies only to a draft quotation.").format(doc.name),
			title=_("Not a Draft"),
		)
	apply_template(doc, get_template(template, doc.company), mode)
	if by_name:
		doc.save()
	else:
		refresh_draft(doc)
	return doc.as_dict()


@frappe.whitelist()
@checked_arguments
def make_quotation_from_template(customer: str, template: str) -> dict:
	"""A new draft quotation for `customer` with the template's lines, for the form to open (one
	click from the customer's form); nothing is saved until the user saves it."""
	frappe.has_permission("Quotation", "create", throw=True)
	frappe.get_doc("Customer", customer).check_permission("read")
	doc = frappe.new_doc("Quotation")
	doc.update(
		{
			"quotation_to": "Customer",
			"party_name": customer,
			"customer": customer,
			"transaction_date": nowdate(),
		}
	)
	template_doc = get_template(template, None)
	doc.company = template_doc.company or None
	set_missing_values(doc)
	apply_template(doc, template_doc, REPLACE)
	refresh_draft(doc)
	# a new document for frappe.model.sync, which names it on the client; priced here, the form
	# must not re-price it from the price list when it opens (sales_document.js)
	return {**doc.as_dict(), "__islocal": 1, "__unsaved": 1, "__priced_by_server": 1}
