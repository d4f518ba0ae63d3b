"""Lines made from another document (a quoted line ordered, an order line delivered or billed).

Such a line keeps the price agreed on its source only when its link is true: it points at a line of
a submitted document of the same customer, for the same item (and of the source document the row
names, when it names one). A line whose price (list price, rate, discount, margin, unit, free or
not) differs from its source line's is priced and checked as a new one. Forged links are refused:
they would also count the line against another document's quantities.

The source lines and their documents are read in one query per source table for a whole document.
"""

import frappe
from frappe import _
from frappe.utils import cstr, flt

from sales_flow.document_flow import links_from, parent_of

# the closest source first: an invoice made from a delivery note agrees with that note's price
LINK_ORDER = ("dn_detail", "si_detail", "so_detail", "quotation_item")
NUMERIC_PRICE_FIELDS = (
	"price_list_rate",
	"rate",
	"discount_percentage",
	"discount_amount",
	"margin_rate_or_amount",
	"is_free_item",
)
TEXT_PRICE_FIELDS = ("margin_type", "uom")
DOCUMENT_DISCOUNT_FIELDS = (
	"apply_discount_on",
	"additional_discount_percentage",
	"discount_amount",
	"net_total",
	"grand_total",
)


def keeps_source_price(row) -> bool:
	"""Set by check_source_links for the document being validated."""
	return bool(row.get("_keeps_source_price"))


def check_source_links(doc) -> list[frappe._dict]:
	"""Refuse a line whose link to a source line is not true; mark each line that carries its
	source line's price unchanged. Returns the source documents' headers (their discounts)."""
	child = doc.doctype + " Item"
	rows = [row for row in doc.get("items") or [] if row.get("item_code")]
	headers: dict[tuple[str, str], frappe._dict] = {}
	primary: dict[int, frappe._dict] = {}
	for link_field, source_child, _progress in sorted(
		links_from(child), key=lambda link: LINK_ORDER.index(link[0])
	):
		linked = [row for row in rows if row.get(link_field)]
		if not linked:
			continue
		# a request may send anything there: a value that is not a row name finds no row
		sources = read_source_lines(source_child, {cstr(row.get(link_field)) for row in linked})
		parent_field = source_parent_field(child, parent_of(source_child))
		for row in linked:
			source = sources.get(cstr(row.get(link_field)))
			refuse_false_link(doc, row, source, parent_of(source_child), parent_field)
			primary.setdefault(id(row), source)
			headers[(parent_of(source_child), source.parent)] = source
	for row in doc.get("items") or []:
		source = primary.get(id(row))
		row._keeps_source_price = bool(source) and same_price(doc, row, source)
	return list(headers.values())


def read_source_lines(source_child: str, names: set[str]) -> dict[str, frappe._dict]:
	parent = parent_of(source_child)
	party = "parent.quotation_to, parent.party_name" if parent == "Quotation" else "parent.customer"
	line_fields = ", ".join(f"child.`{f}`" for f in ("item_code", *NUMERIC_PRICE_FIELDS, *TEXT_PRICE_FIELDS))
	header_fields = ", ".join(f"parent.`{f}` as `document_{f}`" for f in DOCUMENT_DISCOUNT_FIELDS)
	found = frappe.db.sql(
		f"""select child.name, child.parent, child.idx, {line_fields}, parent.docstatus,
		parent.currency, {party}, {header_fields}
		from `tab{source_child}` child join `tab{parent}` parent on parent.name = child.parent
		where child.name in %(names)s""",
		{"names": list(names)},
		as_dict=True,
	)
	return {line.name: line for line in found}


def source_parent_field(child: str, source_doctype: str) -> str | None:
	"""The line's field naming the source document (Sales Order Item.prevdoc_docname -> Quotation)."""
	fields = frappe.get_meta(child).get("fields", {"fieldtype": "Link", "options": source_doctype})
	return fields[0].fieldname if fields else None


def refuse_false_link(doc, row, source, source_doctype: str, parent_field: str | None) -> None:
	if not source:
		frappe.throw(
			_("Row {0} ({1}): the {2} line it was made from does not exist.").format(
				row.idx, frappe.bold(row.item_code), _(source_doctype)
			),
			title=_("Invalid Source Line"),
		)
	named = row.get(parent_field) if parent_field else None
	# the document type translated only for a refusal: a hundred true links ask for no translation
	if named and named != source.parent:
		problem = _("the line it is linked to belongs to {0} {1}, not to {2}.").format(
			_(source_doctype), source.parent, named
		)
	elif source.item_code != row.item_code:
		problem = _("it is linked to {0} {1} row {2}, which is for item {3}.").format(
			_(source_doctype), source.parent, source.idx, source.item_code
		)
	elif source.docstatus != 1:
		problem = _("{0} {1}, which it was made from, is not submitted.").format(
			_(source_doctype), source.parent
		)
	elif not same_customer(doc, source):
		problem = _("{0} {1}, which it was made from, is for another customer.").format(
			_(source_doctype), source.parent
		)
	else:
		return
	frappe.throw(
		_("Row {0} ({1}): {2}").format(row.idx, frappe.bold(row.item_code), problem),
		title=_("Invalid Source Line"),
	)


def same_customer(doc, source) -> bool:
	customer = doc.get("customer")
	if "party_name" not in source:
		return source.customer == customer
	if (source.quotation_to or "Customer") == "Customer":
		return source.party_name == customer
	# a lead's quotation is ordered by the customer made from that lead
	return bool(customer) and frappe.get_cached_value("Customer", customer, "lead_name") == source.party_name


def same_price(doc, row, source) -> bool:
	if (doc.get("currency") or None) != (source.currency or None):
		return False
	return all(abs(flt(row.get(f)) - flt(source.get(f))) < 1e-6 for f in NUMERIC_PRICE_FIELDS) and all(
		(row.get(f) or "") == (source.get(f) or "") for f in TEXT_PRICE_FIELDS
	)


def source_discount_percentage(headers: list[frappe._dict]) -> float:
	"""The largest document discount of the sources, as a share of the total it applied on."""
	return max((discount_percentage_of(h, "document_") for h in headers), default=0.0)


def discount_percentage_of(values, prefix: str = "") -> float:
	"""A document's discount as a percentage of the total it applies on (net or grand total, before
	the discount): the percentage given, else the amount divided by that total."""
	if flt(values.get(prefix + "additional_discount_percentage")):
		return flt(values.get(prefix + "additional_discount_percentage"))
	discount = flt(values.get(prefix + "discount_amount"))
	if not discount:
		return 0.0
	base = discount + flt(
		values.get(prefix + discounted_total_field(values.get(prefix + "apply_discount_on")))
	)
	return 100 * discount / base if base > 0 else 100.0


def discounted_total_field(apply_discount_on: str | None) -> str:
	"""The total a document discount comes off (the totals engine's default: the grand total)."""
	return "grand_total" if (apply_discount_on or "Grand Total") == "Grand Total" else "net_total"


# --- once per transaction: the answer kept while nothing is written ---------------------------------

SOURCE_LINKS_MEMO = "sales_flow_source_links"


def checked_source_links(doc) -> list[frappe._dict]:
	"""check_source_links, or the answer of the document's previous save cycle (insert, then submit)
	when its lines are as they were and the transaction wrote nothing since that cycle ended: a
	transaction reads the same snapshot of the source lines (MariaDB's repeatable read), so the
	same question gets the same answer. A commit, a rollback or any write asks again."""
	key = source_links_key(doc)
	memo = doc.flags.get(SOURCE_LINKS_MEMO)
	if memo and memo["stamp"] == transaction_stamp() and memo["key"] == key:
		for row, keeps in zip(doc.get("items") or [], memo["keeps"], strict=True):
			row._keeps_source_price = keeps
		headers = memo["headers"]
	else:
		headers = check_source_links(doc)
	doc.flags[SOURCE_LINKS_MEMO] = {
		"key": key,
		"headers": headers,
		"keeps": [row.get("_keeps_source_price") for row in doc.get("items") or []],
		"stamp": None,  # valid from the end of this save cycle (stamp_source_links)
	}
	return headers


def stamp_source_links(doc) -> None:
	"""At the end of a save cycle, its own writes done: the answer holds until the next write."""
	memo = doc.flags.get(SOURCE_LINKS_MEMO)
	if memo:
		memo["stamp"] = transaction_stamp()


def source_links_key(doc) -> tuple:
	"""Everything check_source_links reads from the document."""
	fields = key_fields(frappe.get_meta(doc.doctype + " Item"))
	rows = tuple(tuple(map(row.__dict__.get, fields)) for row in doc.get("items") or [])
	return (doc.get("currency"), doc.get("customer"), rows)


def key_fields(meta) -> tuple[str, ...]:
	"""The line's fields check_source_links reads: kept on the meta object (rebuilt when it changes)."""
	cached = meta.__dict__.get("_sales_flow_source_link_fields")
	if cached is None:
		fields = ["idx", "item_code", *NUMERIC_PRICE_FIELDS, *TEXT_PRICE_FIELDS]
		for link_field, source_child, _progress in links_from(meta.name):
			fields += [link_field, source_parent_field(meta.name, parent_of(source_child))]
		cached = meta.__dict__["_sales_flow_source_link_fields"] = tuple(f for f in fields if f)
	return cached


def transaction_stamp() -> tuple[object, int]:
	"""This transaction (a token dropped at its commit or rollback) and how many writes it made."""
	token = getattr(frappe.local, "sales_flow_transaction", None)
	if token is None:
		token = frappe.local.sales_flow_transaction = object()
		frappe.db.after_commit.add(forget_transaction)
		frappe.db.after_rollback.add(forget_transaction)
	return token, frappe.db.transaction_writes


def forget_transaction() -> None:
	frappe.local.sales_flow_transaction = None
