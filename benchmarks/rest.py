"""REST throughput of a Quotation served by gunicorn, as bench serves it in production, against
Frappe's own /api/method/ping and a framework floor on the same server in the same run.

    benchmarks/run.sh rest [--seconds 5] [--rounds 5] [--clients 8] [--workers N] [--lines 5]

Starts gunicorn (frappe.app:application, 2 x cores + 1 workers like bench's production set-up) on
a free port, then for each request kind runs `--clients` keep-alive clients for `--seconds` after a
short warm-up, the kinds taking turns `--rounds` times (a change of load weighs on each alike):
GET /api/method/ping, GET /api/method/frappe.auth.get_logged_user (the API key checked, nothing
read: Frappe's floor for an integration), GET /api/resource/Quotation/<name>,
POST /api/resource/Quotation (a draft of `--lines` lines, priced and taxed by the engine), and the
framework floor of each: the GET and POST of a custom DocType made for the run without controller
("Bench Floor <run>" of the cycle benchmark, the columns of a Quotation Item) holding as many rows as
the quotation (its lines and its tax rows), every value given; and the GET and POST of the
quotation's twin (twin_floor.py: a controller-less copy of the Quotation DocType and its child tables
holding the quotation's values), Frappe alone on the quotation's own schema. A Sales User
authenticates with an API key, as an integration does. Prints requests per second, the share of ping
and the ratios to the floor and to the twin; deletes what it created.

    benchmarks/run.sh rest --profile get [--requests 200] [--profile-out FILE]   # or ping, auth, post, floor_*, twin_*

Instead of gunicorn: the same requests through `frappe.app.application` in this process (werkzeug's
test client: Frappe's whole request path, session and hooks included), the SQL statements of one
request, the mean time of `--requests` requests (wall and this process's CPU), cProfile's top
functions over as many more (benchmarks/rest_profile.py), and who owns the time, ours by package or
Frappe's, from stack samples of as many more (benchmarks/rest_owners.py).
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import quote

import frappe
import requests

# the checkout's tests package before any other of that name (the bench's site-packages has one);
# cycle.py imports its helpers from it
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cycle import VAT, clean_up, floor_doc, make_floor_doctypes, make_masters
from frappe.utils import nowdate
from rest_profile import profile_in_process
from summary import Figure, add_summary_argument, print_table, record
from twin_floor import make_twins, twin_doc

KINDS = ("ping", "auth", "floor_get", "twin_get", "get", "floor_post", "twin_post", "post")


def parse_args() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--seconds", type=float, default=5.0, help="timed duration of each request kind")
	parser.add_argument("--rounds", type=int, default=5, help="turns the kinds take, sharing the seconds")
	parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients")
	parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
	parser.add_argument("--lines", type=int, default=5, help="lines of the Quotation read and posted")
	parser.add_argument("--profile", choices=KINDS, help="profile one kind in-process")
	parser.add_argument("--requests", type=int, default=200, help="requests timed, then profiled")
	parser.add_argument(
		"--profile-out", metavar="FILE", help="also write the profile's stats to FILE (pstats)"
	)
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


class Request(NamedTuple):
	"""One kind of request: sent as is by every client, over HTTP or in-process."""

	method: str
	path: str
	body: str | None = None
	authenticated: bool = True
	posts: str | None = None  # the DocType a POST creates (its documents are deleted at the end)


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


def make_floor(run: str, setup: SimpleNamespace, floor: list[str]) -> tuple[str, dict]:
	"""The floor DocType, open to the Sales User, and the body of one of its documents: as many rows
	as the quotation holds (its lines and one tax row a VAT rate), every value filled in."""
	doctype = make_floor_doctypes(run, floor)
	meta = frappe.get_doc("DocType", doctype)
	meta.append("permissions", {"role": "Sales User", "read": 1, "write": 1, "create": 1})
	meta.save()
	rows = len(setup.items) + len(VAT)
	lines = SimpleNamespace(
		**{**vars(setup), "items": [setup.items[i % len(setup.items)] for i in range(rows)]}
	)
	document = floor_doc(doctype, lines)
	frappe.db.commit()
	return doctype, document.as_dict(no_nulls=True, no_default_fields=True, no_child_table_fields=True)


def twin_kinds(run: str, quotation, floor: list[str], documents: list) -> dict[str, Request]:
	"""The GET and POST of the quotation's twin (twin_floor.py: its DocType's fields and child tables
	without controller or hook, open to the Sales User) holding the quotation's values: Frappe alone
	on the quotation's own schema, where the Bench Floor has the columns of a Quotation Item."""
	twins = make_twins(("Quotation",), run, floor)
	twin = twins["Quotation"]
	open_to_sales_users(twin)
	document = twin_doc(twin, twins, quotation, run).insert()
	frappe.db.commit()
	documents.append((twin, document.name))
	body = twin_doc(twin, twins, quotation, run).as_dict(
		no_nulls=True, no_default_fields=True, no_child_table_fields=True
	)
	path = f"/api/resource/{quote(twin)}"
	return {
		"twin_get": Request("GET", f"{path}/{document.name}"),
		"twin_post": Request("POST", path, frappe.as_json(body), posts=twin),
	}


def open_to_sales_users(doctype: str) -> None:
	"""A permission row written as is: saving the twin's definition again would trip over the second
	amended_from Frappe added to the copied fields at its insert."""
	permission = {"role": "Sales User", "read": 1, "write": 1, "create": 1, "idx": 99}
	row = {"doctype": "DocPerm", "parent": doctype, "parenttype": "DocType", "parentfield": "permissions"}
	frappe.get_doc({**row, **permission}).db_insert()
	frappe.clear_cache(doctype=doctype)


def request_kinds(
	run: str, setup: SimpleNamespace, floor: list[str], floor_body: dict, documents: list
) -> dict[str, Request]:
	"""Every kind; the documents read are inserted here (committed, listed in `documents`)."""
	floor_doctype = floor[-1]  # the floor's parent, made after its child
	quotation = frappe.get_doc({"doctype": "Quotation", **quotation_payload(setup)}).insert()
	floor_document = frappe.get_doc({"doctype": floor_doctype, **floor_body}).insert()
	frappe.db.commit()
	documents += [("Quotation", quotation.name), (floor_doctype, floor_document.name)]
	floor_path = f"/api/resource/{quote(floor_doctype)}"
	return {
		**twin_kinds(run, quotation, floor, documents),
		"ping": Request("GET", "/api/method/ping", authenticated=False),
		"auth": Request("GET", "/api/method/frappe.auth.get_logged_user"),
		"floor_get": Request("GET", f"{floor_path}/{floor_document.name}"),
		"get": Request("GET", f"/api/resource/Quotation/{quotation.name}"),
		"floor_post": Request("POST", floor_path, json.dumps(floor_body), posts=floor_doctype),
		"post": Request(
			"POST", "/api/resource/Quotation", json.dumps(quotation_payload(setup)), posts="Quotation"
		),
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
	return {"latencies": latencies, "wall": wall}


def summed(rounds: list[dict]) -> dict:
	"""The rate and latencies of a kind over all its rounds."""
	latencies = sorted(latency for r in rounds for latency in r["latencies"])
	return {
		"rps": len(latencies) / sum(r["wall"] for r in rounds),
		"p50": statistics.median(latencies),
		"p95": latencies[int(0.95 * (len(latencies) - 1))],
		"count": len(latencies),
	}


def measure(args: argparse.Namespace, kinds: dict[str, Request], token: str, documents: list) -> dict:
	port = free_port()
	base = f"http://127.0.0.1:{port}"
	# gunicorn serves every site of the bench: the Host header picks ours, as nginx passes it
	headers = {"Host": args.site, "Authorization": token, "Accept": "application/json"}

	def sender(kind: Request) -> Callable[[requests.Session], requests.Response]:
		def send(s: requests.Session) -> requests.Response:
			response = s.request(
				kind.method,
				base + kind.path,
				data=kind.body,
				headers=headers if kind.authenticated else {"Host": args.site},
				timeout=60,
			)
			if kind.posts and response.ok:
				documents.append((kind.posts, response.json()["data"]["name"]))
			return response

		return send

	gunicorn = start_gunicorn(port, args.workers)
	try:
		for label in KINDS:
			hammer(sender(kinds[label]), args.clients, min(1.0, args.seconds))  # warm every worker up
		# the kinds take turns, `--rounds` times: a change of the machine's load (2 cores shared)
		# weighs on each of them alike, and the ratios between them hold
		rounds: dict[str, list[dict]] = {label: [] for label in KINDS}
		for _ in range(args.rounds):
			for label in KINDS:
				rounds[label].append(hammer(sender(kinds[label]), args.clients, args.seconds / args.rounds))
		return {label: summed(rounds[label]) for label in KINDS}
	finally:
		gunicorn.terminate()
		gunicorn.wait(timeout=30)


LABELS = {
	"ping": "GET /api/method/ping (Frappe's floor)",
	# the API key checked and the session set up, nothing read: Frappe's floor of an integration
	"auth": "GET /api/method/frappe.auth.get_logged_user (API key)",
	"floor_get": "GET /api/resource/<Bench Floor>/<name> (framework floor)",
	# Frappe alone on the quotation's schema and values: what ours costs beyond it is our code's
	"twin_get": "GET /api/resource/<Quotation twin>/<name> (Frappe alone)",
	"get": "GET /api/resource/Quotation/<name>",
	"floor_post": "POST /api/resource/<Bench Floor> (framework floor)",
	"twin_post": "POST /api/resource/<Quotation twin> (Frappe alone)",
	"post": "POST /api/resource/Quotation ({lines} lines)",
}
GOALS = {"get": (0.60, "floor_get"), "post": (0.25, "floor_post")}
TWINS = {"get": "twin_get", "post": "twin_post"}


def figures(results: dict, args: argparse.Namespace) -> list[Figure]:
	area = "REST (gunicorn)"
	ping = results["ping"]["rps"]
	rows = []
	for key in KINDS:
		label, r = LABELS[key].format(lines=args.lines), results[key]
		share = "" if key == "ping" else f"{r['rps'] / ping:.0%} of ping"
		if key in GOALS:
			share += f" (goal >= {GOALS[key][0]:.0%})"
		rows.append(Figure(area, label, r["rps"], "req/s", share))
		rows.append(Figure(area, f"  {label.split(' (')[0]}: median latency", r["p50"], "ms"))
		if key in GOALS:
			floor = GOALS[key][1]
			# the floor's rate over ours: how many times longer ours takes than Frappe's alone
			ratio = results[floor]["rps"] / r["rps"]
			rows.append(Figure(area, f"  {label.split(' (')[0]} / framework floor", ratio, "x floor"))
			ratio = results[TWINS[key]]["rps"] / r["rps"]
			rows.append(Figure(area, f"  {label.split(' (')[0]} / its twin", ratio, "x twin"))
	return rows


def main() -> None:
	args = parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	run = frappe.generate_hash(length=6).upper()
	created: list[tuple[str, str]] = []
	documents: list[tuple[str, str]] = []
	floor: list[str] = []
	try:
		setup = make_masters(run, args.lines, created)
		token = api_user(run, created)
		frappe.db.commit()
		_, floor_body = make_floor(run, setup, floor)
		kinds = request_kinds(run, setup, floor, floor_body, documents)
		if args.profile:
			profile_in_process(args, kinds[args.profile], token, documents)
			return
		results = measure(args, kinds, token, documents)
		print(
			f"\n{args.clients} clients, {args.seconds:.0f} s per kind, gunicorn with {args.workers} workers,"
			f" {os.cpu_count()} cores"
		)
		rows = figures(results, args)
		print_table(rows, "REST throughput")
		record(args.summary, rows)
	finally:
		clean_up(documents, floor, run, created)
		print(f"clean-up: {len(documents)} documents, {len(created)} masters, floor DocTypes")
		frappe.destroy()


if __name__ == "__main__":
	main()
