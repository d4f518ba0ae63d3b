"""`benchmarks/run.sh rest --profile KIND`: one kind of request of the REST benchmark through
Frappe's whole request path in this process (werkzeug's test client calling
`frappe.app.application`: session, hooks, the API handler), with the SQL statements of one request,
the mean time of `--requests` requests (wall and this process's CPU) and cProfile's top functions
over as many more, then ours alone, then who owns the time: ours by package or Frappe's, from stack
samples of as many more (rest_owners.py).
"""

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable

import frappe
from frappe.app import application
from frappe.database.database import Database
from rest_owners import print_owners, sample
from werkzeug.test import Client
from werkzeug.wrappers import Response


def profile_in_process(args: argparse.Namespace, kind, token: str, documents: list) -> None:
	"""Requests of one kind through frappe.app.application: the SQL of one, then timed, then profiled."""
	site = frappe.local.site
	frappe.destroy()  # each request opens the site and its connection itself, as in gunicorn
	try:
		send = request_sender(kind, site, token, documents)
		for _ in range(5):
			send()  # warm-up: imports, caches, the first connection
		statements = statements_of(send)
		start, cpu = time.perf_counter(), time.process_time()
		for _ in range(args.requests):
			send()
		mean = (time.perf_counter() - start) * 1000 / args.requests
		cpu_mean = (time.process_time() - cpu) * 1000 / args.requests
		profiler = cProfile.Profile()
		profiler.runcall(lambda: [send() for _ in range(args.requests)])
		samples = sample(lambda: [send() for _ in range(args.requests)])
	finally:
		frappe.init(site=site, sites_path=".")
		frappe.connect()
		frappe.set_user("Administrator")
	print(
		f"\n{args.profile}: {len(statements)} SQL statements a request, {mean:.1f} ms a request,"
		f" {cpu_mean:.1f} ms of it this process's CPU (means of {args.requests})"
	)
	for statement in statements:
		print("   ", " ".join(statement.split())[:150])
	if args.profile_out:
		profiler.dump_stats(args.profile_out)
	stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
	stats.print_stats(40)
	print("--- sales_flow functions only ---")
	stats.print_stats("sales_flow/", 25)
	print_owners(samples, mean)


def request_sender(kind, site: str, token: str, documents: list) -> Callable[[], None]:
	client = Client(application, Response)
	headers = {"Host": site, "Accept": "application/json"}
	if kind.authenticated:
		headers["Authorization"] = token

	def send() -> None:
		response = client.open(
			kind.path,
			method=kind.method,
			data=kind.body,
			headers=headers,
			content_type="application/json" if kind.body else None,
		)
		if response.status_code != 200:
			raise RuntimeError(f"{response.status_code} {response.get_data(as_text=True)[:300]}")
		if kind.posts:
			documents.append((kind.posts, response.json["data"]["name"]))

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
