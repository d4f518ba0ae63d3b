"""Pricing rules on a sales document: load what may apply (batched), price the lines, keep the free
item rows in step with the quantities, the document discount, the coupon, and the checks on prices
(item max discount, selling below the list price, the document discount's maximum). The choice itself
is sales_flow.engine.pricing_rules.

What a request sends is never a price the checks start from: the list price is resolved by the
server (engine/details.py), the rules' prices are computed again at submit, and a line keeps the
price of the document it was made from only when its link is true (engine/source_lines.py)."""

import json

import frappe
from frappe import _
from frappe.utils import flt, getdate

from sales_flow.engine import pricing_rules
from sales_flow.engine.arguments import check_doctype, checked_arguments
from sales_flow.engine.lines import is_item_line
from sales_flow.engine.source_lines import (
	discount_percentage_of,
	discounted_total_field,
	keeps_source_price,
	source_discount_percentage,
)
from sales_flow.sales_flow.doctype.selling_settings.selling_settings import (
	get_selling_settings,
	has_settings_role,
)

# row fields linking a line to the line it was made from
SOURCE_LINKS = ("quotation_item", "so_detail", "dn_detail", "si_detail")


def is_mapped(row) -> bool:
	return any(row.get(link) for link in SOURCE_LINKS)


def priced_rows(doc) -> list:
	"""The lines the rules price: items of this document (not free, not carrying the price agreed
	on the document they were made from)."""
	return [
		row
		for row in doc.get("items") or []
		if is_item_line(row) and row.item_code and not row.get("is_free_item") and not keeps_source_price(row)
	]


def keeps_line_prices(doc) -> bool:
	"""Documents whose lines are not sold at a list price: a credit note returns what was billed, a
	down-payment invoice bills a share of its order's amounts, and a document server code writes for
	itself with permissions ignored (a subscription's plan prices, prorated) vouches for its prices.
	Their lines keep the prices they came with; only lines without any price get the list price."""
	return bool(doc.get("is_return") or doc.get("is_down_payment_invoice") or doc.flags.ignore_permissions)


@frappe.whitelist()
@checked_arguments
def may_edit_price_list_rate() -> bool:
	"""Selling Settings let users type a line's list price: everyone, or only the role they name."""
	settings = get_selling_settings()
	if not settings.editable_price_list_rate:
		return False
	return not settings.get("role_allowed_to_edit_price_list_rate") or has_settings_role(
		"role_allowed_to_edit_price_list_rate"
	)


def load_trail(text: str | None) -> dict:
	"""A stored "why this price" (JSON); what a request sent there may be anything."""
	try:
		trail = json.loads(text) if text else {}
	except (TypeError, ValueError):
		return {}
	return trail if isinstance(trail, dict) else {}


def document_date(doc):
	return getdate(doc.get("posting_date") or doc.get("transaction_date"))


def has_pricing_rules(doc) -> bool:
	return doc.meta.has_field("coupon_code") and not doc.get("is_return")


def applies_pricing_rules(doc) -> bool:
	"""The rules set the prices of a draft; once submitted, the prices saved stand."""
	return has_pricing_rules(doc) and doc.docstatus == 0


# --- loading, batched ---------------------------------------------------------------------------


def load_rules(company: str | None, date, coupon_rules: set[str], item_codes: set[str]) -> list[dict]:
	"""Every enabled selling rule valid on `date` for the company (coupon rules only with their
	coupon), with its items and item groups: three queries whatever the number of rules and lines."""
	rule = frappe.qb.DocType("Pricing Rule")
	from frappe.query_builder.functions import Coalesce

	query = (
		frappe.qb.from_(rule)
		.select(*[rule[f] for f in pricing_rules.RULE_FIELDS])
		.where(rule.disable == 0)
		.where(rule.selling == 1)
		.where(Coalesce(rule.company, "").isin(["", company or ""]))
		.where(Coalesce(rule.valid_from, "2000-01-01") <= date)
		.where(Coalesce(rule.valid_upto, "2999-12-31") >= date)
	)
	coupon_condition = rule.coupon_code_based == 0
	if coupon_rules:
		coupon_condition = coupon_condition | rule.name.isin(list(coupon_rules))
	rules = query.where(coupon_condition).run(as_dict=True)
	if not rules:
		return []
	by_name = {r.name: r for r in rules}
	for r in rules:
		r.item_codes, r.item_groups = {}, set()
	names = list(by_name)
	if item_codes:
		for row in frappe.get_all(
			"Pricing Rule Item Code",
			filters={
				"parenttype": "Pricing Rule",
				"parent": ("in", names),
				"item_code": ("in", list(item_codes)),
			},
			fields=["parent", "item_code", "uom"],
		):
			uoms = by_name[row.parent].item_codes.setdefault(row.item_code, set())
			if row.uom:
				uoms.add(row.uom)
	for row in frappe.get_all(
		"Pricing Rule Item Group",
		filters={"parenttype": "Pricing Rule", "parent": ("in", names)},
		fields=["parent", "item_group"],
	):
		by_name[row.parent].item_groups.add(row.item_group)
	return rules


def ancestors(doctype: str, names: set[str]) -> dict[str, set[str]]:
	"""Each tree node with itself and its ancestors: a rule on a parent group applies to its children."""
	names = {n for n in names if n}
	if not names:
		return {}
	table = f"`tab{doctype}`"
	rows = frappe.db.sql(
		f"""select node.name, up.name from {table} node join {table} up
		on up.lft <= node.lft and up.rgt >= node.rgt where node.name in %(names)s""",
		{"names": list(names)},
	)
	found: dict[str, set[str]] = {n: {n} for n in names}
	for node, up in rows:
		found[node].add(up)
	return found


# --- the coupon ---------------------------------------------------------------------------------


def check_coupon(doc, lock: bool = False) -> dict | None:
	"""The document's coupon, refused clearly when unknown, outside its dates, used up, or a gift
	card of another customer."""
	if not doc.get("coupon_code"):
		return None
	fields = (
		"name, coupon_code, coupon_type, customer, pricing_rule, valid_from, valid_upto, maximum_use, used"
	)
	rows = frappe.db.sql(
		f"select {fields} from `tabCoupon Code` where name = %(c)s or coupon_code = %(c)s"
		+ (" for update" if lock else ""),
		{"c": doc.coupon_code},
		as_dict=True,
	)
	if not rows:
		frappe.throw(_("Coupon code {0} does not exist.").format(frappe.bold(doc.coupon_code)))
	coupon = rows[0]
	doc.coupon_code = coupon.name
	if made_from_order(doc):
		return coupon  # checked and counted on its order
	date = document_date(doc)
	if coupon.valid_from and date < getdate(coupon.valid_from):
		frappe.throw(
			_("Coupon code {0} is valid only from {1}.").format(
				frappe.bold(coupon.coupon_code), frappe.format(coupon.valid_from, "Date")
			)
		)
	if coupon.valid_upto and date > getdate(coupon.valid_upto):
		frappe.throw(
			_("Coupon code {0} expired on {1}.").format(
				frappe.bold(coupon.coupon_code), frappe.format(coupon.valid_upto, "Date")
			)
		)
	if coupon.maximum_use and coupon.used >= coupon.maximum_use:
		frappe.throw(
			_("Coupon code {0} has been used its maximum number of times ({1}).").format(
				frappe.bold(coupon.coupon_code), coupon.maximum_use
			)
		)
	if (
		coupon.coupon_type == "Gift Card"
		and coupon.customer
		and coupon.customer != doc.get("customer", doc.get("party_name"))
	):
		frappe.throw(
			_("Gift card {0} belongs to customer {1}.").format(
				frappe.bold(coupon.coupon_code), coupon.customer
			)
		)
	return coupon


def made_from_order(doc) -> bool:
	return doc.doctype == "Sales Invoice" and any(row.get("so_detail") for row in doc.items)


def counts_coupon(doc) -> bool:
	"""A coupon is used once per sale: on the Sales Order, or on an invoice made without an order."""
	if not doc.get("coupon_code") or doc.get("is_return"):
		return False
	if doc.doctype == "Sales Order":
		return True
	return doc.doctype == "Sales Invoice" and not made_from_order(doc)


def update_coupon_usage(doc, cancel: bool = False) -> None:
	"""On submit (under a lock on the coupon row, so that two orders at once cannot both take its
	last use) and on cancel."""
	if not counts_coupon(doc):
		return
	if cancel:
		frappe.db.sql(
			"update `tabCoupon Code` set used = greatest(used - 1, 0) where name = %s", doc.coupon_code
		)
		return
	coupon = check_coupon(doc, lock=True)
	frappe.db.sql("update `tabCoupon Code` set used = used + 1 where name = %s", coupon.name)


# --- pricing a document -------------------------------------------------------------------------


def context_of(doc, rules: list[dict], coupon_rules: set[str]) -> dict:
	from sales_flow.engine.details import customer_of

	needs = {r.get("applicable_for") for r in rules}
	return {
		"customer": customer_of(doc),
		"customer_groups": ancestors("Customer Group", {doc.get("customer_group")}).get(
			doc.get("customer_group"), set()
		)
		if "Customer Group" in needs
		else set(),
		"territories": ancestors("Territory", {doc.get("territory")}).get(doc.get("territory"), set())
		if "Territory" in needs
		else set(),
		"sales_partner": doc.get("sales_partner"),
		"campaign": doc.get("campaign"),
		"coupon_rules": coupon_rules,
	}


def apply_pricing_rules(doc, fill_rows) -> None:
	"""Price the lines with the rules, set the document discount, and add, update or remove the free
	item rows; `fill_rows(rows)` completes new rows from their items (name, UOM, VAT class).

	On submit the rules run again without writing: what they give is the floor of the price checks
	(a trail sent with the request proves nothing), and a free row must be one they give."""
	if not has_pricing_rules(doc):
		if not doc.get("is_return"):
			check_free_rows(doc, {})  # no rules here (a delivery note): nothing is given free
		return
	write = applies_pricing_rules(doc)
	coupon = check_coupon(doc)
	coupon_rules = {coupon.pricing_rule} if coupon else set()
	rows = priced_rows(doc)
	date = document_date(doc)
	rules = load_rules(doc.company, date, coupon_rules, {r.item_code for r in rows})
	ctx = context_of(doc, rules, coupon_rules)
	groups = (
		ancestors("Item Group", {r.item_group for r in rows})
		if any(r.apply_on == "Item Group" for r in rules)
		else {}
	)
	free: dict[tuple[str, str], float] = {}
	total_qty = total_amount = 0.0
	index = pricing_rules.index_rules(rules)
	for row in rows:
		line = {
			"item_code": row.item_code,
			"uom": row.uom,
			"qty": flt(row.stock_qty) or flt(row.qty),
			"list_rate": flt(row.price_list_rate),
			"item_groups": groups.get(row.item_group, {row.item_group}),
		}
		result = pricing_rules.price_line(line, pricing_rules.candidates(index, line), ctx)
		if write:
			apply_to_row(row, result)
		# (the list price the rules started from, the price they gave) for validate_prices
		row._rule_price = (flt(row.price_list_rate), result["rate"]) if result["fields"] else None
		for rule, item_code, qty in result["free"]:
			free[(rule, item_code)] = free.get((rule, item_code), 0) + qty
		total_qty += flt(row.qty)
		total_amount += (result["rate"] if result["fields"] else row_rate(row)) * flt(row.qty)
	transaction = pricing_rules.price_transaction(total_qty, total_amount, rules, ctx)
	doc._rule_discount = transaction["fields"]
	for rule, item_code, qty in transaction["free"]:
		free[(rule, item_code)] = free.get((rule, item_code), 0) + qty
	if not write:
		check_free_rows(doc, free)
		return
	apply_to_document(doc, transaction)
	sync_free_rows(doc, free, fill_rows)
	set_pricing_rule_details(doc, rules)


def set_pricing_rule_details(doc, rules: list[dict]) -> None:
	"""ERPNext's document table of the rules applied (Pricing Rule Detail), one row per line and rule,
	rebuilt from the lines (mapped lines included)."""
	if not doc.meta.has_field("pricing_rules"):
		return
	kinds = {r.name: r for r in rules}
	details = []
	for row in doc.get("items") or []:
		if not row.get("pricing_rules"):
			continue
		if not row.name:
			row.name = frappe.generate_hash(length=10)  # the detail names its line
		for name in rule_names(row):
			rule = kinds.get(name) or {}
			details.append(
				{
					"pricing_rule": name,
					"item_code": row.item_code,
					"child_docname": row.name,
					"rule_applied": 1,
					"margin_type": rule.get("margin_type"),
					"rate_or_discount": rule.get("rate_or_discount"),
				}
			)
	transaction_rules = load_trail(doc.get("price_trail")).get("rules") or []
	details += [{"pricing_rule": name, "rule_applied": 1} for name in transaction_rules]
	doc.set("pricing_rules", details)


def preview_line_rules(doc, row, item_group: str | None, list_rate: float) -> dict:
	"""The rule fields of one line as the form picks its item: discount, margin or rate, and the
	rules' names; nothing when no rule applies (the user's discount stays)."""
	if not applies_pricing_rules(doc):
		return {}
	try:
		coupon = check_coupon(doc)
	except frappe.ValidationError:
		frappe.clear_last_message()
		coupon = None  # said plainly at save
	coupon_rules = {coupon.pricing_rule} if coupon else set()
	rules = load_rules(doc.company, document_date(doc), coupon_rules, {row.item_code})
	groups = ancestors("Item Group", {item_group}) if any(r.apply_on == "Item Group" for r in rules) else {}
	line = {
		"item_code": row.item_code,
		"uom": row.uom,
		"qty": flt(row.qty) or 1,
		"list_rate": flt(list_rate),
		"item_groups": groups.get(item_group, {item_group}),
	}
	index = pricing_rules.index_rules(rules)
	result = pricing_rules.price_line(
		line, pricing_rules.candidates(index, line), context_of(doc, rules, coupon_rules)
	)
	if not result["fields"]:
		return {}
	return {**result["fields"], "pricing_rules": json.dumps(result["rules"])}


def row_rate(row) -> float:
	list_rate = flt(row.price_list_rate)
	if not list_rate:
		return flt(row.rate)
	with_margin = list_rate + pricing_rules_margin(row, list_rate)
	if flt(row.discount_percentage):
		return with_margin * (1 - flt(row.discount_percentage) / 100)
	return with_margin - flt(row.discount_amount)


def pricing_rules_margin(row, list_rate: float) -> float:
	value = flt(row.margin_rate_or_amount)
	if row.margin_type == "Percentage":
		return list_rate * value / 100
	return value if row.margin_type == "Amount" else 0.0


def apply_to_row(row, result: dict) -> None:
	previous = load_trail(row.get("price_trail"))
	if result["fields"]:
		row.update(result["fields"])
	elif previous.get("rules") and any(
		isinstance(s, dict) and s.get("kind") != "free_item" for s in previous.get("steps") or []
	):
		# the rules that priced this line no longer apply: back to the list price
		row.update(
			{"margin_type": "", "margin_rate_or_amount": 0, "discount_percentage": 0, "discount_amount": 0}
		)
	source = row.get("_price_source")
	if source is None and flt(previous.get("list_rate")) == flt(row.price_list_rate):
		source = previous.get("source")
	trail = {
		"list_rate": flt(row.price_list_rate),
		"source": source,
		"steps": result["steps"],
		"rules": result["rules"],
		"rate": result["rate"] if result["fields"] else None,
	}
	row.pricing_rules = json.dumps(result["rules"]) if result["rules"] else None
	row.price_trail = pricing_rules.dumps(trail)


def apply_to_document(doc, transaction: dict) -> None:
	previous = load_trail(doc.get("price_trail"))
	if transaction["fields"]:
		doc.update(transaction["fields"])
	elif previous.get("fields"):
		doc.update({"additional_discount_percentage": 0, "discount_amount": 0})
	doc.price_trail = (
		pricing_rules.dumps({k: transaction[k] for k in ("rules", "steps", "fields")})
		if transaction["rules"]
		else None
	)


def sync_free_rows(doc, wanted: dict[tuple[str, str], float], fill_rows) -> None:
	"""One free row per (rule, item): its quantity follows the lines; gone when the rule no longer
	gives anything. Re-saving never duplicates them."""
	existing = {}
	for row in list(doc.get("items") or []):
		if not row.get("is_free_item") or keeps_source_price(row):
			continue
		key = (free_rule_of(row), row.item_code)
		if key in wanted and key not in existing:
			existing[key] = row
		else:
			doc.remove(row)
	added = []
	for (rule, item_code), qty in wanted.items():
		row = existing.get((rule, item_code))
		if not row:
			row = doc.append("items", {"item_code": item_code, "is_free_item": 1})
			added.append(row)
		row.update(
			{
				"qty": qty,
				"price_list_rate": 0,
				"rate": 0,
				"discount_percentage": 0,
				"discount_amount": 0,
				"margin_type": "",
				"margin_rate_or_amount": 0,
				"pricing_rules": json.dumps([rule]),
				"price_trail": pricing_rules.dumps(
					{"free_item": True, "rules": [rule], "list_rate": 0, "steps": [], "rate": 0}
				),
			}
		)
	for n, row in enumerate(doc.items, start=1):
		row.idx = n
	if added:
		fill_rows(added)


def rule_names(row) -> list[str]:
	"""The rules a line names: a JSON list (ERPNext's, or a comma-separated text)."""
	try:
		rules = json.loads(row.get("pricing_rules") or "[]")
	except ValueError:
		rules = [r.strip() for r in (row.get("pricing_rules") or "").split(",")]
	return [str(r) for r in rules if r] if isinstance(rules, list) else []


def free_rule_of(row) -> str | None:
	rules = rule_names(row)
	return rules[0] if rules else None


def check_free_rows(doc, wanted: dict[tuple[str, str], float]) -> None:
	"""On submit: each free row (not carried from a source line) is one the rules give, at most as
	many as they give. At save, sync_free_rows makes them so."""
	given: dict[tuple[str | None, str], list] = {}
	for row in doc.get("items") or []:
		if is_item_line(row) and row.get("is_free_item") and not keeps_source_price(row):
			given.setdefault((free_rule_of(row), row.item_code), []).append(row)
	for key, rows in given.items():
		qty = sum(flt(r.qty) for r in rows)
		if qty > flt(wanted.get(key)) + 1e-9:
			frappe.throw(
				_("Row {0}: {1} × {2} is given free, but the pricing rules give {3}.").format(
					rows[0].idx, number(qty, 6, True), frappe.bold(key[1]), number(wanted.get(key), 6, True)
				),
				title=_("Free Item Not Given"),
			)


# --- checks on the prices -----------------------------------------------------------------------


def validate_prices(doc) -> None:
	"""After the totals: no line beyond its item's max discount, nor below its list price unless the
	settings allow it (the price the pricing rules give is never "below": a manager set it); the
	document discount within the settings' maximum."""
	if doc.get("is_return") or doc.docstatus == 2:
		return
	validate_line_prices(doc)
	if not keeps_line_prices(doc):
		validate_document_discount_limit(doc)


def reference_price(row) -> float:
	"""The list price a line is compared with: the one the server resolved (a list price typed by a
	user allowed to is shown, not trusted), else the line's own."""
	return flt(row.get("_resolved_list_rate")) or flt(row.price_list_rate)


def floor_price(row, reference: float) -> float:
	"""The lowest price the line may have without a manual discount: what the rules gave when they
	started from that list price, else the list price."""
	rule = row.get("_rule_price")
	if rule and abs(flt(rule[0]) - reference) < 0.005:
		return flt(rule[1])
	return reference


def validate_line_prices(doc) -> None:
	rows = [
		r
		for r in doc.get("items") or []
		if is_item_line(r)
		and r.item_code
		and not r.get("is_free_item")
		and not keeps_source_price(r)  # checked on the document it was made from
		and reference_price(r)  # no list price: the typed rate stands, nothing to compare with
	]
	if not rows:
		return
	max_discounts = dict(
		frappe.get_all(
			"Item",
			filters={"name": ("in", list({r.item_code for r in rows})), "max_discount": (">", 0)},
			fields=["name", "max_discount"],
			as_list=True,
		)
	)
	settings = get_selling_settings()
	action = settings.get("below_list_price_action") or "Allow"
	role = settings.get("role_allowed_to_sell_below_list_price")
	may_sell_below = action == "Allow" or has_settings_role("role_allowed_to_sell_below_list_price")
	below = []
	for row in rows:
		reference = reference_price(row)
		beyond_rules = flt(row.rate) < floor_price(row, reference) - 0.005
		check_item_max_discount(row, reference, flt(max_discounts.get(row.item_code)), beyond_rules)
		if beyond_rules and not may_sell_below:
			below.append(row)
	if below:
		message = _("Selling below the list price: {0}.").format(
			", ".join(
				_("row {0} ({1} at {2} instead of {3})").format(
					r.idx, r.item_code, number(r.rate), number(floor_price(r, reference_price(r)))
				)
				for r in below
			)
		)
		if action == "Stop":
			frappe.throw(
				message + " " + _("Only the role {0} may do so.").format(_(role)) if role else message,
				title=_("Below the List Price"),
			)
		frappe.msgprint(message, title=_("Below the List Price"), indicator="orange", alert=False)


def check_item_max_discount(row, reference: float, maximum: float, beyond_rules: bool) -> None:
	if not maximum or not beyond_rules:
		return
	# compared as the engine rounds it, a discount amount in cents: 15 % of 17.90 is 2.69, leaving
	# 15.21, which reads 15.03 % once divided back
	precision = row.precision("rate")
	allowed = flt(reference * maximum / 100, precision)
	given = flt(reference - flt(row.rate), precision)
	if given > allowed + 0.005:
		frappe.throw(
			_(
				"Row {0}: the discount on {1} is {2} % ({3} instead of the list price {4}), above the item's maximum of {5} %."
			).format(
				row.idx,
				frappe.bold(row.item_code),
				number(100 * given / reference, 2, True),
				number(row.rate),
				number(reference),
				number(maximum, 2, True),
			),
			title=_("Discount Too High"),
		)


def validate_document_discount_limit(doc) -> None:
	"""The document discount (a percentage, or an amount against the total it comes off) no more
	than that total, and within the Selling Settings' maximum unless the pricing rules gave it, the
	documents this one was made from had as much, or the user holds the role the settings name."""
	discount = flt(doc.get("discount_amount"))
	if discount <= 0:
		return
	total_field = discounted_total_field(doc.get("apply_discount_on"))
	total_label = _(doc.meta.get_label(total_field))
	base = flt(doc.get(total_field)) + discount  # the total before the discount
	if discount > base + 0.005 or base <= 0:
		frappe.throw(
			_("The document discount of {0} is more than the {1} of {2} it comes off.").format(
				number(discount), total_label, number(base)
			),
			title=_("Document Discount Too High"),
		)
	if given_by_rules(doc):
		return
	settings = get_selling_settings()
	maximum = flt(settings.get("max_additional_discount_percentage"))
	if not maximum:
		return
	limit = max(maximum, source_discount_percentage(doc.get("_source_headers") or []))
	if discount <= flt(base * limit / 100, doc.precision("discount_amount")) + 0.005:
		return
	if has_settings_role("role_allowed_to_exceed_max_discount"):
		return
	message = _(
		"The document discount of {0} is {1} % of the {2} of {3}, above the maximum of {4} % set in Selling Settings."
	).format(
		number(discount),
		number(discount_percentage_of(doc), 2, True),
		total_label,
		number(base),
		number(limit, 2, True),
	)
	role = settings.get("role_allowed_to_exceed_max_discount")
	if role:
		message += " " + _("Only the role {0} may give more.").format(_(role))
	frappe.throw(message, title=_("Document Discount Too High"))


def given_by_rules(doc) -> bool:
	"""The document discount is the one the pricing rules computed in this validate."""
	fields = doc.get("_rule_discount") or {}
	if flt(fields.get("additional_discount_percentage")):
		return (
			abs(
				flt(doc.get("additional_discount_percentage")) - flt(fields["additional_discount_percentage"])
			)
			< 1e-6
		)
	if flt(fields.get("discount_amount")):
		return (
			not flt(doc.get("additional_discount_percentage"))
			and abs(flt(doc.get("discount_amount")) - flt(fields["discount_amount"])) < 0.005
		)
	return False


# --- "why this price", in words -----------------------------------------------------------------


@frappe.whitelist()
@checked_arguments
def get_price_explanation(doctype: str, name: str, row: str | int | None = None) -> dict:
	"""Why each line (or one line: its name or idx) has its price, one sentence per step, in the
	user's language; and the document discount's rules."""
	doc = frappe.get_doc(check_doctype(doctype), name)
	doc.check_permission("read")
	rows = [
		r
		for r in doc.get("items") or []
		if is_item_line(r) and (row is None or str(row) in (r.name, str(r.idx)))
	]
	if row is not None and not rows:
		frappe.throw(
			_("{0} {1} has no item line {2}.").format(_(doctype), name, row), frappe.DoesNotExistError
		)
	return {
		"rows": [{"idx": r.idx, "item_code": r.item_code, "lines": explain_row(r)} for r in rows],
		"document": explain_steps(load_trail(doc.get("price_trail")).get("steps") or []),
	}


def number(value: float, decimals: int = 2, trim: bool = False) -> str:
	text = f"{flt(value):,.{decimals}f}"
	if trim and "." in text:
		text = text.rstrip("0").rstrip(".")
	if (frappe.local.lang or "en").startswith("fr"):
		text = text.replace(",", "\u202f").replace(".", ",")
	return text


def explain_row(row) -> list[str]:
	trail = load_trail(row.get("price_trail")) or None
	if trail and trail.get("free_item"):
		return [_("Free item given by the rule {0}").format(", ".join(trail.get("rules") or []))]
	if is_mapped(row):
		return [_("Price carried from the document this line was made from: {0}").format(number(row.rate))]
	if not trail:
		return [_("No explanation stored: save the document.")]
	lines = [list_price_line(trail, row)]
	lines += explain_steps(trail.get("steps") or [])
	if trail.get("rules") and trail.get("rate") is not None:
		lines.append(_("Price applied: {0}").format(number(trail["rate"])))
		if abs(flt(row.rate) - flt(trail["rate"])) > 0.005:
			lines.append(_("Changed by hand on the line: {0}").format(number(row.rate)))
	elif not trail.get("rules"):
		lines.append(_("No pricing rule: list price"))
	return lines


def list_price_line(trail: dict, row) -> str:
	source = trail.get("source") or {}
	rate = number(trail.get("list_rate"))
	if not flt(trail.get("list_rate")):
		return _("No list price: the rate is the one entered on the line")
	if source.get("customer"):
		return _("List price: {0} (customer price, list {1})").format(rate, source.get("price_list"))
	if source.get("price_list"):
		return _("List price: {0} (list {1})").format(rate, source["price_list"])
	return _("List price: {0} (entered on the line)").format(rate)


def explain_steps(steps: list[dict]) -> list[str]:
	lines = []
	for s in steps:
		if not isinstance(s, dict):
			continue  # a trail stored from a request, not written by the engine
		before, after = number(s.get("before")), number(s.get("after"))
		kind, title = s.get("kind"), s.get("title") or s.get("rule")
		if kind == "discount_percentage":
			text = _("{0}: discount of {1} % ({2} → {3})").format(
				title, number(s.get("value"), 6, True), before, after
			)
		elif kind == "discount_amount":
			text = _("{0}: discount of {1} ({2} → {3})").format(title, number(s.get("value")), before, after)
		elif kind == "rate":
			text = _("{0}: fixed rate of {1} ({2} → {3})").format(
				title, number(s.get("value")), before, after
			)
		elif kind == "margin_percentage":
			text = _("{0}: margin of {1} % ({2} → {3})").format(
				title, number(s.get("value"), 6, True), before, after
			)
		elif kind == "margin_amount":
			text = _("{0}: margin of {1} ({2} → {3})").format(title, number(s.get("value")), before, after)
		elif kind == "free_item":
			text = _("{0}: {1} × {2} free").format(title, number(s.get("value"), 6, True), s.get("item_code"))
		else:
			continue
		lines.append(text)
	return lines
