"""The recurring invoicing run by real OS processes on committed subscriptions: run twice, killed
half-way (SIGKILL between a subscription's invoices and their commit) then re-run, two runs at the same moment.
Whatever happens, each period of each subscription ends up with exactly one invoice, none missing.
"""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import frappe
import pytest
from frappe.utils import getdate

from sales_flow.analytics.summary.update import subtract_documents
from sales_flow.subscriptions.periods import Schedule
from tests.sales_setup import sales_setup

pytestmark = pytest.mark.commits

WORKER = Path(__file__).with_name("subscription_worker.py")
TODAY = "2024-05-01"
START = "2024-01-31"
# 31 Jan, 29 Feb, 31 Mar, 30 Apr: four periods due on TODAY for each subscription
EXPECTED_STARTS = [p.start for p in Schedule(date(2024, 1, 31), "Month", 1).periods_until(date(2024, 5, 1))]
TIMEOUT = 120


@pytest.fixture
def committed():
	"""A tagged sales set-up and a plan, committed; everything made on them is deleted afterwards."""
	tag = "SUBRUN" + frappe.generate_hash(length=5).upper()
	setup = sales_setup(tag=tag)
	plan = frappe.get_doc(
		{
			"doctype": "Subscription Plan",
			"plan_name": f"Test Sub Run {tag}",
			"item": setup.a,
			"cost": 100.0,
			"billing_interval": "Month",
			"billing_interval_count": 1,
		}
	).insert()
	setup.plan = plan.name
	setup.subscriptions = []
	frappe.db.commit()
	try:
		yield setup
	finally:
		clean_up(setup)


def clean_up(setup) -> None:
	frappe.db.rollback()
	names = setup.subscriptions
	if names:
		# deleted in bulk below: their figures first taken out of the sales summaries
		subtract_documents("Sales Invoice", submitted_invoices_of(names))
		frappe.db.sql(
			"delete from `tabSales Invoice Item` where parent in (select name from `tabSales Invoice` where subscription in %s)",
			[names],
		)
		frappe.db.sql(
			"delete from `tabSales Taxes and Charges` where parenttype = 'Sales Invoice' and parent in (select name from `tabSales Invoice` where subscription in %s)",
			[names],
		)
		frappe.db.sql("delete from `tabSales Invoice` where subscription in %s", [names])
		frappe.db.sql("delete from `tabSubscription Invoice` where parent in %s", [names])
		frappe.db.sql("delete from `tabSubscription Plan Detail` where parent in %s", [names])
		frappe.db.sql("delete from `tabSubscription` where name in %s", [names])
	frappe.delete_doc("Subscription Plan", setup.plan, force=True, ignore_missing=True)
	for doctype, name in reversed(setup.created):
		frappe.delete_doc(doctype, name, force=True, ignore_missing=True, delete_permanently=True)
	frappe.db.commit()


def subscriptions(setup, count: int) -> list[str]:
	names = []
	for _ in range(count):
		doc = frappe.get_doc(
			{
				"doctype": "Subscription",
				"party_type": "Customer",
				"party": setup.customer,
				"company": setup.company,
				"start_date": START,
				"sales_tax_template": setup.ht,
				"plans": [{"plan": setup.plan, "qty": 1}],
			}
		).insert()
		names.append(doc.name)
	setup.subscriptions += names
	frappe.db.commit()
	return names


def start_worker(
	names: list[str], folder: Path, go_file: Path | None = None, kill_after: int = 0, blind: bool = False
):
	command = [
		sys.executable,
		str(WORKER),
		"--site",
		frappe.local.site,
		"--names",
		",".join(names),
		"--today",
		TODAY,
	]
	if go_file:
		command += ["--go-file", str(go_file)]
	if kill_after:
		command += ["--kill-after", str(kill_after)]
	if blind:
		command += ["--blind"]
	err = open(folder / f"worker-{os.getpid()}-{len(list(folder.iterdir()))}.err", "w")
	return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, text=True, cwd=os.getcwd())


def wait_ready(worker) -> None:
	for line in worker.stdout:
		if line.strip() == "ready":
			return
	pytest.fail(f"a worker exited before it was ready (code {worker.wait()})")


def finish(worker) -> tuple[int, list[dict]]:
	out, _ = worker.communicate(timeout=TIMEOUT)
	frappe.db.rollback()  # see what the workers committed
	return worker.returncode, [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def run_worker(names: list[str], folder: Path, kill_after: int = 0) -> tuple[int, list[dict]]:
	worker = start_worker(names, folder, kill_after=kill_after)
	wait_ready(worker)
	return finish(worker)


def invoiced_starts(names: list[str]) -> dict[str, list[date]]:
	rows = frappe.db.sql(
		"""select subscription, from_date from `tabSales Invoice`
		where subscription in %s and is_return = 0 order by subscription, from_date""",
		[names],
	)
	found: dict[str, list[date]] = {name: [] for name in names}
	for name, start in rows:
		found[name].append(getdate(start))
	return found


def assert_each_period_once(names: list[str]) -> None:
	for name, starts in invoiced_starts(names).items():
		assert starts == EXPECTED_STARTS, f"{name}: periods invoiced {starts}"
		logged = frappe.get_all("Subscription Invoice", {"parent": name}, pluck="invoice")
		assert len(logged) == len(set(logged)) == len(starts), f"{name}: invoice log {logged}"


def test_running_twice_leaves_one_invoice_per_period(committed, tmp_path):
	names = subscriptions(committed, 2)
	code, out = run_worker(names, tmp_path)
	assert code == 0 and out[-1]["created"] == 8 and not out[-1]["errors"], out
	code, out = run_worker(names, tmp_path)
	assert code == 0 and out[-1]["created"] == 0, out
	assert_each_period_once(names)


def test_a_worker_killed_half_way_then_rerun_leaves_no_duplicate_and_no_gap(committed, tmp_path):
	names = subscriptions(committed, 3)
	code, out = run_worker(names, tmp_path, kill_after=2)
	assert code == -9, f"the worker was not killed: {code} {out}"
	assert out == [{"killing_after": 1}]
	# the second subscription's four invoices were inserted but never committed: gone with the process
	committed_now = invoiced_starts(names)
	assert committed_now == {names[0]: EXPECTED_STARTS, names[1]: [], names[2]: []}
	code, out = run_worker(names, tmp_path)
	assert code == 0 and out[-1]["created"] == 8 and not out[-1]["errors"], out
	assert_each_period_once(names)


def two_runs_at_once(names: list[str], tmp_path, blind: bool = False) -> list[dict]:
	"""Two worker processes over the same subscriptions in opposite orders (they meet on the middle
	one), started together: their summaries, once both ended without an error."""
	go_file = tmp_path / "go"
	workers = [start_worker(order, tmp_path, go_file=go_file, blind=blind) for order in (names, names[::-1])]
	for worker in workers:
		wait_ready(worker)
	go_file.touch()
	results = [finish(worker) for worker in workers]
	assert all(code == 0 for code, _ in results), results
	summaries = [out[-1] for _, out in results]
	assert not any(s["errors"] for s in summaries), summaries
	return summaries


def test_two_runs_at_the_same_moment_leave_no_duplicate(committed, tmp_path):
	names = subscriptions(committed, 3)
	summaries = two_runs_at_once(names, tmp_path)
	assert sum(s["created"] for s in summaries) == 12, summaries
	print("two runs:", summaries)
	assert all(s["created"] for s in summaries), f"one run made everything, nothing raced: {summaries}"
	assert_each_period_once(names)


def submitted_invoices_of(subscriptions: list[str]) -> list[str]:
	return frappe.get_all(
		"Sales Invoice", {"subscription": ("in", subscriptions), "docstatus": 1}, pluck="name"
	)
