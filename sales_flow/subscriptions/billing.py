"""Recurring invoices: every due period of a subscription gets exactly one Sales Invoice.

"Exactly one" does not rest on this code being run once. Each invoice carries
`subscription_period_key` (subscription / period start), a column the database keeps unique: a
second run, a concurrent worker or a re-run after a crash that tries the same period gets a
duplicate-key error, taken as "already done". Each subscription is processed under a lock on its
row and committed on its own with all its invoices: a worker killed half-way leaves whole
subscriptions only, and the next run makes the missing periods (oldest first, so no gap).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.utils import flt, getdate, now_datetime

from sales_flow.subscriptions.clock import today as clock_today
from sales_flow.subscriptions.periods import Period, Schedule
from sales_flow.subscriptions.proration import overlap_days, prorated_rate, to_cent
from sales_flow.subscriptions.settings import settings
from sales_flow.subscriptions.status import STANDING_SQL, Standing, refresh_status, standing_from

AT_BEGINNING = "Beginning of the current subscription period"
AT_END = "End of the current subscription period"
SUBSCRIPTION_FIELDS = (
	"name",
	"party",
	"company",
	"start_date",
	"end_date",
	"trial_period_end",
	"follow_calendar_months",
	"generate_invoice_at",
	"days_until_due",
	"submit_invoice",
	"sales_tax_template",
	"sales_partner",
	"cancelation_date",
	"status",
)


@dataclass
class Summary:
	created: int = 0
	skipped: int = 0
	errors: list[str] = field(default_factory=list)

	def add(self, other: "Summary") -> None:
		self.created += other.created
		self.skipped += other.skipped
		self.errors += other.errors

	def as_dict(self) -> dict:
		return {"created": self.created, "skipped": self.skipped, "errors": self.errors}


# --- what a subscription bills ------------------------------------------------------------------


def period_key(subscription: str, period_start: date) -> str:
	return f"{subscription}/{period_start.isoformat()}"


def load_plans(names: list[str]) -> dict[str, frappe._dict]:
	"""The plans, with the unit price of one interval (fixed, or from the plan's price list)."""
	if not names:
		return {}
	plans = {
		p.name: p
		for p in frappe.get_all(
			"Subscription Plan",
			filters={"name": ("in", list(names))},
			fields=[
				"name",
				"item",
				"price_determination",
				"cost",
				"price_list",
				"billing_interval",
				"billing_interval_count",
			],
		)
	}
	listed = [p for p in plans.values() if p.price_determination == "Based On Price List"]
	if listed:
		prices = frappe.db.sql(
			"""select item_code, price_list, price_list_rate from `tabItem Price`
			where ifnull(customer, '') = '' and (item_code, price_list) in %(pairs)s
			order by ifnull(valid_from, '2000-01-01')""",
			{"pairs": tuple((p.item, p.price_list) for p in listed)},
			as_dict=True,
		)
		# the latest valid_from wins (rows come oldest first)
		latest = {(p.item_code, p.price_list): flt(p.price_list_rate) for p in prices}
		for plan in listed:
			plan.cost = latest.get((plan.item, plan.price_list), 0.0)
	return plans


def schedule_of(sub, rows: list, plans: dict[str, frappe._dict]) -> Schedule:
	"""The subscription's billing schedule; all its plans share one interval (checked when it is
	saved)."""
	plan = plans[rows[0].plan]
	return Schedule(
		getdate(sub.start_date),
		plan.billing_interval,
		int(plan.billing_interval_count or 1),
		getdate(sub.end_date) if sub.end_date else None,
		getdate(sub.trial_period_end) if sub.trial_period_end else None,
		bool(sub.follow_calendar_months),
	)


def due_periods(sub, rows: list, plans: dict, today: date) -> list[Period]:
	"""Every period whose invoice date has come: its first day (billing at the beginning) or its
	last day (at the end)."""
	if not rows or getdate(sub.start_date) > today:
		return []
	periods = schedule_of(sub, rows, plans).periods_until(today)
	return [p for p in periods if invoice_date(sub, p) <= today]


def invoice_date(sub, period: Period) -> date:
	return period.end if sub.generate_invoice_at == AT_END else period.start


def period_lines(rows: list, plans: dict, period: Period, prorate: bool) -> list[dict]:
	"""One line per plan row active in the period, priced by the days it was active out of the
	full period's days (a plan changed mid-period bills each side its share)."""
	lines = []
	for row in rows:
		from_date = getdate(row.from_date) if row.from_date else None
		to_date = getdate(row.to_date) if row.to_date else None
		days = overlap_days(period.start, period.end, from_date, to_date)
		if days <= 0:
			continue
		plan = plans[row.plan]
		# the rate agreed on the order that started the subscription, else the plan's price
		cost = flt(row.get("rate")) or plan.cost
		rate = prorated_rate(cost, days, period.full_days) if prorate else to_cent(cost)
		lines.append(
			{
				"item_code": plan.item,
				"qty": flt(row.qty),
				"price_list_rate": rate,
				"rate": rate,
			}
		)
	return lines


def new_invoice(sub, lines: list[dict], period: Period | None, posting: date, **values):
	"""A Sales Invoice of the subscription, built through the sales engine like any other."""
	doc = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": sub.party,
			"company": sub.company,
			"posting_date": posting,
			"due_date": posting + timedelta(days=int(sub.days_until_due or 0)),
			"subscription": sub.name,
			"from_date": period.start if period else None,
			"to_date": period.end if period else None,
			"taxes_and_charges": sub.sales_tax_template,
			"items": lines,
			**values,
		}
	)
	if sub.get("sales_partner") and doc.meta.has_field("sales_partner"):
		doc.sales_partner = sub.sales_partner  # the partner's commission on each recurring invoice
	if sub.submit_invoice:
		doc.docstatus = 1  # insert submitted: the engine runs once, not twice
	return doc


def log_size(sub_name: str) -> int:
	return frappe.db.sql("select count(*) from `tabSubscription Invoice` where parent = %s", sub_name)[0][0]


def log_invoice(sub_name: str, invoice, kind: str, idx: int | None = None) -> None:
	"""A row in the subscription's invoice log, written beside the invoice in its transaction; `idx`:
	its place, when the caller counted the rows before (else counted here). Written as Frappe's
	db_insert of the row would (a random name, the user and the time), without building a document:
	the run writes it while the invoice numbers' counter stays locked."""
	now, user = now_datetime(), frappe.session.user
	frappe.db.sql(
		"""insert into `tabSubscription Invoice` (name, owner, creation, modified, modified_by, docstatus,
		idx, parent, parenttype, parentfield, invoice, from_date, to_date, kind)
		values (%s, %s, %s, %s, %s, 0, %s, %s, 'Subscription', 'invoices', %s, %s, %s, %s)""",
		(
			frappe.generate_hash(length=10),
			user,
			now,
			now,
			user,
			idx or log_size(sub_name) + 1,
			sub_name,
			invoice.name,
			invoice.from_date,
			invoice.to_date,
			kind,
		),
	)


# --- the run --------------------------------------------------------------------------------------


def commit() -> None:
	"""One subscription, one transaction: its invoices, their log and its status all or nothing
	(a test's crash worker kills the process right here)."""
	frappe.db.commit()


def lock_subscription(name: str) -> frappe._dict | None:
	"""The subscription's row, locked: a concurrent run of the same subscription waits here."""
	found = frappe.db.sql(
		f"select {', '.join(SUBSCRIPTION_FIELDS)} from `tabSubscription` where name = %s for update",
		name,
		as_dict=True,
	)
	return found[0] if found else None


@dataclass
class Invoiced:
	"""What a run needs to know of a subscription's invoices before making more."""

	keys: set[str]  # the periods already invoiced
	logged: int  # rows in its invoice log
	standing: Standing  # what its status follows


def read_invoiced(name: str) -> Invoiced:
	"""In one round trip. A plain read, made after the subscription's lock in a fresh transaction, so
	it sees what other runs committed; a locking read would also lock the index gaps where other
	subscriptions' invoices go, and two runs would deadlock. Read before the first invoice is
	numbered, kept up to date in memory after: the invoice numbers' counter stays locked from the
	first number to the commit, other workers waiting for it."""
	rows = frappe.db.sql(
		f"""select null, (select count(*) from `tabSubscription Invoice` where parent = %(name)s), standing.*
		from ({STANDING_SQL}) standing
		union all
		select subscription_period_key, null, null, null, null from `tabSales Invoice`
		where subscription = %(name)s and subscription_period_key is not null""",
		{"name": name},
	)
	# the row of the log's size and the standing is the one without a period key
	summary = next(row for row in rows if row[0] is None)
	return Invoiced({row[0] for row in rows if row[0] is not None}, summary[1], standing_from(summary[2:]))


def plan_rows(names: list[str]) -> dict[str, list]:
	rows = frappe.get_all(
		"Subscription Plan Detail",
		filters={"parent": ("in", list(names)), "parenttype": "Subscription"},
		fields=["parent", "plan", "qty", "rate", "from_date", "to_date"],
		order_by="parent, idx",
	)
	by_parent: dict[str, list] = defaultdict(list)
	for row in rows:
		by_parent[row.parent].append(row)
	return by_parent


def bill_subscription(
	name: str,
	rows: list,
	plans: dict,
	today: date,
	options: frappe._dict,
	commit_each: bool = True,
) -> Summary:
	"""Invoice every due period of one subscription not invoiced yet, oldest first."""

	summary = Summary()
	sub = lock_subscription(name)
	if not sub or not rows:
		return summary
	# under the lock, until the commit: what another run committed is seen, what it does now waits
	invoiced = read_invoiced(name)
	logged, standing = invoiced.logged, invoiced.standing
	for period in due_periods(sub, rows, plans, today):
		key = period_key(name, period.start)
		if key in invoiced.keys:
			continue
		lines = period_lines(rows, plans, period, options.prorate)
		if not lines:
			continue
		invoice = new_invoice(sub, lines, period, invoice_date(sub, period), subscription_period_key=key)
		invoice.flags.from_subscription_billing = True
		frappe.db.savepoint("subscription_invoice")
		try:
			invoice.insert(ignore_permissions=True)
		except frappe.UniqueValidationError:
			# another run made this period's invoice meanwhile: the database kept it to one
			frappe.db.rollback(save_point="subscription_invoice")
			frappe.local.message_log = []
			summary.skipped += 1
			continue
		logged += 1
		log_invoice(name, invoice, "Period", logged)
		standing.add(invoice)
		summary.created += 1
	refresh_status(name, today, options, sub, standing)
	if commit_each:
		commit()
	return summary


def bill_with_retry(
	name: str, rows: list, plans: dict, today: date, options, commit_each: bool, fresh: bool = False
) -> Summary:
	"""In its own fresh transaction; a deadlock with another run is retried (all was rolled back).
	`fresh`: the transaction was just committed or rolled back, and its snapshot is yet to be taken
	(after the lock, by the read of the periods invoiced): no rollback needed to start clean."""
	for attempt in range(3):
		if commit_each and (attempt or not fresh):
			frappe.db.rollback()  # a fresh snapshot: what other runs committed is seen
		try:
			return bill_subscription(name, rows, plans, today, options, commit_each)
		except frappe.QueryDeadlockError:
			if not commit_each or attempt == 2:
				raise
	return Summary()


def due_subscription_names(today: date) -> list[str]:
	"""Subscriptions that may have a period to invoice: started, not ended before their last period."""
	return frappe.db.sql(
		"""select name from `tabSubscription`
		where start_date <= %(today)s and status not in ('Cancelled', 'Completed')
		or (status in ('Cancelled', 'Completed') and ifnull(current_invoice_end, '1900-01-01') < ifnull(end_date, '1900-01-01'))
		order by name""",
		{"today": today},
		pluck=True,
	)


def process_batch(
	names: list[str],
	today: date | str | None = None,
	commit_each: bool = True,
	on_progress: Callable[[int], None] | None = None,
) -> Summary:
	"""Bill a batch of subscriptions: plans and plan rows read once for the batch; one failing
	subscription is logged and the others go on."""
	today = getdate(today) if today else clock_today()
	options = settings()
	rows_by_sub = plan_rows(names)
	plans = load_plans(sorted({row.plan for rows in rows_by_sub.values() for row in rows}))
	summary = Summary()
	for done, name in enumerate(names, 1):
		try:
			# after the first, each subscription starts where the previous one committed or rolled back
			rows = rows_by_sub.get(name, [])
			summary.add(bill_with_retry(name, rows, plans, today, options, commit_each, fresh=done > 1))
		except Exception as e:
			if not commit_each:
				raise
			frappe.db.rollback()
			summary.errors.append(f"{name}: {frappe.utils.strip_html(str(e)) or type(e).__name__}")
			frappe.log_error(title=_("Subscription {0} could not be invoiced").format(name))
		if on_progress:
			on_progress(done)
	return summary
