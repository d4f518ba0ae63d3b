"""One side of a race, run as its own OS process by tests/test_concurrency.py.

    python tests/concurrency_worker.py --site SITE --action invoice --name SO-NAME --go-file PATH

Connects to the site, prints "ready", waits until the go file exists (so that two workers start
within a millisecond of each other), then converts a Sales Order into a Sales Invoice
(`--action invoice`) or pays a Sales Invoice (`--action payment`), submits and commits. The last
line printed is a JSON object with the outcome and wall-clock timestamps (time.time(), comparable
between processes on one machine).
"""

import argparse
import json
import os
import sys
import time
import traceback

import frappe
from frappe.utils import flt, strip_html

from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice

# errors a losing worker may meet; anything else is a failure of the test
EXPECTED_ERRORS = (frappe.ValidationError, frappe.QueryDeadlockError, frappe.QueryTimeoutError)
GO_TIMEOUT = 30.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", default=os.environ.get("SF_TEST_SITE"))
	parser.add_argument("--action", choices=("invoice", "payment", "submit"), required=True)
	parser.add_argument(
		"--name",
		required=True,
		help="the Sales Order (invoice), Sales Invoice (payment) or draft Sales Order (submit)",
	)
	parser.add_argument("--go-file", required=True)
	return parser.parse_args(argv)


def connect(site: str) -> None:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	# load what is cached once per process before the start, so that the race is on the documents
	for doctype in ("Sales Order", "Sales Invoice", "Payment Entry"):
		frappe.get_meta(doctype)


def wait_for_go(go_file: str) -> float:
	deadline = time.time() + GO_TIMEOUT
	while not os.path.exists(go_file):
		if time.time() > deadline:
			raise TimeoutError(f"no start signal at {go_file} after {GO_TIMEOUT} s")
		time.sleep(0.0005)
	return time.time()


def prepare(action: str, name: str):
	"""The draft a user would get from the "Create" button, or the draft order to submit."""
	if action == "submit":
		return frappe.get_doc("Sales Order", name)
	if action == "invoice":
		return make_sales_invoice(name)
	return get_payment_entry("Sales Invoice", name)


def taken(doc) -> dict:
	"""What the draft takes from its source: quantities by order line, or the amount allocated."""
	if doc.doctype == "Sales Order":
		return {}
	if doc.doctype == "Sales Invoice":
		return {"qty": {row.so_detail: flt(row.qty) for row in doc.items}}
	return {"allocated": sum(flt(row.allocated_amount) for row in doc.references)}


def race(action: str, name: str, go_file: str) -> dict:
	outcome: dict = {"pid": os.getpid(), "action": action, "source": name, "ok": False}
	outcome["started"] = wait_for_go(go_file)
	# a fresh transaction, as a web request would have: its snapshot is taken from here on
	frappe.db.rollback()
	try:
		doc = prepare(action, name)
		outcome.update(taken(doc), prepared=time.time())
		if doc.is_new():
			doc.insert()
		doc.submit()
		frappe.db.commit()
		outcome.update(ok=True, name=doc.name)
	except Exception as e:
		frappe.db.rollback()
		outcome.update(error=type(e).__name__, expected=isinstance(e, EXPECTED_ERRORS), message=message_of(e))
		if not outcome["expected"]:
			traceback.print_exc(file=sys.stderr)
	outcome["ended"] = time.time()
	return outcome


def message_of(error: Exception) -> str:
	text = str(error) or " ".join(logged_message(m) for m in frappe.local.message_log or [])
	return strip_html(text)[:500]


def logged_message(entry) -> str:
	"""frappe.throw logs its message as a JSON string holding a dict."""
	try:
		entry = json.loads(entry) if isinstance(entry, str) else entry
	except ValueError:
		return entry
	return entry.get("message", "") if isinstance(entry, dict) else str(entry)


def main(argv: list[str] | None = None) -> int:
	args = parse_args(argv)
	connect(args.site)
	try:
		print("ready", flush=True)
		outcome = race(args.action, args.name, args.go_file)
	finally:
		frappe.destroy()
	print(json.dumps(outcome), flush=True)
	return 0


if __name__ == "__main__":
	sys.exit(main())
