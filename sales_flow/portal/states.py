"""Whether a quotation may still be answered online. Only an open quotation, within its validity,
nothing ordered and not yet signed, may be accepted, declined or asked about; the others say why."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from sales_flow.quotation_desk.revisions import revision_history

OPEN = "open"
EXPIRED = "expired"
LOST = "lost"
SUPERSEDED = "superseded"
ORDERED = "ordered"
SIGNED = "signed"

STATE_MESSAGES = {
	EXPIRED: "This quotation expired on {0}: it can no longer be accepted. Contact us for a new offer.",
	LOST: "This quotation was declined: it can no longer be accepted.",
	SUPERSEDED: "This quotation was replaced by a new version, {0}: only the latest version can be accepted.",
	ORDERED: "This quotation has been ordered: thank you.",
	SIGNED: "This quotation was signed online on {0}: thank you, your order is being processed.",
}


def online_state(doc) -> str:
	if doc.status == "Superseded":
		return SUPERSEDED
	if doc.status == "Lost":
		return LOST
	if doc.per_ordered or doc.status in ("Ordered", "Partially Ordered"):
		return ORDERED
	if signed_order_of(doc.name):
		return SIGNED
	if doc.status == "Expired" or (doc.valid_till and getdate(doc.valid_till) < getdate(nowdate())):
		return EXPIRED
	return OPEN


def signed_order_of(quotation: str) -> dict | None:
	"""The order signed online from this quotation (a draft the sales rep has not submitted yet too)."""
	found = frappe.db.sql(
		"""select o.name, o.signed_on from `tabSales Order` o
		where o.docstatus < 2 and ifnull(o.signed_by_name, '') != '' and exists (
			select 1 from `tabSales Order Item` i where i.parent = o.name and i.prevdoc_docname = %s)
		order by o.creation desc limit 1""",
		quotation,
		as_dict=True,
	)
	return found[0] if found else None


def latest_revision(name: str) -> str | None:
	"""The newest submitted revision of the quotation's chain, when it is another one."""
	submitted = [r.name for r in revision_history(name) if r.status not in ("Draft", "Cancelled")]
	return submitted[-1] if submitted and submitted[-1] != name else None


def state_message(doc, state: str) -> str:
	"""What the page says of a quotation that may not be answered any more (escaped by the page)."""
	if state == OPEN:
		return ""
	if state == EXPIRED:
		argument = frappe.format(doc.valid_till, "Date")
	elif state == SUPERSEDED:
		argument = latest_revision(doc.name) or _("in preparation")
	elif state == SIGNED:
		argument = frappe.format(signed_order_of(doc.name).signed_on, "Datetime")
	else:
		argument = ""
	return _(STATE_MESSAGES[state]).format(argument)


def check_answerable(doc) -> None:
	"""Accepting, declining or asking: refused with the page's own sentence when the quotation is not open."""
	state = online_state(doc)
	if state != OPEN:
		frappe.throw(state_message(doc, state), title=_("Quotation Closed"))
