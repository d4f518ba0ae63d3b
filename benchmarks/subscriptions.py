"""Recurring invoicing of 5,000 subscriptions, timed: invoices per second.

    benchmarks/run.sh subscriptions [--subscriptions 5000] [--periods 1] [--draft] [--profile] [--workers 0,1,2]

Creates a company, a customer, an item with a VAT class, a tax template and a monthly plan, then
the subscriptions (bulk-inserted: the set-up is not what is measured), all committed under names
unique to the run. For each value of `--workers`, a fresh set of subscriptions billed: 0 times
`process_batch` over the batches in this process (one transaction per subscription, invoices
submitted); N > 0 starts N RQ workers (`bench worker --queue long`), enqueues the batches as the
daily schedule does and times until every subscription is invoiced. Prints invoices per second for
each, and in this process how long the counter of the invoice numbers stays locked per invoice.
Everything is deleted at the end.
"""

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from datetime import date

import frappe
from frappe.utils import add_months, background_jobs, getdate, now_datetime
from frappe.utils.background_jobs import get_job, get_job_status, get_queue
from rq import Worker
from rq.job import JobStatus

# the checkout's tests package before any other of that name (the bench's site-packages has one)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from billing_meters import CounterWindow, CpuMeter, print_timeline
from summary import Figure, add_summary_argument, record

from sales_flow.analytics.summary.update import subtract_documents
from sales_flow.subscriptions.billing import process_batch
from sales_flow.subscriptions.jobs import BATCH_SIZE, batches, enqueue_batches
from tests.rq_workers import queues_with, start_rq_workers
from tests.support import insert_recorded, make_priced_item, make_throwaway_sales_masters

START = date(2024, 1, 31)


def parse_args() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--subscriptions", type=int, default=5000)
	parser.add_argument("--periods", type=int, default=1, help="periods due per subscription (catch-up)")
	parser.add_argument("--draft", action="store_true", help="leave the invoices as drafts")
	parser.add_argument(
		"--profile",
		action="store_true",
		help="cProfile the second batch (in this process; the first warms the caches)",
	)
	parser.add_argument(
		"--companies",
		type=int,
		default=1,
		help="companies the subscriptions are shared among (each has its own invoice number sequence)",
	)
	parser.add_argument(
		"--workers",
		default="0",
		help="comma-separated numbers of RQ workers, one run each; 0 bills in this process",
	)
	parser.add_argument(
		"--batch-size", type=int, default=BATCH_SIZE, help="subscriptions a worker takes at a time"
	)
	parser.add_argument(
		"--job-per-batch",
		action="store_true",
		help="one RQ job per batch (run_batch), each paying a work horse's start-up, to compare",
	)
	add_summary_argument(parser)
	return parser.parse_args()


def make_masters(run: str, created: list[tuple[str, str]]) -> frappe._dict:
	m = make_throwaway_sales_masters("Bench Sub", run, "BA", created)
	company, customer, price_list, vat, taxes = m.company, m.customer, m.price_list, m.vat, m.taxes
	item = make_priced_item(created, f"BENCH-SUB-{run}", "Bench abonnement", vat, price_list, 29.99)
	plan = insert_recorded(
		created,
		{
			"doctype": "Subscription Plan",
			"plan_name": f"Bench Sub Plan {run}",
			"item": item,
			"cost": 29.99,
			"billing_interval": "Month",
			"billing_interval_count": 1,
		},
	)
	return frappe._dict(company=company, customer=customer, taxes=taxes, plan=plan)


def bulk_subscriptions(run: str, sellers: list[frappe._dict], count: int, draft: bool) -> list[str]:
	"""`count` subscriptions shared in turn among the sellers (company, customer, taxes, plan)."""
	now, names = now_datetime(), [f"BENCH-SUB-{run}-{i:05d}" for i in range(count)]
	of = {name: sellers[i % len(sellers)] for i, name in enumerate(names)}
	common = {
		"owner": "Administrator",
		"modified_by": "Administrator",
		"creation": now,
		"modified": now,
		"docstatus": 0,
	}
	frappe.db.bulk_insert(
		"Subscription",
		[
			*common,
			"name",
			"party_type",
			"party",
			"company",
			"start_date",
			"generate_invoice_at",
			"days_until_due",
			"submit_invoice",
			"sales_tax_template",
			"status",
		],
		[
			[
				*common.values(),
				name,
				"Customer",
				of[name].customer,
				of[name].company,
				START,
				"Beginning of the current subscription period",
				30,
				0 if draft else 1,
				of[name].taxes,
				"Active",
			]
			for name in names
		],
	)
	frappe.db.bulk_insert(
		"Subscription Plan Detail",
		[*common, "name", "parent", "parenttype", "parentfield", "idx", "plan", "qty"],
		[
			[*common.values(), f"{name}-P", name, "Subscription", "plans", 1, of[name].plan, 1]
			for name in names
		],
	)
	frappe.db.commit()
	return names


def clean_up(names: list[str], created: list[tuple[str, str]]) -> None:
	frappe.db.rollback()
	for chunk in batches(names, 1000):
		invoices = frappe.get_all("Sales Invoice", {"subscription": ("in", chunk)}, pluck="name")
		# deleted in bulk below: their figures first taken out of the sales summaries
		subtract_documents(
			"Sales Invoice",
			frappe.get_all("Sales Invoice", {"subscription": ("in", chunk), "docstatus": 1}, pluck="name"),
		)
		for table, field in (
			("Sales Invoice Item", "parent"),
			("Sales Taxes and Charges", "parent"),
			("Payment Schedule", "parent"),
			("Sales Invoice", "name"),
		):
			if invoices:
				frappe.db.sql(f"delete from `tab{table}` where {field} in %s", [invoices])
		frappe.db.sql("delete from `tabSubscription Invoice` where parent in %s", [chunk])
		frappe.db.sql("delete from `tabSubscription Plan Detail` where parent in %s", [chunk])
		frappe.db.sql("delete from `tabSubscription` where name in %s", [chunk])
		frappe.db.commit()
	for doctype, name in reversed(created):
		frappe.delete_doc(doctype, name, force=True, ignore_missing=True, delete_permanently=True)
	frappe.db.commit()


def bill_in_process(names: list[str], today, profile: bool) -> tuple[int, float]:
	"""As the scheduled job does, batch after batch, in this process: (invoices, seconds)."""
	created_total, started = 0, time.perf_counter()
	window, cpu = CounterWindow(), CpuMeter()
	try:
		created_total = bill_batches(names, today, profile)
	finally:
		window.close()
	elapsed = time.perf_counter() - started
	print(f"  {cpu.report(created_total)}")
	if created_total:
		print(
			f"  counter of the invoice numbers locked {window.locked / created_total * 1000:.1f} ms of "
			f"{elapsed / created_total * 1000:.1f} ms per invoice ({window.locked / elapsed:.0%}): "
			f"one sequence's ceiling {created_total / window.locked:.1f} invoices/s at this load"
		)
	return created_total, elapsed


def bill_batches(names: list[str], today, profile: bool) -> int:
	created_total, started = 0, time.perf_counter()
	for i, batch in enumerate(batches(names)):
		profiler = cProfile.Profile() if profile and i == 1 else None
		if profiler:
			profiler.enable()
		summary = process_batch(batch, today)
		if profiler:
			profiler.disable()
			pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
			pstats.Stats(profiler).sort_stats("cumulative").print_stats("subscriptions/", 25)
			pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
		if summary.errors:
			print("errors:", summary.errors[:3], file=sys.stderr)
		created_total += summary.created
		print(f"  {created_total} invoices, {created_total / (time.perf_counter() - started):.1f} invoices/s")
	return created_total


def private_queue(run: str) -> str:
	"""A queue of the run's own, which frappe.enqueue accepts in this process: the bench's long queue
	is shared by every site's workers (test servers, colleagues' runs), which took batches and were
	timed with ours."""
	name = f"sales-flow-bench-{run.lower()}"
	queues = queues_with(name)
	background_jobs.get_queues_timeout = lambda: queues
	return name


def wait_until_listening(workers: list[subprocess.Popen], queue: str) -> set[str]:
	"""Until our workers are registered with RQ; returns their RQ names."""
	pids = {w.pid for w in workers}
	deadline = time.time() + 120
	while time.time() < deadline:
		listening = Worker.all(queue=get_queue(queue))
		if pids <= {w.pid for w in listening}:
			if len(listening) > len(pids):
				print(f"  note: {len(listening) - len(pids)} other worker(s) listen to {queue}")
			return {w.name for w in listening if w.pid in pids}
		if any(w.poll() is not None for w in workers):
			sys.exit("a worker exited at start-up")
		time.sleep(0.2)
	sys.exit("the workers did not register with RQ within 120 s")


def invoiced_count(names: list[str]) -> int:
	frappe.db.rollback()  # a fresh snapshot: what the workers committed
	return frappe.db.sql("select count(*) from `tabSales Invoice` where subscription in %s", [names])[0][0]


def wait_until_billed(names: list[str], expected: int, job_ids: list[str]) -> int:
	"""Until every invoice is there, or every job has ended (a failed job leaves some missing)."""
	while True:
		count = invoiced_count(names)
		if count >= expected:
			return count
		if all(get_job_status(j) in (JobStatus.FINISHED, JobStatus.FAILED, None) for j in job_ids):
			return invoiced_count(names)
		time.sleep(0.2)


def enqueue_job_per_batch(names: list[str], today, size: int, queue: str) -> list[str]:
	"""The batches as separate jobs, each billing its batch only (jobs.run_batch)."""
	run, job_ids = frappe.generate_hash(length=8), []
	for k, batch in enumerate(batches(names, size)):
		job_ids.append(f"bench-subscriptions-{run}-{k}")
		frappe.enqueue(
			"sales_flow.subscriptions.jobs.run_batch",
			queue=queue,
			job_id=job_ids[-1],
			names=batch,
			today=today.isoformat(),
		)
	return job_ids


def bill_with_workers(
	names: list[str], today, count: int, expected: int, size: int, job_per_batch: bool
) -> tuple[int, float]:
	"""(invoices, seconds from the enqueue to the last invoice), the workers started beforehand."""
	log = os.path.join(tempfile.gettempdir(), f"sales-flow-bench-subscription-workers-{os.getpid()}.log")
	queue = private_queue(frappe.generate_hash(length=8))
	with open(log, "a") as out:
		workers = start_rq_workers(count, queue, out=out)
	try:
		ours = wait_until_listening(workers, queue)
		cpu = CpuMeter([w.pid for w in workers])
		started = time.perf_counter()
		enqueue = enqueue_job_per_batch if job_per_batch else enqueue_batches
		job_ids = enqueue(names, today, size, queue=queue)
		frappe.db.commit()
		created = wait_until_billed(names, expected, job_ids)
		elapsed = time.perf_counter() - started
		time.sleep(1)  # the last work horses reaped by their workers: their CPU counted
		print(f"  {cpu.report(created)}")
		taken = [j for j in job_ids if (job := get_job(j)) and job.worker_name not in ours]
		print(f"  {len(job_ids)} jobs ({len(taken)} run by other workers), {created} invoices (log: {log})")
		print_timeline(job_ids)
		return created, elapsed
	finally:
		for worker in workers:
			worker.terminate()  # RQ's warm shutdown: the job under way finishes first
		for worker in workers:
			worker.wait(timeout=600)


def measure(args, run: str, sellers: list[frappe._dict], workers: int, names: list[str]) -> Figure:
	# a set of its own per measure (--workers 1,2,1,2 measures each twice)
	batch = bulk_subscriptions(f"{run}-W{workers}-{len(names)}", sellers, args.subscriptions, args.draft)
	names += batch
	today = getdate(add_months(START, args.periods - 1))
	expected = len(batch) * args.periods
	if workers:
		created, elapsed = bill_with_workers(
			batch, today, workers, expected, args.batch_size, args.job_per_batch
		)
	else:
		created, elapsed = bill_in_process(batch, today, args.profile)
	how = f"{workers} RQ worker{'s' if workers > 1 else ''}" if workers else "in one process"
	if args.companies > 1:
		how += f", {args.companies} companies"
	print(
		f"{how}: {created} invoices ({expected} expected) for {len(batch)} subscriptions in {elapsed:.1f} s: "
		f"{created / elapsed:.1f} invoices per second ({'drafts' if args.draft else 'submitted'})",
		flush=True,
	)
	return Figure(
		"subscriptions",
		f"recurring invoicing, {len(batch):,} subscriptions ({created:,} invoices), {how}",
		created / elapsed,
		"invoices/s",
		">= 60 on 2 cores" if workers else "",
	)


def main() -> None:
	args = parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	run = frappe.generate_hash(length=6).upper()
	created: list[tuple[str, str]] = []
	names: list[str] = []
	try:
		sellers = [make_masters(f"{run}{k}", created) for k in range(args.companies)]
		frappe.db.commit()
		figures = [measure(args, run, sellers, int(n), names) for n in args.workers.split(",")]
		record(args.summary, figures)
	finally:
		clean_up(names, created)


if __name__ == "__main__":
	main()
