"""One side of a coupon race, run as its own OS process by test_coupon_code.py.

    python coupon_worker.py --site SITE --order DRAFT-SALES-ORDER --go-file PATH

Connects, prints "ready", waits for the go file, then submits the draft Sales Order (which carries
the coupon) and commits. The last line printed is a JSON outcome with wall-clock timestamps.
"""

import argparse
import json
import os
import sys
import time

import frappe
from frappe.utils import strip_html

GO_TIMEOUT = 30.0


def main() -> int:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--order", required=True)
	parser.add_argument("--go-file", required=True)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	frappe.get_meta("Sales Order")
	outcome: dict = {"order": args.order, "ok": False}
	try:
		print("ready", flush=True)
		deadline = time.time() + GO_TIMEOUT
		while not os.path.exists(args.go_file):
			if time.time() > deadline:
				raise TimeoutError("no start signal")
			time.sleep(0.0005)
		outcome["started"] = time.time()
		frappe.db.rollback()
		doc = frappe.get_doc("Sales Order", args.order)
		outcome["prepared"] = time.time()
		try:
			doc.submit()
			frappe.db.commit()
			outcome["ok"] = True
		except (frappe.ValidationError, frappe.QueryDeadlockError, frappe.QueryTimeoutError) as e:
			frappe.db.rollback()
			outcome.update(error=type(e).__name__, message=strip_html(str(e))[:300])
		outcome["ended"] = time.time()
	finally:
		frappe.destroy()
	print(json.dumps(outcome), flush=True)
	return 0


if __name__ == "__main__":
	sys.exit(main())
