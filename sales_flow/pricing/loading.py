"""The pricing rules that may apply to a document, read in a few batched queries (rules,
their items and groups, the tree ancestors of the document's groups and territory)."""

import frappe

from sales_flow.pricing import rules as pricing_rules

# written out: asked at every validate, the query builder took about as long as the query
RULES_QUERY = """select {fields} from `tabPricing Rule`
	where `disable` = 0 and `selling` = 1 and coalesce(`company`, '') in ('', %(company)s)
	and coalesce(`valid_from`, '2000-01-01') <= %(date)s and coalesce(`valid_upto`, '2999-12-31') >= %(date)s
	and (`coupon_code_based` = 0 or `name` in %(coupon_rules)s)""".format(
	fields=", ".join(f"`{f}`" for f in pricing_rules.RULE_FIELDS)
)


def has_pricing_rules(doc) -> bool:
	return doc.meta.has_field("coupon_code") and not doc.get("is_return")


def load_rules(company: str | None, date, coupon_rules: set[str], item_codes: set[str]) -> list[dict]:
	"""Every enabled selling rule valid on `date` for the company (coupon rules only with their
	coupon), with its items and item groups: three queries whatever the number of rules and lines."""
	rules = frappe.db.sql(
		RULES_QUERY,
		# no coupon: a name no rule has (a rule's name is never empty)
		{"company": company or "", "date": date, "coupon_rules": list(coupon_rules) or [""]},
		as_dict=True,
	)
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
