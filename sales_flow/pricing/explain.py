""" "Why this price": the trail each line keeps of how its price was found (list price, rules,
manual change), told in words for the form's button and the API."""

import json

import frappe
from frappe import _
from frappe.utils import flt

from sales_flow.pricing.lines import is_mapped
from sales_flow.totals.lines import is_item_line
from sales_flow.utils.arguments import check_doctype, checked_arguments


def load_trail(text: str | None) -> dict:
	"""A stored "why this price" (JSON); what a request sent there may be anything."""
	try:
		trail = json.loads(text) if text else {}
	except (TypeError, ValueError):
		return {}
	return trail if isinstance(trail, dict) else {}


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
	# a trail stored from a request may hold anything: what the engine did not write is passed over
	return [text for text in (explain_step(s) for s in steps if isinstance(s, dict)) if text]


# steps whose value is a percentage or a quantity: up to 6 decimals, no trailing zeros
SHORT_VALUE_KINDS = ("discount_percentage", "margin_percentage", "free_item")


def step_sentences() -> dict[str, str]:
	"""How each kind of step reads, in the user's language: {0} the rule, {1} its value, then the
	price before and after ({2} the free item for a free item)."""
	return {
		"discount_percentage": _("{0}: discount of {1} % ({2} → {3})"),
		"discount_amount": _("{0}: discount of {1} ({2} → {3})"),
		"rate": _("{0}: fixed rate of {1} ({2} → {3})"),
		"margin_percentage": _("{0}: margin of {1} % ({2} → {3})"),
		"margin_amount": _("{0}: margin of {1} ({2} → {3})"),
		"free_item": _("{0}: {1} × {2} free"),
	}


def explain_step(step: dict) -> str | None:
	kind = step.get("kind")
	sentence = step_sentences().get(kind) if isinstance(kind, str) else None
	if not sentence:
		return None
	title = step.get("title") or step.get("rule")
	value = number(step.get("value"), 6, True) if kind in SHORT_VALUE_KINDS else number(step.get("value"))
	if kind == "free_item":
		return sentence.format(title, value, step.get("item_code"))
	return sentence.format(title, value, number(step.get("before")), number(step.get("after")))
