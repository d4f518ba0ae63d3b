"""Races between OS processes on the real site: each worker (tests/concurrency_worker.py) connects on
its own, says "ready", and all are released at once by a go file, so that they really meet in the
database. Used by the concurrency tests and the coupon race."""

import json
import os
import subprocess
import sys
from pathlib import Path

import frappe
import pytest

WORKER = Path(__file__).with_name("concurrency_worker.py")
WORKER_TIMEOUT = 60


def run_race(jobs: list[tuple[str, str]], folder: Path) -> list[dict]:
	"""Start one worker per (action, name), let them all connect, then release them at once; their
	outcomes, in the same order."""
	go_file = folder / ("go-" + "-".join(name for _action, name in jobs))
	workers = [
		start_worker(action, name, go_file, folder / f"{action}-{name}-{i}.err")
		for i, (action, name) in enumerate(jobs)
	]
	try:
		for worker in workers:
			wait_ready(worker)
		go_file.touch()
		return [outcome_of(worker) for worker in workers]
	finally:
		for worker in workers:
			if worker.poll() is None:
				worker.kill()
				worker.wait()
		# whatever the workers committed is visible only in a new transaction
		frappe.db.rollback()


def start_worker(action: str, name: str, go_file: Path, err_file: Path) -> subprocess.Popen:
	command = [
		sys.executable,
		str(WORKER),
		"--site",
		frappe.local.site,
		"--action",
		action,
		"--name",
		name,
		"--go-file",
		str(go_file),
	]
	with open(err_file, "w") as stderr:
		worker = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=os.getcwd())
	worker.err_file = err_file
	return worker


def wait_ready(worker: subprocess.Popen) -> None:
	for line in worker.stdout:
		if line.strip() == "ready":
			return
	worker.wait()
	pytest.fail(
		f"a worker exited before it was ready (code {worker.returncode}):\n{worker.err_file.read_text()}"
	)


def outcome_of(worker: subprocess.Popen) -> dict:
	out, _ = worker.communicate(timeout=WORKER_TIMEOUT)
	lines = [line for line in out.splitlines() if line.startswith("{")]
	if worker.returncode or not lines:
		pytest.fail(f"a worker failed (code {worker.returncode}):\n{out}\n{worker.err_file.read_text()}")
	return json.loads(lines[-1])
