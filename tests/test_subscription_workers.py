"""The daily run split into batches on the day's list, taken by jobs of real RQ workers at once
(Frappe's, as `bench worker` runs them), and two runs racing past the row lock: each period of each
subscription still gets exactly one invoice, and a run that loses a race to the unique period key
skips it, with no error.
"""

import json
import time
from datetime import date

import frappe
import pytest
from frappe.utils import background_jobs
from frappe.utils.background_jobs import get_job, get_job_status
from rq.job import JobStatus

from sales_flow.subscriptions import jobs
from sales_flow.subscriptions.jobs import batch_job_id, enqueue_batches, take_batch
from tests.rq_workers import queues_with, start_rq_workers
from tests.test_subscription_runs import (
	TODAY,
	assert_each_period_once,
	committed,  # noqa: F401 (a fixture)
	subscriptions,
	two_runs_at_once,
)

pytestmark = pytest.mark.commits

JOB_TIMEOUT = 300


@pytest.fixture
def queue(monkeypatch):
	"""A queue of the test's own: only the workers it starts take its jobs. The day's list and the
	marks of its batches emptied afterwards, with the queue."""
	name = "sales-flow-test-" + frappe.generate_hash(length=8)
	queues = queues_with(name)
	monkeypatch.setattr(background_jobs, "get_queues_timeout", lambda: queues)
	yield name
	background_jobs.get_queue(name).empty()  # jobs no worker took
	today = date.fromisoformat(TODAY)
	while (names := take_batch(today)) is not None:
		background_jobs.get_redis_conn().delete(jobs.batch_mark_key(names, today))
	jobs.forget_day_run(today)


def wait_for_jobs(job_ids: list[str]) -> list:
	"""Until every job has ended."""
	deadline = time.monotonic() + JOB_TIMEOUT
	while any(get_job_status(j) in (JobStatus.QUEUED, JobStatus.STARTED) for j in job_ids):
		assert time.monotonic() < deadline, "the jobs did not end"
		time.sleep(0.1)
	frappe.db.rollback()  # see what the workers committed
	return [get_job(j) for j in job_ids]


def test_the_same_batch_is_queued_once_a_day():
	names = ["SUB-A", "SUB-B"]
	assert batch_job_id(names, date(2024, 5, 1)) == batch_job_id(list(names), date(2024, 5, 1))
	assert batch_job_id(names, date(2024, 5, 1)) != batch_job_id(names, date(2024, 5, 2))
	assert batch_job_id(names, date(2024, 5, 1)) != batch_job_id(names + ["SUB-C"], date(2024, 5, 1))


def test_two_rq_workers_on_overlapping_batches_invoice_each_period_once(committed, queue):  # noqa: F811
	names = subscriptions(committed, 4)
	today = date.fromisoformat(TODAY)
	# no worker listens yet: one job, to take both batches from the day's list
	job_ids = enqueue_batches(names, today, size=2, queue=queue)
	assert len(job_ids) == 1
	# the same batches again while they wait: not queued twice
	assert enqueue_batches(names, today, size=2, queue=queue) == []
	# the same subscriptions in other batches: queued, and racing with the first ones
	job_ids += enqueue_batches(names[::-1], today, size=2, queue=queue)
	job_ids += enqueue_batches(names, today, size=4, queue=queue)
	assert len(job_ids) == 3
	workers = start_rq_workers(2, queue, burst=True)
	for worker in workers:
		_, err = worker.communicate(timeout=JOB_TIMEOUT)
		assert worker.returncode == 0, err[-2000:]
	ended = wait_for_jobs(job_ids)
	assert [job.get_status() for job in ended] == [JobStatus.FINISHED] * 3
	results = [job.return_value() for job in ended]
	assert not any(r["errors"] for r in results), results
	# 4 subscriptions x 4 monthly periods, each made by exactly one of the jobs
	assert sum(r["created"] for r in results) == 16, results
	assert_each_period_once(names)
	# every batch taken, and once billed the same batch may be queued again
	assert take_batch(today) is None
	assert len(enqueue_batches(names, today, size=2, queue=queue)) == 1


def test_a_job_hands_the_rest_of_the_list_to_a_new_job_after_its_time(committed, queue, monkeypatch):  # noqa: F811
	names = subscriptions(committed, 2)
	today = date.fromisoformat(TODAY)
	[first] = enqueue_batches(names, today, size=1, queue=queue)
	monkeypatch.setattr(jobs, "DRAIN_SECONDS", 0)
	result = jobs.run_batches(TODAY, queue)  # in this process: one batch, then out of time
	assert result == {"created": 4, "skipped": 0, "errors": []}
	queued = [job for job in background_jobs.get_queue(queue).jobs if not job.id.endswith(first)]
	assert len(queued) == 1 and queued[0].kwargs["kwargs"] == {"today": TODAY, "queue_name": queue}
	# the other batch still on the list (the fixture takes it, with its mark)
	assert background_jobs.get_redis_conn().lrange(jobs.day_list_key(today), 0, -1) == [
		json.dumps(names[1:]).encode()
	]


def test_a_run_its_stopped_worker_left_half_done_is_taken_up_again(committed, queue, monkeypatch):  # noqa: F811
	names = subscriptions(committed, 3)
	today = date.fromisoformat(TODAY)
	monkeypatch.setattr(frappe.flags, "current_date", TODAY)
	assert jobs.resume_interrupted_run(queue) == []  # nothing left over: nothing queued
	# the day's run as a killed worker leaves it: its job gone, one batch taken (still marked), two on
	# the list
	[killed] = enqueue_batches(names, today, size=1, queue=queue)
	background_jobs.get_queue(queue).empty()
	assert get_job_status(killed) is None
	assert take_batch(today) == names[:1]
	taken_mark = jobs.batch_mark_key(names[:1], today)
	assert background_jobs.get_redis_conn().exists(taken_mark)

	resumed = jobs.resume_interrupted_run(queue)
	assert len(resumed) == 1 and get_job_status(resumed[0]) == JobStatus.QUEUED
	# while that job waits, the next hour's check leaves the run alone
	assert jobs.resume_interrupted_run(queue) == []
	listed = [json.loads(b) for b in background_jobs.get_redis_conn().lrange(jobs.day_list_key(today), 0, -1)]
	listed_names = [name for batch in listed for name in batch]
	assert set(names) <= set(listed_names) and len(listed_names) == len(
		set(listed_names)
	)  # the old list dropped
	background_jobs.get_queue(queue).empty()

	result = jobs.run_batches(TODAY, queue)  # the queued job's work, in this process
	assert not result["errors"], result
	assert_each_period_once(names)
	assert take_batch(today) is None and not jobs.day_run_left_over(today)


def test_the_unique_key_answers_a_race_the_lock_missed(committed, tmp_path):  # noqa: F811
	"""Two runs that neither lock the subscription nor see each other's invoices: both try every
	period, the database keeps one invoice per period, the loser counts it as skipped."""
	names = subscriptions(committed, 3)
	summaries = two_runs_at_once(names, tmp_path, blind=True)
	assert sum(s["created"] for s in summaries) == 12, summaries
	assert sum(s["skipped"] for s in summaries) == 12, summaries
	assert_each_period_once(names)
