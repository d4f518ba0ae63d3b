"""Recurring lines sold on a quotation (or an order): a line carrying a Subscription Plan is priced
for one billing interval of the plan. The document's totals stay those of the engine (one interval
of each recurring line included, as on the order); beside them, the one-time part and the recurring
part per interval, each with its VAT, for the screen, the print and the e-mail.

A recurring line's plan must bill the line's item: checked at each save of the quotation, and again
when the order starts the subscription (orders.py)."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import cint, flt

from sales_flow.totals.calculation import round_half_up
from sales_flow.totals.lines import counts_in_totals
from sales_flow.totals.vat import line_vat_rate
from sales_flow.utils.arguments import checked_arguments, name_argument, refuse

# the documents whose lines may recur
RECURRING_DOCTYPES = ("Quotation", "Sales Order")
# the interval's unit, singular and plural, as it follows a price ("49,00 € / mois")
UNITS = {
	"Day": ("day", "days"),
	"Week": ("week", "weeks"),
	"Month": ("month", "months"),
	"Year": ("year", "years"),
}


def recurring_rows(doc) -> list:
	return [row for row in doc.get("items") or [] if row.get("subscription_plan")]


def plan_intervals(names: list[str]) -> dict[str, frappe._dict]:
	"""{plan: its item, billing interval and count}, in one query."""
	if not names:
		return {}
	return {
		plan.name: plan
		for plan in frappe.get_all(
			"Subscription Plan",
			filters={"name": ("in", names)},
			fields=["name", "item", "billing_interval", "billing_interval_count"],
		)
	}


def check_plan_items(rows: list, plans: dict[str, frappe._dict]) -> None:
	for row in rows:
		plan = plans.get(row.subscription_plan)
		if not plan:
			frappe.throw(
				_("Row {0}: Subscription Plan {1} not found.").format(row.idx, row.subscription_plan)
			)
		if plan.item != row.item_code:
			frappe.throw(
				_("Row {0}: plan {1} bills item {2}, not {3}.").format(
					row.idx, plan.name, plan.item, row.item_code
				)
			)


def check_recurring_lines(doc, method: str | None = None) -> None:
	"""Quotation validate (hooks.py): each recurring line's plan bills its item."""
	rows = recurring_rows(doc)
	if rows:
		check_plan_items(rows, plan_intervals(sorted({row.subscription_plan for row in rows})))


def refuse_invoicing_recurring_lines(quotation, target_doctype: str) -> None:
	"""A recurring line is billed by the subscription its order starts, period after period; an
	invoice made from the quotation would bill it once, and start nothing."""
	if target_doctype != "Sales Order" and recurring_rows(quotation):
		frappe.throw(
			_(
				"Quotation {0} has recurring lines: make a Sales Order, which starts their subscription."
			).format(quotation.name),
			title=_("Recurring Lines"),
		)


def interval_label(interval: str, count: int) -> str:
	"""What follows a recurring price: "/ mois", "/ 3 mois", "/ an"."""
	singular, plural = UNITS.get(interval, ("month", "months"))
	count = max(cint(count), 1)
	return "/ " + (_(singular) if count == 1 else f"{count} {_(plural)}")


def recurring_line_labels(doc) -> dict[int, str]:
	"""{row idx: "/ mois"} of the recurring lines (print template, through hooks.jinja)."""
	rows = recurring_rows(doc)
	plans = plan_intervals(sorted({row.subscription_plan for row in rows}))
	return {
		row.idx: interval_label(
			plans[row.subscription_plan].billing_interval, plans[row.subscription_plan].billing_interval_count
		)
		for row in rows
		if row.subscription_plan in plans
	}


def recurring_summary(doc) -> dict | None:
	"""The one-time part and the recurring part per interval of the document's totals: net, VAT and
	total of each; None when no line recurs. The recurring VAT is each interval's lines at their
	rates, the one-time VAT what is left of the document's, so both add up to it to the cent."""
	rows = [row for row in recurring_rows(doc) if counts_in_totals(row)]
	if not rows:
		return None
	plans = plan_intervals(sorted({row.subscription_plan for row in rows}))
	by_interval: dict[tuple, dict] = defaultdict(lambda: {"net_total": 0.0, "taxes": 0.0})
	for row in rows:
		plan = plans.get(row.subscription_plan)
		if not plan:
			continue
		entry = by_interval[plan.billing_interval, max(cint(plan.billing_interval_count), 1)]
		entry["net_total"] += flt(row.net_amount)
		entry["taxes"] += flt(row.net_amount) * line_vat_rate(doc, row) / 100
	recurring = []
	for (interval, count), entry in by_interval.items():
		net, taxes = round_half_up(entry["net_total"]), round_half_up(entry["taxes"])
		recurring.append(
			{
				"label": interval_label(interval, count),
				"net_total": net,
				"taxes": taxes,
				"grand_total": round_half_up(net + taxes),
			}
		)
	one_time_net = round_half_up(flt(doc.net_total) - sum(r["net_total"] for r in recurring))
	one_time_taxes = round_half_up(flt(doc.total_taxes_and_charges) - sum(r["taxes"] for r in recurring))
	return {
		"one_time": {
			"net_total": one_time_net,
			"taxes": one_time_taxes,
			"grand_total": round_half_up(one_time_net + one_time_taxes),
		},
		"recurring": recurring,
	}


@frappe.whitelist()
@checked_arguments
def get_recurring_summary(doctype: str, name: str) -> dict | None:
	"""recurring_summary of a saved quotation or order, for its form."""
	if doctype not in RECURRING_DOCTYPES:
		refuse(_("Recurring totals are shown on a Quotation or a Sales Order, not on {0}.").format(doctype))
	doc = frappe.get_doc(doctype, name_argument(name, "name", doctype))
	doc.check_permission("read")
	return recurring_summary(doc)
