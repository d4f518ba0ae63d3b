"""Landing speed in Chromium: from the login click to the "Ventes" workspace usable (every number card
showing its figure, every chart drawn), as a French sales rep at 1366x768.

    benchmarks/run.sh landing [--repeat 5] [--invoices 60] [--compare] [--url http://127.0.0.1:8000]

Creates a company, customers, items, `--invoices` submitted invoices over the last twelve months and
as many quotations, and a French Sales User; serves the site as in production (nginx, gunicorn,
socket.io: scripts/lib.sh serve_site) unless `--url` names a server of this site already running.
The first login is cold (a new browser profile, the server's caches as they are); each next one
logs out and in again in the same browser (its HTTP cache warm), as a user does day to day.
Prints the time to usable, the requests the landing made (/api/ calls) and the slowest of them;
with `--compare`, the same again with each widget fetching its own figures (Frappe's way, the app's
batching script left out), under the same load. Target: under 1.5 s.
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
from pathlib import Path

import frappe
from frappe.utils import add_days, nowdate
from frappe.utils.password import update_password
from summary import Figure, add_summary_argument, print_table, record

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tests.browser.desk import chromium
from tests.sales_setup import sales_setup, transaction

CHECKOUT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench-Landing-Passw0rd!"
# usable: every card holds a digit, every chart widget drew its chart or says it has no data
USABLE = """() => {
	if (!location.pathname.startsWith("/app/ventes")) return false;
	const cards = [...document.querySelectorAll(".number-widget-box")];
	const charts = [...document.querySelectorAll(".widget.dashboard-widget-box")];
	return cards.length >= 8 && charts.length >= 5
		&& cards.every((card) => /\\d/.test(card.querySelector(".widget-content")?.innerText || ""))
		&& charts.every((chart) => chart.querySelector("svg.frappe-chart, .chart-empty-state:not([style*='none'])"));
}"""


def parse_args() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--url", help="a server of this site already running (else one is started)")
	parser.add_argument("--repeat", type=int, default=5)
	parser.add_argument("--invoices", type=int, default=60)
	parser.add_argument("--compare", action="store_true", help="also each widget fetching its own figures")
	add_summary_argument(parser)
	return parser.parse_args()


def make_data(run: str, count: int, created: list[tuple[str, str]]) -> str:
	"""Invoices and quotations spread over the last year; returns the French rep's e-mail."""
	setup = sales_setup(tag=run)
	created += setup.created
	for n in range(count):
		day = add_days(nowdate(), -(n * 365 // max(count, 1)))
		lines = [(setup.a, 1 + n % 3), (setup.b, 2), (setup.c, 5)]
		invoice = transaction("Sales Invoice", setup, lines, posting_date=day).insert()
		invoice.submit()
		quotation = transaction("Quotation", setup, lines, transaction_date=day).insert()
		quotation.submit()
		created += [("Sales Invoice", invoice.name), ("Quotation", quotation.name)]
	email = f"bench-landing-{run.lower()}@bench.sales-flow.fr"
	frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Bench Landing",
			"send_welcome_email": 0,
			"language": "fr",
			"roles": [{"role": "Sales User"}],
		}
	).insert(ignore_permissions=True)
	update_password(email, PASSWORD)
	created.append(("User", email))
	frappe.db.commit()
	return email


def lib_sh(command: str) -> None:
	subprocess.run(["bash", "-c", f"source scripts/lib.sh && {command}"], cwd=CHECKOUT, check=True)


def stop_stack(name: str) -> None:
	"""What serve_site started, by its pid files (lib.sh's stop_stack asks sudo of a non-root user)."""
	pids = Path(frappe.utils.get_bench_path()) / "pids"
	for pidfile in pids.glob(f"{name}-*.pid"):
		try:
			os.killpg(int(pidfile.read_text()), signal.SIGTERM)
		except ProcessLookupError:
			pass
		pidfile.unlink()
	shutil.rmtree(Path(frappe.utils.get_bench_path()) / "run" / name, ignore_errors=True)


def one_landing(page, url: str, email: str) -> dict:
	"""Login then wait until usable: the time, and the /api/ requests made meanwhile."""
	page.goto(f"{url}/login", wait_until="domcontentloaded")
	page.fill("#login_email", email)
	page.fill("#login_password", PASSWORD)
	requests: list = []

	def note(request) -> None:
		requests.append(request)

	page.on("requestfinished", note)
	start = page.evaluate("() => Date.now()")
	page.click(".btn-login")
	page.wait_for_function(USABLE, polling="raf", timeout=60_000)
	# measured on the page that the login opened (the clock of the page after navigation)
	elapsed = page.evaluate("() => Date.now()") - start
	page.remove_listener("requestfinished", note)
	calls = [
		(request.timing["responseEnd"], request.url.split("/api/")[1].split("?")[0])
		for request in requests
		if "/api/" in request.url
	]
	return {"ms": elapsed, "calls": calls}


def measure(url: str, email: str, repeat: int, batched: bool) -> list[dict]:
	"""A cold landing then `repeat` warm ones; without `batched`, the desk's script that batches the
	figures is not loaded: each widget fetches its own, as Frappe does."""
	results = []
	with chromium() as browser:
		context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
		if not batched:
			context.route(
				"**/workspace_figures.js*",
				lambda route: route.fulfill(body="", content_type="text/javascript"),
			)
		for _ in range(repeat + 1):
			page = context.new_page()
			results.append(one_landing(page, url, email))
			page.request.post(f"{url}/api/method/logout")
			page.close()
			context.clear_cookies()
		context.close()
	return results


def figures(results: list[dict], label: str) -> list[Figure]:
	cold, warm = results[0], results[1:]
	slowest = sorted(cold["calls"], reverse=True)[:6]
	print(f"\n{label}: cold landing, slowest /api/ calls (ms):")
	for ms, call in slowest:
		print(f"  {ms:7.0f}  {call}")
	area = f"landing, {label}"
	return [
		Figure(area, "login -> workspace usable, cold", cold["ms"], "ms", "< 1.5 s"),
		Figure(
			area,
			f"login -> workspace usable, median of {len(warm)}",
			statistics.median(r["ms"] for r in warm),
			"ms",
			"< 1.5 s",
		),
		Figure(area, "  worst", max(r["ms"] for r in warm), "ms"),
		Figure(area, "  /api/ requests of a landing", len(warm[-1]["calls"]), "requests"),
	]


def report(url: str, email: str, args: argparse.Namespace) -> None:
	"""Each way measured right after the other, under the same load."""
	load = os.getloadavg()[0]
	rows = figures(measure(url, email, args.repeat, batched=True), "batched")
	if args.compare:
		rows += figures(measure(url, email, args.repeat, batched=False), "widget by widget")
	load = (load + os.getloadavg()[0]) / 2
	print_table(
		rows, f"Landing speed, load average {load:.2f} on {os.cpu_count()} cores, Chromium at 1366x768"
	)
	record(args.summary, rows)


def main() -> None:
	args = parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	run = frappe.generate_hash(length=5)
	created: list[tuple[str, str]] = []
	server = None if args.url else f"bench-landing-{run}"
	try:
		email = make_data(run, args.invoices, created)
		url = args.url
		if server:
			port = subprocess.check_output(["bash", "-c", "source scripts/lib.sh && free_port"], cwd=CHECKOUT)
			url = f"http://127.0.0.1:{int(port)}"
			lib_sh(f"serve_site {args.site} {int(port)} {server}")
		report(url.rstrip("/"), email, args)
	finally:
		if server:
			stop_stack(server)
		cleanup(created)
		frappe.destroy()


def cleanup(created: list[tuple[str, str]]) -> None:
	frappe.db.rollback()
	frappe.flags.in_test = True  # versions and comments deleted at once, not by a queued job
	for doctype, name in reversed(created):
		if frappe.db.exists(doctype, name) and frappe.get_meta(doctype).is_submittable:
			frappe.db.set_value(doctype, name, "docstatus", 2, update_modified=False)
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, ignore_missing=True)
	frappe.db.commit()


if __name__ == "__main__":
	main()
