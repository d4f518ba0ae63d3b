"""One run of the recurring invoicing as its own OS process, for tests/test_subscription_runs.py.

    python tests/subscription_worker.py --site SITE --names SUB1,SUB2 --today 2024-05-01 [--go-file PATH] [--kill-after N] [--blind]

Connects, prints "ready", waits for the go file when given (two workers then start together), bills
the subscriptions and prints the summary as JSON. With --kill-after N the process kills itself with
SIGKILL at its N-th commit, the invoices of the N-th subscription inserted and not committed: a worker
dying half-way, its open transaction dropped by the database. With --blind the run neither locks the
subscription's row nor reads the periods already invoiced: only the unique period key stands between
two such runs and a duplicate.
"""

import argparse
import json
import os
import signal
import sys
import time

import frappe

from sales_flow.subscriptions import billing

GO_TIMEOUT = 30.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", default=os.environ.get("SF_TEST_SITE"))
	parser.add_argument("--names", required=True)
	parser.add_argument("--today", required=True)
	parser.add_argument("--go-file")
	parser.add_argument("--kill-after", type=int, default=0)
	parser.add_argument("--blind", action="store_true")
	return parser.parse_args(argv)


def die_at_commit(n: int) -> None:
	"""Replace the per-invoice commit: the n-th one kills the process instead."""
	real_commit, seen = billing.commit, {"count": 0}

	def commit() -> None:
		seen["count"] += 1
		if seen["count"] >= n:
			print(json.dumps({"killing_after": seen["count"] - 1}), flush=True)
			os.kill(os.getpid(), signal.SIGKILL)
		real_commit()

	billing.commit = commit


def go_blind() -> None:
	"""The row lock and the read of the invoiced periods taken away: a race the lock would have
	prevented reaches the database's unique key."""
	fields = ", ".join(billing.SUBSCRIPTION_FIELDS)

	def read_unlocked(name: str):
		found = frappe.db.sql(f"select {fields} from `tabSubscription` where name = %s", name, as_dict=True)
		return found[0] if found else None

	real_read = billing.read_invoiced

	def read_blind(name: str) -> billing.Invoiced:
		invoiced = real_read(name)
		invoiced.keys = set()
		return invoiced

	billing.lock_subscription = read_unlocked
	billing.read_invoiced = read_blind


def wait_for_go(go_file: str) -> None:
	deadline = time.time() + GO_TIMEOUT
	while not os.path.exists(go_file):
		if time.time() > deadline:
			raise TimeoutError(f"no start signal at {go_file}")
		time.sleep(0.0005)


def main(argv: list[str] | None = None) -> int:
	args = parse_args(argv)
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	for doctype in ("Subscription", "Sales Invoice", "Subscription Plan"):
		frappe.get_meta(doctype)
	if args.kill_after:
		die_at_commit(args.kill_after)
	if args.blind:
		go_blind()
	try:
		print("ready", flush=True)
		if args.go_file:
			wait_for_go(args.go_file)
		frappe.db.rollback()
		summary = billing.process_batch(args.names.split(","), args.today)
	finally:
		frappe.destroy()
	print(json.dumps(summary.as_dict()), flush=True)
	return 0


if __name__ == "__main__":
	sys.exit(main())
