"""The sales summaries' rows under concurrency, between OS processes: each session is a worker
(tests/summary_lock_worker.py) with its own database connection, stepped command by command, its
transaction left open between the steps, so that who holds what when the other one writes is decided
here (no sleeps, no timing).

A summary row is a counter that every document of its day and customer (or item) adds to. Two
transactions that each submit several documents lock those rows document after document: one that
writes A's rows then B's, the other B's then A's, deadlock (a batch job loses its work). Written at
the commit (background jobs, `summary.deferred()`), all of a transaction's rows are locked together in
one order, and only for the commit.

The set-up is committed (the workers must see it) under names unique to this run, deleted at the end.
"""

import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import frappe
import pytest
from frappe.utils import add_days, nowdate

from sales_flow.analytics import summary
from tests.sales_setup import SalesSetup, transaction
from tests.support import committed_cleanup
from tests.test_sales_summary import assert_summaries_equal_the_documents, summary_customer_rows

pytestmark = pytest.mark.commits

WORKER = Path(__file__).with_name("summary_lock_worker.py")
# a statement waiting longer for a lock fails the test instead of hanging it (none should wait)
LOCK_WAIT_TIMEOUT = 20


class Session:
	"""One worker process: `do` sends a command and returns its answer; `send` and `answer` apart
	let two sessions run a statement at the same time."""

	def __init__(self):
		self.process = subprocess.Popen(
			[sys.executable, str(WORKER), "--site", frappe.local.site],
			stdin=subprocess.PIPE,
			stdout=subprocess.PIPE,
			text=True,
		)
		ready = self.process.stdout.readline().strip()
		assert ready == "ready", f"the worker did not start: {ready!r}"

	def send(self, **command) -> None:
		self.process.stdin.write(json.dumps(command) + "\n")
		self.process.stdin.flush()

	def answer(self) -> dict:
		line = self.process.stdout.readline()
		assert line, f"the worker died (code {self.process.wait()})"
		return json.loads(line)

	def do(self, **command) -> dict:
		self.send(**command)
		outcome = self.answer()
		assert outcome["ok"], (command, outcome)
		return outcome

	def close(self) -> None:
		if self.process.poll() is None:
			self.send(do="quit")
			self.process.communicate(timeout=60)


@contextmanager
def sessions(count: int, mode: str | None = None):
	"""mode: "as_job" or "deferred"; None: as a web request, written at submit."""
	opened = [Session() for _ in range(count)]
	try:
		for session in opened:
			session.do(do="lock_wait_timeout", seconds=LOCK_WAIT_TIMEOUT)
			if mode:
				session.do(do=mode)
		yield opened
	finally:
		for session in opened:
			session.close()
		frappe.db.rollback()  # what the workers committed is seen in a new transaction


@pytest.fixture
def shop():
	"""A company of its own, customers C1 and C2, items X, Y and Z; everything deleted afterwards."""
	with committed_cleanup() as cleanup:
		builder = SalesSetup("LOCK " + frappe.generate_hash(length=6))
		setup = builder.build()
		w = SimpleNamespace(setup=setup, company=setup.company, c1=setup.customer, cleanup=cleanup)
		for suffix, price in (("X", 100.0), ("Y", 50.0), ("Z", 10.0)):
			setattr(w, suffix.lower(), builder.item(f"LOCK{suffix}", 20, price, setup.price_list))
		cleanup += builder.created
		customer = {"customer_name": f"{setup.customer} C2", "default_price_list": setup.price_list}
		w.c2 = frappe.get_doc({"doctype": "Customer", **customer}).insert().name
		cleanup.append(("Customer", w.c2))
		frappe.db.commit()
		yield w


def invoice(w, customer: str, lines: list[tuple], days: int = 0, submit: bool = False):
	"""An invoice dated `days` from today (its rows: that day's, and that month's), a draft unless
	`submit`."""
	day = add_days(nowdate(), days)
	doc = transaction(
		"Sales Invoice", w.setup, lines, customer=customer, posting_date=day, due_date=add_days(nowdate(), 30)
	).insert()
	w.cleanup.append(("Sales Invoice", doc.name))
	if submit:
		doc.submit()
	return doc


@pytest.mark.parametrize("mode", ["as_job", "deferred"])
def test_two_batches_writing_each_others_rows_in_opposite_orders_both_commit(shop, mode):
	# A: C1's invoice of X and Y today, then C2's of Z 40 days ago; B: the same rows the other way round
	a_first = invoice(shop, shop.c1, [(shop.x, 1), (shop.y, 1)]).name
	b_first = invoice(shop, shop.c2, [(shop.z, 2)], days=-40).name
	a_second = invoice(shop, shop.c2, [(shop.z, 1)], days=-40).name
	b_second = invoice(shop, shop.c1, [(shop.x, 3)]).name
	frappe.db.commit()
	with sessions(2, mode) as (a, b):
		a.do(do="submit", doctype="Sales Invoice", name=a_first)
		b.do(do="submit", doctype="Sales Invoice", name=b_first)
		# each now writes what the other one wrote: written at submit, one waits for the other,
		# which then waits for the first: InnoDB kills one of them (a deadlock)
		a.send(do="submit", doctype="Sales Invoice", name=a_second)
		b.send(do="submit", doctype="Sales Invoice", name=b_second)
		outcomes = [a.answer(), b.answer()]
		assert all(outcome["ok"] for outcome in outcomes), outcomes
		a.do(do="commit")
		b.do(do="commit")
	submitted_now = frappe.get_all(
		"Sales Invoice", {"company": shop.company, "docstatus": 1}, pluck="name", order_by="name"
	)
	assert submitted_now == sorted([a_first, b_first, a_second, b_second])
	assert_summaries_equal_the_documents(shop.company)
	rows = {(r[0], r[1]): r[5:] for r in summary_customer_rows("Sales Invoice", shop.company)}
	assert rows[(nowdate(), shop.c1)] == (5.0, 450.0, 2)  # X and Y, then 3 X
	assert rows[(add_days(nowdate(), -40), shop.c2)] == (3.0, 30.0, 2)


def test_deferred_figures_follow_what_the_transaction_kept(shop):
	"""In one transaction (no worker): what a savepoint took back, and a document submitted then
	cancelled, add nothing; a cancel subtracts; the figures are there when the block ends."""
	earlier = invoice(shop, shop.c1, [(shop.x, 2)], days=-3, submit=True)
	with summary.deferred():
		kept = invoice(shop, shop.c1, [(shop.y, 1)], submit=True)
		frappe.db.savepoint("summary_locks")
		invoice(shop, shop.c2, [(shop.x, 1)], submit=True)
		frappe.db.rollback(save_point="summary_locks")
		undone = invoice(shop, shop.c2, [(shop.z, 4)], submit=True)
		undone.cancel()
		earlier.cancel()
		# not written yet: the earlier invoice still counts, the new ones not
		days = {(r[0], r[1]) for r in summary_customer_rows("Sales Invoice", shop.company)}
		assert days == {(add_days(nowdate(), -3), shop.c1)}
	assert_summaries_equal_the_documents(shop.company)
	rows = {(r[0], r[1]): r[5:] for r in summary_customer_rows("Sales Invoice", shop.company)}
	assert rows == {(nowdate(), shop.c1): (1.0, 50.0, 1)}
	assert kept.docstatus == 1
