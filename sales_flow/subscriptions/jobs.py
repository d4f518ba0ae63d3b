"""Background runs of the recurring invoicing: the daily schedule and the desk's "Process now"."""

import hashlib
from collections.abc import Callable
from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate

from sales_flow.subscriptions.billing import Summary, due_subscription_names, process_batch
from sales_flow.subscriptions.clock import today as clock_today

# small enough that several workers share a run evenly, large enough that a job's start-up
# (a forked work horse, a connection) stays a small part of it
BATCH_SIZE = 100
RUN_ROLES = ("System Manager", "Sales Manager")


def batches(names: list[str], size: int = BATCH_SIZE) -> list[list[str]]:
	return [names[i : i + size] for i in range(0, len(names), size)]


def batch_job_id(names: list[str], today: date) -> str:
	"""Named after the day and the subscriptions it holds: the same batch enqueued again while it
	waits or runs is not queued twice, and a batch that differs (a subscription added since) is."""
	digest = hashlib.sha1("\n".join(names).encode()).hexdigest()[:16]
	return f"subscriptions-{today.isoformat()}-{digest}"


def enqueue_batches(names: list[str], today: date, size: int = BATCH_SIZE, queue: str = "long") -> list[str]:
	"""One background job per batch (on the long queue), for as many workers as listen to it. Each
	period is still invoiced once whatever runs at the same time: the subscription's row lock and
	the invoices' unique period key (billing.py). Returns the ids of the jobs queued."""
	queued = []
	for names_of_batch in batches(names, size):
		job_id = batch_job_id(names_of_batch, today)
		job = frappe.enqueue(
			"sales_flow.subscriptions.jobs.run_batch",
			queue=queue,
			job_id=job_id,
			deduplicate=True,
			names=names_of_batch,
			today=today.isoformat(),
		)
		if job is not None:
			queued.append(job_id)
	return queued


def enqueue_due_subscriptions() -> None:
	"""Scheduler (daily): the due subscriptions, in batches processed by the workers in parallel."""
	today = clock_today()
	enqueue_batches(due_subscription_names(today), today)


def run_batch(names: list[str], today: str | None = None) -> dict:
	summary = process_batch(names, getdate(today) if today else None)
	if summary.errors:
		frappe.log_error(
			title=_("Subscriptions: {0} errors").format(len(summary.errors)),
			message="\n".join(summary.errors),
		)
	return summary.as_dict()


@frappe.whitelist()
def process_subscriptions_now() -> dict:
	"""The desk's "Process subscriptions now": the whole run as one background job that reports
	its progress to the user who asked."""
	if not set(RUN_ROLES) & set(frappe.get_roles()):
		frappe.throw(
			_("Only a System Manager or a Sales Manager can process the subscriptions."),
			frappe.PermissionError,
		)
	job = frappe.enqueue(
		"sales_flow.subscriptions.jobs.run_all_with_progress",
		queue="long",
		timeout=3600,
		job_id=f"subscriptions-now-{frappe.session.user}",
		deduplicate=True,
	)
	return {"queued": bool(job)}


def run_all_with_progress(today: date | str | None = None, commit_each: bool = True) -> dict:
	today = getdate(today) if today else clock_today()
	names = due_subscription_names(today)
	summary, done = Summary(), 0
	report = progress_reporter(len(names))
	for names_of_batch in batches(names):
		summary.add(
			process_batch(
				names_of_batch, today, commit_each, on_progress=lambda n, before=done: report(before + n)
			)
		)
		done += len(names_of_batch)
	result = summary.as_dict()
	frappe.publish_realtime("sales_flow_subscriptions_done", result, user=frappe.session.user)
	return result


def progress_reporter(total: int) -> Callable[[int], None]:
	"""What publishes the run's progress to the user who asked, once per whole percent: the bar
	moves at each subscription of a small run, without a message per subscription of a large one."""
	title = _("Processing subscriptions")
	last = -1

	def report(done: int) -> None:
		nonlocal last
		percent = done * 100 / max(total, 1)
		if int(percent) == last:
			return
		last = int(percent)
		frappe.publish_progress(
			percent, title=title, description=_("{0} of {1} subscriptions").format(done, total)
		)

	return report
