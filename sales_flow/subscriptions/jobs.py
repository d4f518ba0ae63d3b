"""Background runs of the recurring invoicing: the daily schedule and the desk's "Process now"."""

import hashlib
import json
import time
from collections.abc import Callable
from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate
from frappe.utils.background_jobs import get_job_status, get_queue, get_redis_conn
from rq import Worker
from rq.job import JobStatus
from rq.registry import StartedJobRegistry

from sales_flow.subscriptions.billing import Summary, due_subscription_names, process_batch
from sales_flow.subscriptions.clock import today as clock_today

# subscriptions a job takes from the day's list at a time: few enough that the workers end within a
# second of each other, enough that taking them (one Redis round trip, plans read once) costs nothing
BATCH_SIZE = 20
# a job stops taking batches after this long and hands the rest to a new job: the queue's timeout
# (25 minutes on the long queue) stops a job that runs longer
DRAIN_SECONDS = 600
# how long the day's list and the marks of the batches it holds live, if nothing takes them
LIST_EXPIRY = 24 * 3600
RUN_ROLES = ("System Manager", "Sales Manager")


def batches(names: list[str], size: int = BATCH_SIZE) -> list[list[str]]:
	return [names[i : i + size] for i in range(0, len(names), size)]


def batch_job_id(names: list[str], today: date) -> str:
	"""Named after the day and the subscriptions it holds: the same batch enqueued again while it
	waits or runs is not queued twice, and a batch that differs (a subscription added since) is."""
	digest = hashlib.sha1("\n".join(names).encode()).hexdigest()[:16]
	return f"{day_prefix(today)}{digest}"


def day_prefix(today: date) -> str:
	"""What the ids of the day's batches and jobs start with."""
	return f"subscriptions-{today.isoformat()}-"


def day_list_key(today: date) -> str:
	return f"{frappe.local.site}:sales_flow:subscriptions:{today.isoformat()}"


def day_jobs_key(today: date) -> str:
	"""The ids of the jobs that took part in the day's run."""
	return f"{day_list_key(today)}:jobs"


def batch_mark_key(names: list[str], today: date) -> str:
	return f"{frappe.local.site}:sales_flow:{batch_job_id(names, today)}"


def batch_marks_pattern(today: date) -> str:
	return f"{frappe.local.site}:sales_flow:{day_prefix(today)}*"


def enqueue_batches(names: list[str], today: date, size: int = BATCH_SIZE, queue: str = "long") -> list[str]:
	"""The subscriptions onto the day's list in batches, then one job per worker listening to the
	queue (no more than batches) that bills batch after batch from the list until it is empty: each
	worker pays a job's start-up once (a forked work horse, its imports, its caches: as long as 60
	invoices), and none idles while another still has a queue of batches. Each period is still
	invoiced once whatever runs at the same time: the subscription's row lock and the invoices'
	unique period key (billing.py). Returns the ids of the jobs queued."""
	pushed = push_batches(batches(names, size), today)
	if not pushed:
		return []
	run = frappe.generate_hash(length=12)  # the batches are marked once queued: the jobs need no mark
	jobs = min(len(pushed), max(1, Worker.count(connection=get_redis_conn(), queue=get_queue(queue))))
	return [start_drain_job(today, queue, f"{day_prefix(today)}{run}-{k}") for k in range(jobs)]


def push_batches(all_batches: list[list[str]], today: date) -> list[list[str]]:
	"""The batches not already waiting or under way, appended to the day's list; returns them."""
	redis, key, pushed = get_redis_conn(), day_list_key(today), []
	for names in all_batches:
		if redis.set(batch_mark_key(names, today), 1, nx=True, ex=LIST_EXPIRY):
			redis.rpush(key, json.dumps(names))
			pushed.append(names)
	if pushed:
		redis.expire(key, LIST_EXPIRY)
	return pushed


def start_drain_job(today: date, queue: str, job_id: str) -> str:
	redis = get_redis_conn()
	redis.sadd(day_jobs_key(today), job_id)
	redis.expire(day_jobs_key(today), LIST_EXPIRY)
	frappe.enqueue(
		"sales_flow.subscriptions.jobs.run_batches",
		queue=queue,
		job_id=job_id,
		today=today.isoformat(),
		queue_name=queue,
	)
	return job_id


def take_batch(today: date) -> list[str] | None:
	"""The next batch of the day's list (taken by one job only), None when it is empty."""
	taken = get_redis_conn().lpop(day_list_key(today))
	return json.loads(taken) if taken else None


def run_batches(today: str, queue_name: str = "long") -> dict:
	"""A worker's share of the day's run: batches taken from the day's list until it is empty. After
	DRAIN_SECONDS the rest goes to a new job on the same queue."""
	day, started, summary = getdate(today), time.monotonic(), Summary()
	while (names := take_batch(day)) is not None:
		summary.add(Summary(**run_batch(names, today)))
		get_redis_conn().delete(batch_mark_key(names, day))  # done: the same batch may be queued again
		if time.monotonic() - started > DRAIN_SECONDS:
			if get_redis_conn().llen(day_list_key(day)):
				start_drain_job(day, queue_name, f"{day_prefix(day)}{frappe.generate_hash(length=12)}")
			break
	return summary.as_dict()


def enqueue_due_subscriptions() -> None:
	"""Scheduler (daily): the due subscriptions, in batches processed by the workers in parallel."""
	today = clock_today()
	enqueue_batches(due_subscription_names(today), today)


def resume_interrupted_run(queue: str = "long") -> list[str]:
	"""Scheduler (each hour): the day's run taken up again when a worker stopped in the middle of it
	(a deploy restarting the workers, a machine restarted). Such a run leaves batches on the day's
	list, or the batch it held marked as under way, and no job of the run waiting or running: nothing
	would take them before the next day. Their subscriptions are still due, so the list and the marks
	are dropped and the day's due subscriptions queued afresh; each period is still invoiced once.
	Returns the ids of the jobs queued."""
	today = clock_today()
	if not day_run_left_over(today) or day_run_under_way(today, queue):
		return []
	forget_day_run(today)
	return enqueue_batches(due_subscription_names(today), today, queue=queue)


def day_run_left_over(today: date) -> bool:
	"""Batches of the day still on its list or marked as under way."""
	redis = get_redis_conn()
	return bool(redis.llen(day_list_key(today))) or any(
		redis.scan_iter(batch_marks_pattern(today), count=1000)
	)


def day_run_under_way(today: date, queue: str) -> bool:
	"""A job of the day's run waits or runs. A job whose worker was killed stays "started" until
	RQ's registry lets it go (its heartbeat or its timeout expired): cleaned up first."""
	StartedJobRegistry(queue=get_queue(queue)).cleanup()
	job_ids = [job_id.decode() for job_id in get_redis_conn().smembers(day_jobs_key(today))]
	return any(get_job_status(job_id) in (JobStatus.QUEUED, JobStatus.STARTED) for job_id in job_ids)


def forget_day_run(today: date) -> None:
	redis = get_redis_conn()
	stale = [
		day_list_key(today),
		day_jobs_key(today),
		*redis.scan_iter(batch_marks_pattern(today), count=1000),
	]
	redis.delete(*stale)


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
