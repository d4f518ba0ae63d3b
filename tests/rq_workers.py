"""Frappe's RQ workers (what `bench worker` runs) on a queue of their own, for the tests and the
benchmarks of background runs: the bench's queues are shared by every site's workers (test servers,
other runs), which would take the jobs, and ours would take theirs."""

import subprocess
import sys

from frappe.utils import background_jobs

# a worker process: Frappe's start_worker, told that the queue exists (Frappe knows only the queues
# of common_site_config.json)
WORKER = """
import sys
from frappe.utils import background_jobs
queues = {**background_jobs.get_queues_timeout(), sys.argv[1]: 1500}
background_jobs.get_queues_timeout = lambda: queues
background_jobs.start_worker(queue=sys.argv[1], quiet=True, burst=sys.argv[2:] == ["burst"])
"""


def queues_with(name: str) -> dict[str, int]:
	"""Frappe's queues and their timeouts, `name` among them (for frappe.enqueue in this process)."""
	return {**background_jobs.get_queues_timeout(), name: 1500}


def start_rq_workers(count: int, queue: str, burst: bool = False, out=subprocess.DEVNULL) -> list:
	"""`count` worker processes on `queue`, from the current sites folder; in burst mode each takes
	jobs until the queue is empty, then exits."""
	command = [sys.executable, "-c", WORKER, queue] + (["burst"] if burst else [])
	return [
		subprocess.Popen(
			command, stdout=out, stderr=subprocess.PIPE if burst else out, start_new_session=True
		)
		for _ in range(count)
	]
