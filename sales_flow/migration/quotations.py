"""Open quotations from the previous program: one row per line, the lines of a quotation sharing its
number; brought over submitted (open), with their dates of validity and follow-up, found again by
their number in the previous program (`Quotation.legacy_code`).

A quotation comes over whole or not at all: one refused line refuses it. A submitted quotation is
not rewritten by a later run: a difference is reported, the quotation is changed in sales_flow.
"""

from collections import OrderedDict

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.migration.context import Context
from sales_flow.migration.rows import Outcome, Row, same, unchanged_message

HEADER_KEYS = ("date", "customer_code", "valid_till", "follow_up_date")


def quotations_of(rows: list[Row]) -> list[list[Row]]:
	"""The rows grouped by quotation number, in the order of the file."""
	groups: OrderedDict[str, list[Row]] = OrderedDict()
	for row in rows:
		groups.setdefault(row.get("quotation_number") or f"#{row.line}", []).append(row)
	return list(groups.values())


def check_quotations(
	rows: list[Row], context: Context, customers: dict[str, Row], items: dict[str, Row]
) -> None:
	"""`customers` and `items`: the rows of the other files by code, to tell a code refused there
	from one that is nowhere."""
	for lines in quotations_of(rows):
		first = lines[0]
		for row in lines:
			check_line(row, context, customers, items)
			for key in HEADER_KEYS:
				if row is not first and row.get(key) is not None and not same(first.get(key), row.get(key)):
					row.problems.append(
						_("{0} differs from the quotation's first line (line {1}).").format(
							header_label(key), first.line
						)
					)
		refused = [row for row in lines if row.problems]
		for row in lines:
			if refused and not row.problems:
				row.refused_with = _("Refused with its quotation {0}: see line {1}.").format(
					first.get("quotation_number"), refused[0].line
				)


def header_label(key: str) -> str:
	return {
		"date": _("Date"),
		"customer_code": _("Customer Code"),
		"valid_till": _("Valid Till"),
		"follow_up_date": _("Follow-up Date"),
	}[key]


def check_line(row: Row, context: Context, customers: dict[str, Row], items: dict[str, Row]) -> None:
	code = row.get("customer_code")
	if code and code not in context.customers_by_code and not (code in customers and customers[code].ok):
		row.problems.append(unknown_code(_("Customer code {0}"), code, customers.get(code), _("customers")))
	item_code = row.get("item_code")
	if (
		item_code
		and not frappe.db.exists("Item", item_code)
		and (item_code not in items or not items[item_code].ok)
	):
		row.problems.append(unknown_code(_("Item code {0}"), item_code, items.get(item_code), _("items")))
	if row.get("qty") is not None and row.get("qty") <= 0:
		row.problems.append(_("The quantity must be above 0."))
	if row.get("rate") is not None and row.get("rate") < 0:
		row.problems.append(_("The unit price cannot be negative."))
	if row.get("discount") is not None and not 0 <= row.get("discount") <= 100:
		row.problems.append(_("The discount must be between 0 and 100 %."))
	for key, label in (("valid_till", _("Valid Till")), ("follow_up_date", _("Follow-up Date"))):
		if row.get(key) and row.get("date") and row.get(key) < row.get("date"):
			row.problems.append(_("{0} cannot be before the quotation's date.").format(label))


def unknown_code(what: str, code: str, row_in_file: Row | None, file_label: str) -> str:
	if row_in_file is None:
		return _("{0} is neither in the {1} file nor brought over before.").format(
			what.format(code), file_label
		)
	return _("{0} is refused in the {1} file (line {2}).").format(
		what.format(code), file_label, row_in_file.line
	)


def import_quotation(lines: list[Row], context: Context) -> Outcome:
	first = lines[0]
	number = first.get("quotation_number")
	existing = frappe.get_all(
		"Quotation",
		filters={"legacy_code": number, "docstatus": ("<", 2)},
		pluck="name",
		order_by="creation desc",
	)
	if existing:
		quotation = frappe.get_doc("Quotation", existing[0])
		if matches(quotation, lines, context):
			return Outcome("Skipped", "Quotation", quotation.name, unchanged_message("Skipped"))
		return Outcome(
			"Skipped",
			"Quotation",
			quotation.name,
			_("Already brought over as {0}, which differs from the file: change it in sales_flow.").format(
				quotation.name
			),
		)
	quotation = frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": context.customer(first.get("customer_code")),
			"company": context.company,
			"transaction_date": first.get("date"),
			"valid_till": first.get("valid_till"),
			"next_follow_up_date": first.get("follow_up_date"),
			"selling_price_list": context.price_list,
			"taxes_and_charges": context.taxes_and_charges,
			"legacy_code": number,
			"items": [line_values(row) for row in lines],
		}
	)
	quotation.insert()
	quotation.submit()
	return Outcome("Created", "Quotation", quotation.name)


def line_values(row: Row) -> dict:
	"""The line as the previous program priced it: its unit price as the list price it was given
	(the engine keeps it as the agreed price when the price list says otherwise) and its discount."""
	values = {"item_code": row.get("item_code"), "qty": row.get("qty")}
	if row.get("item_name"):
		values["item_name"] = row.get("item_name")
	if row.get("rate") is not None:
		values["price_list_rate"] = row.get("rate")
		values["rate"] = flt(row.get("rate") * (1 - flt(row.get("discount")) / 100), 2)
	if row.get("discount"):
		values["discount_percentage"] = row.get("discount")
	return values


def matches(quotation, lines: list[Row], context: Context) -> bool:
	"""The quotation brought over earlier says what the file says (customer, dates, lines)."""
	first = lines[0]
	header = (
		quotation.party_name in context.customers_by_code.get(first.get("customer_code"), [])
		and same(quotation.transaction_date, first.get("date"))
		and (first.get("valid_till") is None or same(quotation.valid_till, first.get("valid_till")))
	)
	items = [row for row in quotation.items if (row.get("line_type") or "Item") == "Item"]
	if not header or len(items) != len(lines):
		return False
	return all(
		row.item_code == line.get("item_code")
		and same(row.qty, line.get("qty"))
		and (line.get("rate") is None or same(row.rate, line_values(line)["rate"]))
		for row, line in zip(items, lines, strict=True)
	)
