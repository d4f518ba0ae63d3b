"""Revisions of a quotation, without cancel and amend: the customer gets "SAL-QTN-2026-00012-R1",
then "-R2"..., each linked to the one it revises; submitting a revision supersedes the previous one,
cancelling it gives the previous one back its own status."""

import frappe
from frappe import _
from frappe.utils import nowdate

REVISABLE = ("Open", "Expired")


def base_name(name: str) -> str:
	"""The first quotation of the chain: revisions of revisions keep the same base number."""
	seen = set()
	while name not in seen:
		seen.add(name)
		previous = frappe.db.get_value("Quotation", name, "revised_from")
		if not previous:
			return name
		name = previous
	return name


def next_revision_number(base: str) -> int:
	"""One more than the highest revision ever made on this base (cancelled and drafts included)."""
	prefix = base + "-R"
	highest = frappe.db.sql(
		"select max(revision) from `tabQuotation` where left(name, %(length)s) = %(prefix)s",
		{"length": len(prefix), "prefix": prefix},
	)[0][0]
	return (highest or 0) + 1


def revision_name(doc) -> str:
	return f"{base_name(doc.revised_from)}-R{doc.revision}"


def make_revision(doc):
	"""A new draft quotation revising `doc` (submitted, Open or Expired, nothing ordered)."""
	doc.check_permission("write")
	frappe.has_permission("Quotation", "create", throw=True)
	if doc.docstatus != 1 or doc.status not in REVISABLE:
		frappe.throw(
			_("Quotation {0} is {1}: only a submitted open or expired quotation can be revised.").format(
				doc.name, _(doc.status)
			),
			title=_("Cannot Revise"),
		)
	pending = frappe.db.get_value("Quotation", {"revised_from": doc.name, "docstatus": 0}, "name")
	if pending:
		frappe.throw(
			_("Revision {0} of quotation {1} is already in progress.").format(pending, doc.name),
			title=_("Cannot Revise"),
		)
	revision = frappe.copy_doc(doc, ignore_no_copy=False)
	revision.docstatus = 0
	revision.revised_from = doc.name
	revision.revision = next_revision_number(base_name(doc.name))
	revision.transaction_date = nowdate()
	# a new offer: validity and follow-up counted again from today
	revision.valid_till = None
	revision.next_follow_up_date = None
	revision.insert()
	return revision


def supersede_previous(doc) -> None:
	"""On submit of a revision: the quotation it revises is no longer the offer."""
	if not doc.revised_from:
		return
	previous = frappe.get_doc("Quotation", doc.revised_from)
	if previous.docstatus != 1 or previous.status not in REVISABLE:
		frappe.throw(
			_("Quotation {0} is {1}: it can no longer be revised.").format(previous.name, _(previous.status)),
			title=_("Cannot Revise"),
		)
	previous.db_set({"status": "Superseded", "next_follow_up_date": None}, update_modified=False)
	previous.notify_update()


def restore_previous(doc) -> None:
	"""On cancel of a revision: the quotation it revised is the offer again, with its computed status."""
	if not doc.revised_from:
		return
	previous = frappe.get_doc("Quotation", doc.revised_from)
	if previous.status != "Superseded":
		return
	previous.status = "Open"  # not a chosen status any more: set_status computes it
	previous.set_status(update=True)
	previous.notify_update()


def revision_history(name: str) -> list[dict]:
	"""Every quotation of the chain (the base and its revisions), oldest first."""
	base = base_name(name)
	prefix = base + "-R"
	return frappe.db.sql(
		"""select name, revision, transaction_date, status, grand_total, currency from `tabQuotation`
		where name = %(base)s or left(name, %(length)s) = %(prefix)s
		order by revision, creation""",
		{"base": base, "length": len(prefix), "prefix": prefix},
		as_dict=True,
	)
