"""Quotation Follow-up Statistics: per sales rep, the follow-ups due, overdue and done in the period,
and what follow-ups bring: the conversion rate of the period's quotations by the number of
follow-ups logged on them (0, 1, 2, 3 or more) and the average days from quotation to order; how
many the customers opened online, and how many of those are still open, not answered: the ones to
call now.

Figures come from SQL aggregates (no document is loaded). A quotation superseded by a revision is
left out of the conversion figures: its revision stands for it."""

import frappe
from frappe import _
from frappe.utils import flt, get_fullname, nowdate

from sales_flow.analytics.reporting import bar_chart, checked_period_filters

BUCKETS = ("0", "1", "2", "3+")


def bucket_label(bucket: str) -> str:
	"""One string per bucket: French puts 0 and 1 in the singular ("1 relance"), English 0 in the
	plural, so no single "{0} follow-ups" reads right in both."""
	return {
		"0": _("No follow-up"),
		"1": _("1 follow-up"),
		"2": _("2 follow-ups"),
		"3+": _("3 follow-ups or more"),
	}[bucket]


ACTIVE = ("Open", "Partially Ordered")


def execute(filters: dict | None = None):
	rows = per_user_rows(checked_period_filters(filters))
	return columns(), rows, None, chart(rows), summary(rows)


def user_condition(filters, column: str) -> str:
	return f" and {column} = %(user)s" if filters.get("user") else ""


def follow_up_activity(filters) -> list[dict]:
	"""Due and overdue (next follow-up date of the active quotations in the period, by owner) and
	done (follow-ups logged in the period, by who logged them)."""
	return frappe.db.sql(
		f"""select user, sum(due) as due, sum(overdue) as overdue, sum(done) as done from (
			select q.owner as user, 1 as due, q.next_follow_up_date < %(today)s as overdue, 0 as done
			from `tabQuotation` q
			where q.docstatus = 1 and q.status in %(active)s and q.company = %(company)s
				and q.next_follow_up_date between %(from_date)s and %(to_date)s
				{user_condition(filters, "q.owner")}
			union all
			select coalesce(f.user, q.owner), 0, 0, 1
			from `tabQuotation Follow Up` f
			join `tabQuotation` q on q.name = f.parent and f.parenttype = 'Quotation'
			where q.docstatus = 1 and q.company = %(company)s
				and f.follow_up_date between %(from_date)s and %(to_date)s
				{user_condition(filters, "coalesce(f.user, q.owner)")}
		) activity group by user""",
		{**filters, "active": ACTIVE, "today": nowdate()},
		as_dict=True,
	)


def conversion_by_bucket(filters) -> list[dict]:
	"""The period's quotations per owner and number of follow-ups: how many, how many ordered (at
	least in part), and the days from quotation to its first order or invoice."""
	return frappe.db.sql(
		f"""select q.owner as user,
				case when coalesce(f.n, 0) >= 3 then '3+' else cast(coalesce(f.n, 0) as char) end as bucket,
				count(*) as quotations,
				sum(q.per_ordered > 0) as ordered,
				sum(case when q.per_ordered > 0 then datediff(o.ordered_on, q.transaction_date) end) as days,
				sum(q.per_ordered > 0 and o.ordered_on is not null) as timed,
				sum(q.view_count > 0) as opened,
				sum(q.view_count > 0 and q.status = 'Open') as opened_not_answered
			from `tabQuotation` q
			left join (
				select parent, count(*) as n from `tabQuotation Follow Up`
				where parenttype = 'Quotation' group by parent
			) f on f.parent = q.name
			left join (
				select quotation, min(ordered_on) as ordered_on from (
					select soi.prevdoc_docname as quotation, so.transaction_date as ordered_on
					from `tabSales Order Item` soi join `tabSales Order` so on so.name = soi.parent
					where so.docstatus = 1 and soi.prevdoc_docname is not null
					union all
					select sii.quotation, si.posting_date
					from `tabSales Invoice Item` sii join `tabSales Invoice` si on si.name = sii.parent
					where si.docstatus = 1 and sii.quotation is not null
				) orders group by quotation
			) o on o.quotation = q.name
			where q.docstatus = 1 and q.status != 'Superseded' and q.company = %(company)s
				and q.transaction_date between %(from_date)s and %(to_date)s
				{user_condition(filters, "q.owner")}
			group by q.owner, bucket""",
		filters,
		as_dict=True,
	)


def per_user_rows(filters) -> list[dict]:
	rows: dict[str, dict] = {}

	def row_of(user: str) -> dict:
		if user not in rows:
			rows[user] = {"user": user, "due": 0, "overdue": 0, "done": 0, "quotations": 0, "ordered": 0}
			rows[user].update({"opened": 0, "opened_not_answered": 0})
			rows[user].update(
				{f"quotations_{b}": 0 for b in range(4)} | {f"ordered_{b}": 0 for b in range(4)}
			)
			rows[user].update({"_days": 0, "_timed": 0})
		return rows[user]

	for a in follow_up_activity(filters):
		row_of(a.user).update(due=int(a.due), overdue=int(a.overdue), done=int(a.done))
	for c in conversion_by_bucket(filters):
		row, b = row_of(c.user), BUCKETS.index(c.bucket)
		row[f"quotations_{b}"] += int(c.quotations)
		row[f"ordered_{b}"] += int(c.ordered)
		row["quotations"] += int(c.quotations)
		row["ordered"] += int(c.ordered)
		row["opened"] += int(c.opened)
		row["opened_not_answered"] += int(c.opened_not_answered)
		row["_days"] += flt(c.days)
		row["_timed"] += int(c.timed)
	for row in rows.values():
		finish(row)
		# the rep as people call them, not their login (the e-mail stays the row's key)
		row["rep"] = get_fullname(row["user"])
	return sorted(rows.values(), key=lambda r: r["rep"])


def finish(row: dict) -> None:
	row["conversion"] = rate(row["ordered"], row["quotations"])
	for b in range(4):
		row[f"conversion_{b}"] = rate(row[f"ordered_{b}"], row[f"quotations_{b}"])
	row["average_days_to_order"] = flt(row["_days"] / row["_timed"], 1) if row["_timed"] else None


def rate(part: int, whole: int) -> float | None:
	return flt(part * 100 / whole, 1) if whole else None


def columns() -> list[dict]:
	cols = [
		{"label": _("Sales Rep"), "fieldname": "rep", "fieldtype": "Data", "width": 200},
		{"label": _("Follow-ups Due"), "fieldname": "due", "fieldtype": "Int", "width": 120},
		{"label": _("Overdue"), "fieldname": "overdue", "fieldtype": "Int", "width": 100},
		{"label": _("Follow-ups Done"), "fieldname": "done", "fieldtype": "Int", "width": 120},
		{"label": _("Quotations"), "fieldname": "quotations", "fieldtype": "Int", "width": 100},
		{"label": _("Ordered"), "fieldname": "ordered", "fieldtype": "Int", "width": 90},
		{"label": _("Conversion (%)"), "fieldname": "conversion", "fieldtype": "Percent", "width": 120},
		{"label": _("Opened Online"), "fieldname": "opened", "fieldtype": "Int", "width": 120},
		{
			"label": _("Opened, Not Answered"),
			"fieldname": "opened_not_answered",
			"fieldtype": "Int",
			"width": 160,
		},
	]
	for b, bucket in enumerate(BUCKETS):
		cols.append(
			{
				"label": _("Quotations ({0})").format(bucket_label(bucket)),
				"fieldname": f"quotations_{b}",
				"fieldtype": "Int",
				"width": 150,
			}
		)
		cols.append(
			{
				"label": _("Conversion ({0}) (%)").format(bucket_label(bucket)),
				"fieldname": f"conversion_{b}",
				"fieldtype": "Percent",
				"width": 170,
			}
		)
	cols.append(
		{
			"label": _("Average Days to Order"),
			"fieldname": "average_days_to_order",
			"fieldtype": "Float",
			"precision": 1,
			"width": 160,
		}
	)
	return cols


def totals(rows: list[dict]) -> dict:
	total = {"due": 0, "overdue": 0, "done": 0, "quotations": 0, "ordered": 0, "_days": 0, "_timed": 0}
	total.update({"opened": 0, "opened_not_answered": 0})
	total.update({f"quotations_{b}": 0 for b in range(4)} | {f"ordered_{b}": 0 for b in range(4)})
	for row in rows:
		for key in total:
			total[key] += row[key]
	finish(total)
	return total


def chart(rows: list[dict]) -> dict:
	total = totals(rows)
	return bar_chart(
		[bucket_label(b) for b in BUCKETS],
		_("Conversion (%)"),
		[total[f"conversion_{b}"] or 0 for b in range(4)],
		colors=["#2490ef"],
	)


def summary(rows: list[dict]) -> list[dict]:
	total = totals(rows)
	return [
		{"label": _("Follow-ups Due"), "value": total["due"], "datatype": "Int"},
		{"label": _("Overdue"), "value": total["overdue"], "datatype": "Int", "indicator": "Red"},
		{"label": _("Follow-ups Done"), "value": total["done"], "datatype": "Int"},
		{"label": _("Conversion (%)"), "value": total["conversion"] or 0, "datatype": "Percent"},
		{"label": _("Opened, Not Answered"), "value": total["opened_not_answered"], "datatype": "Int"},
		{
			"label": _("Average Days to Order"),
			"value": total["average_days_to_order"] or 0,
			"datatype": "Float",
		},
	]
