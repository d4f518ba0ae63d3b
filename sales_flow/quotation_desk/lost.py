"""A quotation the customer turned down: one or more reasons, the competitors who won it."""

import frappe
from frappe import _
from frappe.utils import escape_html

from sales_flow.printing.sanitize import sanitized_text
from sales_flow.utils.arguments import json_argument, name_argument, text_argument

# the statuses a quotation may be lost from (the desk offers "Set as Lost" in these, from the boot)
LOSABLE = ("Open", "Expired")


def names_from(values, field: str) -> list[str]:
	"""["Price", ...] or [{"lost_reason": "Price"}, ...] (ERPNext's form), also as JSON text."""
	if isinstance(values, str) and not values.strip().startswith("["):
		values = [values]
	names: list[str] = []
	for value in json_argument(values, field, list) if values else []:
		name = name_argument(value.get(field) if isinstance(value, dict) else value, field).strip()
		if name not in names:
			names.append(name)
	return names


def check_exist(doctype: str, names: list[str]) -> None:
	found = set(frappe.get_all(doctype, filters={"name": ("in", names)}, pluck="name")) if names else set()
	missing = [n for n in names if n not in found]
	if missing:
		frappe.throw(_("{0} not found: {1}").format(_(doctype), escape_html(", ".join(missing))))


def set_as_lost(doc, lost_reasons, competitors=None, detailed_reason: str | None = None) -> None:
	"""Everything is checked before the quotation is touched."""
	doc.check_permission("write")
	if doc.docstatus != 1:
		frappe.throw(_("Only a submitted quotation can be set as lost."))
	if doc.per_ordered:
		frappe.throw(
			_("Quotation {0} is already ordered, at least in part: it cannot be lost.").format(doc.name)
		)
	if doc.status not in LOSABLE:
		frappe.throw(_("Quotation {0} is {1}: it cannot be set as lost.").format(doc.name, _(doc.status)))
	reasons = names_from(lost_reasons, "lost_reason")
	if not reasons:
		frappe.throw(_("Give at least one reason why the quotation was lost."), title=_("Reason Required"))
	rivals = names_from(competitors, "competitor")
	detailed_reason = text_argument(detailed_reason, "detailed_reason")  # written with db_set: unchecked
	check_exist("Quotation Lost Reason", reasons)
	check_exist("Competitor", rivals)

	doc.set("lost_reasons", [{"lost_reason": r} for r in reasons])
	doc.set("competitors", [{"competitor": c} for c in rivals])
	for table in ("lost_reasons", "competitors"):
		frappe.db.delete(doc.meta.get_field(table).options, {"parent": doc.name, "parentfield": table})
		for row in doc.get(table):
			row.db_insert()
	doc.db_set(
		{"status": "Lost", "order_lost_reason": sanitized_text(detailed_reason), "next_follow_up_date": None}
	)
	doc.notify_update()
