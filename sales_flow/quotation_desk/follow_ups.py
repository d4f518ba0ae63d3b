"""Follow-ups ("relances") of quotations: the next date, the log of each one, the owners' daily digest.

A quotation is followed up while the customer may still order it; once it is ordered, lost, expired,
superseded by a revision or cancelled, its next follow-up date is cleared and no follow-up is logged.
"""

import frappe
from frappe import _
from frappe.utils import escape_html, getdate, nowdate

from sales_flow.controllers.status import FOLLOW_UPS_STOPPED
from sales_flow.quotation_desk.dates import default_next_follow_up_date

CHANNELS = ("Phone", "Email", "Meeting", "Letter", "Other")
OUTCOMES = ("", "No Answer", "Call Back", "Interested", "Negotiating", "Declined")


def set_next_follow_up_date(doc) -> None:
	"""Default the next follow-up of a new quotation from the settings' delay (none when no delay is
	set: a date the user clears later stays cleared); refuse a date before the quotation's own."""
	if doc.is_new() and not doc.next_follow_up_date:
		doc.next_follow_up_date = default_next_follow_up_date(doc.transaction_date)
	validate_follow_up_dates(doc)


def validate_update_after_submit(doc) -> None:
	"""The next follow-up date and the log stay editable on a submitted quotation while it is followed up."""
	if doc.next_follow_up_date and doc.status in FOLLOW_UPS_STOPPED:
		refuse_stopped_follow_ups(doc)
	validate_follow_up_dates(doc)


def refuse_stopped_follow_ups(doc) -> None:
	frappe.throw(
		_("Quotation {0} is {1}: it is not followed up any more.").format(doc.name, _(doc.status)),
		title=_("Follow-ups Stopped"),
	)


def validate_follow_up_dates(doc) -> None:
	quotation_date = getdate(doc.transaction_date)
	if doc.next_follow_up_date and getdate(doc.next_follow_up_date) < quotation_date:
		frappe.throw(
			_("The next follow-up date {0} is before the quotation date {1}.").format(
				frappe.format(doc.next_follow_up_date, "Date"), frappe.format(doc.transaction_date, "Date")
			),
			title=_("Invalid Follow-up Date"),
		)
	for row in doc.get("follow_ups") or []:
		check_follow_up_row(quotation_date, row.follow_up_date, row.next_follow_up_date, row.idx)


def check_follow_up_row(quotation_date, follow_up_date, next_date, idx: int | None = None) -> None:
	if not follow_up_date:
		frappe.throw(row_prefix(idx) + _("the follow-up date is missing."))
	if getdate(follow_up_date) < quotation_date:
		frappe.throw(
			row_prefix(idx)
			+ _("the follow-up date {0} is before the quotation date {1}.").format(
				frappe.format(follow_up_date, "Date"), frappe.format(quotation_date, "Date")
			),
			title=_("Invalid Follow-up Date"),
		)
	if next_date and getdate(next_date) < getdate(follow_up_date):
		frappe.throw(
			row_prefix(idx)
			+ _("the next follow-up date {0} is before the follow-up date {1}.").format(
				frappe.format(next_date, "Date"), frappe.format(follow_up_date, "Date")
			),
			title=_("Invalid Follow-up Date"),
		)


def row_prefix(idx: int | None) -> str:
	"""'Follow-up row n: ', worded only for a refusal: a request's first translation loads the
	language's whole dictionary."""
	return _("Follow-up row {0}: ").format(idx) if idx else ""


def record_follow_up(doc, follow_up: dict) -> None:
	"""Log one follow-up on the quotation (also once submitted) and move its next follow-up date.
	`follow_up`: the row's follow_up_date (today when none), channel, note, outcome and
	next_follow_up_date. Everything is checked before anything is written."""
	doc.check_permission("write")
	if doc.docstatus == 2 or doc.status in FOLLOW_UPS_STOPPED:
		refuse_stopped_follow_ups(doc)
	follow_up = {**follow_up, "follow_up_date": follow_up.get("follow_up_date") or nowdate()}
	channel, outcome = follow_up.get("channel"), follow_up.get("outcome")
	if channel not in CHANNELS:
		frappe.throw(_("Unknown follow-up channel: {0}").format(escape_html(str(channel))))
	if (outcome or "") not in OUTCOMES:
		frappe.throw(_("Unknown follow-up outcome: {0}").format(escape_html(str(outcome))))
	next_follow_up_date = follow_up.get("next_follow_up_date")
	check_follow_up_row(getdate(doc.transaction_date), follow_up["follow_up_date"], next_follow_up_date)
	doc.append("follow_ups", {**follow_up, "user": frappe.session.user})
	was_due = doc.next_follow_up_date
	doc.next_follow_up_date = next_follow_up_date or None
	doc.save()
	close_follow_up_todos(doc.name, was_due)


def create_follow_up_todos() -> int:
	"""Daily: one ToDo for its owner per quotation whose follow-up is due (today, or earlier and
	missed). Idempotent: a quotation with an open follow-up ToDo gets no second one."""
	due = frappe.db.sql(
		"""select q.name, q.owner, q.customer_name, q.next_follow_up_date
		from `tabQuotation` q
		where q.docstatus = 1 and q.status in ('Open', 'Partially Ordered')
			and q.next_follow_up_date <= %(today)s
			and (q.status = 'Partially Ordered' or q.valid_till is null or q.valid_till >= %(today)s)
			and not exists (select 1 from `tabToDo` t where t.reference_type = 'Quotation'
				and t.reference_name = q.name and t.allocated_to = q.owner and t.status = 'Open'
				and t.date = q.next_follow_up_date)""",
		{"today": nowdate()},
		as_dict=True,
	)
	for quotation in due:
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": quotation.owner,
				"reference_type": "Quotation",
				"reference_name": quotation.name,
				"date": quotation.next_follow_up_date,
				"priority": "Medium",
				"description": _("Follow up quotation {0} ({1})").format(
					quotation.name, quotation.customer_name or ""
				),
			}
		).insert(ignore_permissions=True)
	return len(due)


def close_follow_up_todos(quotation: str, due_date) -> None:
	"""The follow-up is done: the digest's open ToDo for that due date is closed."""
	if due_date:
		frappe.db.sql(
			"""update `tabToDo` set status = 'Closed'
			where reference_type = 'Quotation' and reference_name = %(name)s and status = 'Open'
				and date = %(date)s""",
			{"name": quotation, "date": due_date},
		)
