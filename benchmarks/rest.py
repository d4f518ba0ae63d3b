"""REST throughput of a Quotation served by gunicorn, as bench serves it in production, against
Frappe's own /api/method/ping on the same server in the same run.

    benchmarks/run.sh rest [--seconds 5] [--clients 8] [--workers N] [--lines 5]

Starts gunicorn (frappe.app:application, 2 x cores + 1 workers like bench's production set-up) on
a free port, then for each request kind runs `--clients` keep-alive clients for `--seconds` after a
short warm-up: GET /api/method/ping, GET /api/method/frappe.auth.get_logged_user (the API key checked,
nothing read: Frappe's floor for an integration), GET /api/resource/Quotation/<name>,
POST /api/resource/Quotation (a draft of `--lines` lines, priced and taxed by the engine). A Sales User authenticates with an API
key, as an integration does. Prints requests per second and latencies; deletes what it created.

    benchmarks/run.sh rest --profile get [--requests 200]     # or ping, post

Instead of gunicorn: the same requests through `frappe.app.application` in this process (werkzeug's
test client: Frappe's whole request path, session and hooks included), the SQL statements of one
request, the mean time of `--requests` requests, and cProfile's top functions over as many more.
"""

import argparse
import cProfile
import json
import os
import pstats
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from types import SimpleNamespace

import frappe
import requests
from frappe.app import application
from frappe.database.database import Database
from werkzeug.test import Client
from werkzeug.wrappers import Response

# the checkout's tests package before any other of that name (the bench's site-packages has one);
# cycle.py imports its helpers from it
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cycle import clean_up, make_masters
from frappe.utils import nowdate
from summary import Figure, add_summary_argument, print_table, record


def parse_args() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--seconds", type=float, default=5.0, help="timed duration of each request kind")
	parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients")
	parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
	parser.add_argument("--lines", type=int, default=5, help="lines of the Quotation read and posted")
	parser.add_argument("--profile", choices=("ping", "get", "post"), help="profile one kind in-process")
	parser.add_argument("--requests", type=int, default=200, help="requests timed, then profiled")
	add_summary_argument(parser)
	return parser.parse_args()


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
	"""bench's production command line (see bench's supervisor template), from the sites folder."""
	process = subprocess.Popen(
		[
			sys.executable,
			"-m",
			"gunicorn",
			"--bind",
			f"127.0.0.1:{port}",
			"--workers",
			str(workers),
			"--worker-tmp-dir",
			"/dev/shm",
			"--timeout",
			"120",
			"--preload",
			"frappe.app:application",
		],
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)
	for _ in range(120):
		try:
			requests.get(f"http://127.0.0.1:{port}/api/method/ping", timeout=1)
			return process
		except requests.ConnectionError:
			time.sleep(0.25)
	process.kill()
	raise RuntimeError("gunicorn did not answer")


def api_user(run: str, created: list[tuple[str, str]]) -> str:
	"""A Sales User with an API key: the header value for `Authorization`."""
	email = f"bench-rest-{run.lower()}@bench.sales-flow.fr"
	secret = frappe.generate_hash(length=15)
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Bench REST",
			"send_welcome_email": 0,
			"roles": [{"role": "Sales User"}],
			"api_key": frappe.generate_hash(length=15),
			"api_secret": secret,
		}
	).insert(ignore_permissions=True)
	created.append(("User", email))
	return f"token {user.api_key}:{secret}"


def quotation_payload(setup: SimpleNamespace) -> dict:
	return {
		"company": setup.company,
		"quotation_to": "Customer",
		"party_name": setup.customer,
		"transaction_date": nowdate(),
		"selling_price_list": setup.price_list,
		"taxes_and_charges": setup.taxes,
		"items": [{"item_code": code, "qty": 1 + i % 3} for i, code in enumerate(setup.items)],
	}


def hammer(request: Callable[[requests.Session], requests.Response], clients: int, seconds: float) -> dict:
	"""`clients` threads, each with its own keep-alive session, send requests for `seconds`."""
	latencies: list[float] = []
	failures: list[str] = []
	lock = threading.Lock()
	deadline = time.perf_counter() + seconds

	def client() -> None:
		session = requests.Session()
		mine: list[float] = []
		while time.perf_counter() < deadline:
			start = time.perf_counter()
			response = request(session)
			elapsed = (time.perf_counter() - start) * 1000
			if response.ok:
				mine.append(elapsed)
			else:
				with lock:
					failures.append(f"{response.status_code} {response.text[:200]}")
		with lock:
			latencies.extend(mine)

	threads = [threading.Thread(target=client) for _ in range(clients)]
	start = time.perf_counter()
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	wall = time.perf_counter() - start
	if failures:
		raise RuntimeError(f"{len(failures)} requests failed, first: {failures[0]}")
	latencies.sort()
	return {
		"rps": len(latencies) / wall,
		"p50": statistics.median(latencies),
		"p95": latencies[int(0.95 * (len(latencies) - 1))],
		"count": len(latencies),
	}


def measure(args: argparse.Namespace, setup: SimpleNamespace, token: str, posted: list[str]) -> dict:
	port = free_port()
	base = f"http://127.0.0.1:{port}"
	# gunicorn serves every site of the bench: the Host header picks ours, as nginx passes it
	headers = {"Host": args.site, "Authorization": token, "Accept": "application/json"}
	payload = json.dumps(quotation_payload(setup))
	reference = requests.Session()
	gunicorn = start_gunicorn(port, args.workers)
	try:
		created = reference.post(f"{base}/api/resource/Quotation", data=payload, headers=headers, timeout=60)
		created.raise_for_status()
		name = created.json()["data"]["name"]
		posted.append(name)

		def ping(s: requests.Session) -> requests.Response:
			return s.get(f"{base}/api/method/ping", headers={"Host": args.site}, timeout=60)

		def authenticated(s: requests.Session) -> requests.Response:
			return s.get(f"{base}/api/method/frappe.auth.get_logged_user", headers=headers, timeout=60)

		def get_quotation(s: requests.Session) -> requests.Response:
			return s.get(f"{base}/api/resource/Quotation/{name}", headers=headers, timeout=60)

		def post_quotation(s: requests.Session) -> requests.Response:
			response = s.post(f"{base}/api/resource/Quotation", data=payload, headers=headers, timeout=60)
			if response.ok:
				posted.append(response.json()["data"]["name"])
			return response

		results = {}
		kinds = (("ping", ping), ("auth", authenticated), ("get", get_quotation), ("post", post_quotation))
		for label, request in kinds:
			hammer(request, args.clients, min(1.0, args.seconds))  # warm every worker up
			results[label] = hammer(request, args.clients, args.seconds)
		return results
	finally:
		gunicorn.terminate()
		gunicorn.wait(timeout=30)


def figures(results: dict, args: argparse.Namespace) -> list[Figure]:
	area = "REST (gunicorn)"
	ping = results["ping"]["rps"]
	labels = {
		"ping": "GET /api/method/ping (Frappe's floor)",
		# the API key checked and the session set up, nothing read: Frappe's floor of an integration
		"auth": "GET /api/method/frappe.auth.get_logged_user (API key)",
		"get": "GET /api/resource/Quotation/<name>",
		"post": f"POST /api/resource/Quotation ({args.lines} lines)",
	}
	rows = []
	for key, label in labels.items():
		r = results[key]
		rows.append(
			Figure(area, label, r["rps"], "req/s", "" if key == "ping" else f"{r['rps'] / ping:.0%} of ping")
		)
		rows.append(Figure(area, f"  {label.split(' (')[0]}: median latency", r["p50"], "ms"))
	return rows


# --- --profile: Frappe's request path in this process ----------------------------------------------


def profile_in_process(
	args: argparse.Namespace, setup: SimpleNamespace, token: str, posted: list[str]
) -> None:
	"""Requests of one kind through frappe.app.application: the SQL of one, then timed, then profiled."""
	payload = json.dumps(quotation_payload(setup))
	site = frappe.local.site
	frappe.destroy()  # each request opens the site and its connection itself, as in gunicorn
	try:
		send = request_sender(args.profile, site, token, payload, posted)
		for _ in range(5):
			send()  # warm-up: imports, caches, the first connection
		statements = statements_of(send)
		start = time.perf_counter()
		for _ in range(args.requests):
			send()
		mean = (time.perf_counter() - start) * 1000 / args.requests
		profiler = cProfile.Profile()
		profiler.runcall(lambda: [send() for _ in range(args.requests)])
	finally:
		frappe.init(site=site, sites_path=".")
		frappe.connect()
		frappe.set_user("Administrator")
	print(
		f"\n{args.profile}: {len(statements)} SQL statements a request, {mean:.1f} ms a request (mean of {args.requests})"
	)
	for statement in statements:
		print("   ", " ".join(statement.split())[:150])
	stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
	stats.print_stats(40)
	print("--- sales_flow functions only ---")
	stats.print_stats("sales_flow/", 25)


def request_sender(kind: str, site: str, token: str, payload: str, posted: list[str]) -> Callable[[], None]:
	client = Client(application, Response)
	headers = {"Host": site, "Authorization": token, "Accept": "application/json"}
	reference = client.post(
		"/api/resource/Quotation", data=payload, headers=headers, content_type="application/json"
	)
	name = reference.json["data"]["name"]
	posted.append(name)

	def send() -> None:
		if kind == "ping":
			response = client.get("/api/method/ping", headers={"Host": site})
		elif kind == "get":
			response = client.get(f"/api/resource/Quotation/{name}", headers=headers)
		else:
			response = client.post(
				"/api/resource/Quotation", data=payload, headers=headers, content_type="application/json"
			)
			posted.append(response.json["data"]["name"])
		if response.status_code != 200:
			raise RuntimeError(f"{response.status_code} {response.get_data(as_text=True)[:300]}")

	return send


def statements_of(send: Callable[[], None]) -> list[str]:
	"""The SQL statements one request sends (query builder and ORM go through Database.sql)."""
	statements: list[str] = []
	original = Database.sql

	def recorded(self, query, *args, **kwargs):
		statements.append(str(query))
		return original(self, query, *args, **kwargs)

	Database.sql = recorded
	try:
		send()
	finally:
		Database.sql = original
	return statements


def main() -> None:
	args = parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	run = frappe.generate_hash(length=6).upper()
	created: list[tuple[str, str]] = []
	posted: list[str] = []
	try:
		setup = make_masters(run, args.lines, created)
		token = api_user(run, created)
		frappe.db.commit()
		if args.profile:
			profile_in_process(args, setup, token, posted)
			return
		results = measure(args, setup, token, posted)
		print(
			f"\n{args.clients} clients, {args.seconds:.0f} s per kind, gunicorn with {args.workers} workers,"
			f" {os.cpu_count()} cores"
		)
		rows = figures(results, args)
		print_table(rows, "REST throughput")
		record(args.summary, rows)
	finally:
		clean_up([("Quotation", name) for name in posted], [], run, created)
		print(f"clean-up: {len(posted)} quotations, {len(created)} masters")
		frappe.destroy()


if __name__ == "__main__":
	main()
