"""One database session driven step by step, run as its own OS process by
tests/test_summary_locks.py.

    python tests/summary_lock_worker.py --site SITE

Connects, prints "ready", then reads one JSON command a line on stdin and answers each with one JSON
line on stdout, the transaction left open between commands (so that the test decides who holds what
when the other one writes):

    {"do": "submit", "doctype": "Sales Invoice", "name": "..."}   the draft submitted
    {"do": "cancel", "doctype": "Sales Invoice", "name": "..."}   the submitted document cancelled
    {"do": "as_job"}                                              the session runs as a background job
    {"do": "deferred"}                                            in summary.deferred() from now on
    {"do": "lock_wait_timeout", "seconds": 2}                     for this session's next statements
    {"do": "commit"} / {"do": "rollback"} / {"do": "quit"}

Answers: {"ok": true} or {"ok": false, "error": "QueryDeadlockError", "message": "..."}; a statement
that waits for a lock the other session holds fails with QueryTimeoutError once the lock wait
timeout has passed (the other session does nothing meanwhile: the wait can only end that way).
"""

import argparse
import json
import os
import sys
import traceback

import frappe
from frappe.utils import strip_html

from sales_flow.analytics import summary

# errors a command may meet in a test; anything else is a failure of the test
EXPECTED_ERRORS = (frappe.QueryDeadlockError, frappe.QueryTimeoutError)
DEFERRED: list = []


def parse_args(argv: list[str] | None) -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", default=os.environ.get("SF_TEST_SITE"))
	return parser.parse_args(argv)


def connect(site: str) -> None:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	# what is cached once per process is loaded before the steps, so that they meet on the documents
	for doctype in ("Quotation", "Sales Order", "Sales Invoice"):
		frappe.get_meta(doctype)


def run(command: dict) -> dict:
	action = command["do"]
	if action == "submit":
		frappe.get_doc(command["doctype"], command["name"]).submit()
	elif action == "cancel":
		frappe.get_doc(command["doctype"], command["name"]).cancel()
	elif action == "as_job":
		# what Frappe's execute_job sets while a background job runs
		frappe.local.job = frappe._dict(site=frappe.local.site, method="tests.summary_lock_worker")
	elif action == "deferred":
		# for the rest of the session: kept, or its exit would run when the block is collected
		DEFERRED.append(summary.deferred())
		DEFERRED[-1].__enter__()
	elif action == "lock_wait_timeout":
		frappe.db.sql(f"set session innodb_lock_wait_timeout = {int(command['seconds'])}")
	elif action == "commit":
		frappe.db.commit()
	elif action == "rollback":
		frappe.db.rollback()
	else:
		raise ValueError(f"unknown command {action}")
	return {"ok": True}


def answer(command: dict) -> dict:
	try:
		return run(command)
	except Exception as e:
		query = str(frappe.db.last_query or "")[:300]
		# InnoDB rolled the statement (a deadlock: the whole transaction) back: so does the session
		frappe.db.rollback()
		if not isinstance(e, EXPECTED_ERRORS):
			traceback.print_exc(file=sys.stderr)
		return {"ok": False, "error": type(e).__name__, "message": strip_html(str(e))[:300], "query": query}


def main(argv: list[str] | None = None) -> int:
	args = parse_args(argv)
	connect(args.site)
	try:
		print("ready", flush=True)
		for line in sys.stdin:
			command = json.loads(line)
			if command["do"] == "quit":
				break
			print(json.dumps(answer(command)), flush=True)
	finally:
		frappe.db.rollback()
		frappe.destroy()
	return 0


if __name__ == "__main__":
	sys.exit(main())
