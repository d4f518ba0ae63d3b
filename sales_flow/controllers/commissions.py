"""Commissions of sales partners and sales persons on orders and invoices.

The basis is `amount_eligible_for_commission`: the net amounts, in the company currency, of the
lines whose item grants commission (Item.grant_commission, copied to the lines). The partner earns
`commission_rate` % of it; each sales person of the sales team gets its share of it
(`allocated_percentage`, the shares totalling 100 %) and earns its own rate on that share.
"""

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.controllers.bundles import item_lines
from sales_flow.party import customer_of
from sales_flow.utils.known_items import covering


def validate_commission_rate(rate: float | None, team_row: int | None = None) -> None:
	if 0 <= flt(rate) <= 100:
		return
	if team_row:
		frappe.throw(
			_("Sales team row {0}: the commission rate must be between 0 and 100 %.").format(team_row)
		)
	frappe.throw(_("The commission rate must be between 0 and 100 %."))


def set_partner_defaults(doc) -> None:
	"""A new order or invoice takes the customer's sales partner and rate, unless it has one."""
	if not doc.meta.has_field("sales_partner") or not doc.is_new() or doc.sales_partner:
		return
	customer = customer_of(doc)
	if not customer:
		return
	partner, rate = frappe.get_cached_value(
		"Customer", customer, ["default_sales_partner", "default_commission_rate"]
	) or (None, None)
	if partner:
		doc.sales_partner = partner
		doc.commission_rate = flt(rate) or frappe.get_cached_value(
			"Sales Partner", partner, "commission_rate"
		)


def carry_sales_partner(source, target) -> None:
	"""A quotation's referral sales partner (ERPNext's name) becomes the order's or invoice's partner;
	between orders, deliveries and invoices the same-named fields are mapped by Frappe."""
	partner = source.get("referral_sales_partner")
	if partner and target.meta.has_field("sales_partner") and not target.get("sales_partner"):
		target.sales_partner = partner


def set_commissions(doc) -> None:
	"""Eligible amount, the partner's commission and the sales team's shares, to the cent.
	Runs after the totals: it needs the lines' net amounts."""
	if not doc.meta.has_field("amount_eligible_for_commission"):
		return
	precision = doc.precision("total_commission") or 2
	lines = item_lines(doc)
	grants = granting_items({row.item_code for row in lines}, doc.get("_line_items"))
	for row in lines:
		row.grant_commission = int(row.item_code in grants)
	doc.amount_eligible_for_commission = flt(
		sum(flt(row.base_net_amount) for row in lines if row.grant_commission), precision
	)
	if doc.sales_partner and not flt(doc.commission_rate):
		doc.commission_rate = frappe.get_cached_value("Sales Partner", doc.sales_partner, "commission_rate")
	validate_commission_rate(doc.commission_rate)
	doc.total_commission = (
		flt(doc.amount_eligible_for_commission * flt(doc.commission_rate) / 100, precision)
		if doc.sales_partner
		else 0.0
	)
	set_sales_team_shares(doc, precision)


def granting_items(codes: set[str], known: dict | None = None) -> set[str]:
	"""The items among `codes` that grant a commission; `known`: {code: item} already read in this
	validate (controllers/item_details.py), used when it holds them all."""
	if not codes:
		return set()
	items = covering(known, codes, "grant_commission")
	if items is not None:
		return {code for code in codes if items[code].grant_commission}
	return set(
		frappe.get_all("Item", filters={"name": ("in", list(codes)), "grant_commission": 1}, pluck="name")
	)


def set_sales_team_shares(doc, precision: int) -> None:
	team = doc.get("sales_team") or []
	if not team:
		return
	persons = [row.sales_person for row in team]
	for row in team:
		if persons.count(row.sales_person) > 1:
			frappe.throw(
				_("Sales Person {0} is twice in the sales team.").format(frappe.bold(row.sales_person))
			)
		if flt(row.allocated_percentage) <= 0:
			frappe.throw(_("Sales team row {0}: the contribution must be greater than 0 %.").format(row.idx))
		validate_commission_rate(row.commission_rate, row.idx)
	disabled = frappe.get_all("Sales Person", filters={"name": ("in", persons), "enabled": 0}, pluck="name")
	if disabled:
		frappe.throw(_("Sales Person {0} is disabled.").format(frappe.bold(disabled[0])))
	total = flt(sum(flt(row.allocated_percentage) for row in team), 6)
	if total != 100:
		frappe.throw(
			_("The contributions of the sales team add up to {0} %: they must total 100 %.").format(
				f"{flt(total, 2):g}"
			),
			title=_("Sales Team Allocation"),
		)
	for row in team:
		row.allocated_amount = flt(
			doc.amount_eligible_for_commission * flt(row.allocated_percentage) / 100, precision
		)
		row.incentives = flt(row.allocated_amount * flt(row.commission_rate) / 100, precision)
