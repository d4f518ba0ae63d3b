"""What the subscriptions benchmark measures besides the wall clock: how long the invoice numbers'
counter stays locked, the CPU spent (ours and the database's) and each RQ worker's share of the run."""

import os
import resource
import time

from frappe.utils.background_jobs import get_job

from sales_flow.regional.france import numbering
from sales_flow.subscriptions import billing


class CounterWindow:
	"""How long the invoice numbers' counter stays locked, from the number taken to the commit: the
	part of an invoice that workers of one sequence cannot do at the same time (their ceiling is one
	invoice per window). Measured in this process by wrapping the two functions."""

	def __init__(self) -> None:
		self.locked, self.taken_at = 0.0, None
		self.real_next, self.real_commit = numbering.next_invoice_number, billing.commit
		numbering.next_invoice_number, billing.commit = self.next_number, self.commit

	def next_number(self, invoice) -> str:
		number = self.real_next(invoice)
		self.taken_at = self.taken_at or time.perf_counter()
		return number

	def commit(self) -> None:
		self.real_commit()
		if self.taken_at:
			self.locked += time.perf_counter() - self.taken_at
			self.taken_at = None

	def close(self) -> None:
		numbering.next_invoice_number, billing.commit = self.real_next, self.real_commit


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
	"""Seconds of CPU a process and its reaped children used (0 when not readable)."""
	try:
		with open(f"/proc/{pid}/stat") as f:
			fields = f.read().rsplit(")", 1)[1].split()
	except OSError:
		return 0.0
	return sum(int(v) for v in fields[11:15]) / CLOCK_TICKS


def database_pid() -> int | None:
	"""MariaDB's server process, when it runs on this machine (its CPU is shared with every site)."""
	for pid in filter(str.isdigit, os.listdir("/proc")):
		try:
			with open(f"/proc/{pid}/comm") as f:
				if f.read().strip() in ("mariadbd", "mysqld"):
					return int(pid)
		except OSError:
			continue
	return None


class CpuMeter:
	"""CPU seconds spent billing, less sensitive to the machine's load than the wall clock: ours (this
	process, or the RQ workers and their work horses) and the database server's (all its clients)."""

	def __init__(self, pids: list[int] | None = None) -> None:
		self.pids, self.db = pids, database_pid()
		self.start = self.read()

	def read(self) -> tuple[float, float]:
		if self.pids is None:
			usage = resource.getrusage(resource.RUSAGE_SELF)
			ours = usage.ru_utime + usage.ru_stime
		else:
			ours = sum(process_cpu(pid) for pid in self.pids)
		return ours, process_cpu(self.db) if self.db else 0.0

	def report(self, invoices: int) -> str:
		ours, db = (b - a for a, b in zip(self.start, self.read(), strict=True))
		per = 1000 / max(invoices, 1)
		return f"CPU per invoice: ours {ours * per:.1f} ms, MariaDB {db * per:.1f} ms (all its clients)"


def print_timeline(job_ids: list[str]) -> None:
	"""Per worker: its jobs, the time they ran, and when its last one ended (from the first enqueue):
	a worker that ends well before the other idled at the end of the run."""
	jobs = [job for j in job_ids if (job := get_job(j)) and job.started_at and job.ended_at]
	if not jobs:
		return
	origin = min(job.enqueued_at for job in jobs)
	by_worker: dict[str, list] = {}
	for job in jobs:
		by_worker.setdefault(job.worker_name, []).append(job)
	for k, (_worker, ran) in enumerate(sorted(by_worker.items())):
		busy = sum((job.ended_at - job.started_at).total_seconds() for job in ran)
		first = min(job.started_at for job in ran) - origin
		last = max(job.ended_at for job in ran) - origin
		print(
			f"  worker {k + 1}: {len(ran)} jobs, {busy:.1f} s running them, "
			f"first started at {first.total_seconds():.1f} s, last ended at {last.total_seconds():.1f} s"
		)
