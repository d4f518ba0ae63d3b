"""Form speed in Chromium: a 1,000-line quotation in the desk opened, one quantity changed, one row added.

    benchmarks/run.sh form [--lines 1000] [--repeat 15] [--open-repeat 5]

Creates a draft Quotation of `--lines` lines, serves the site (bench's web server, which also serves
the desk's assets), signs in to Debian's Chromium as a Sales User and measures, inside the page, each
until the frame that shows the result is painted:
- opening: from the quotation list to the form, its document fetched from the server, until the
  grid's first page of rows and the grand total are painted (the first opening also builds the form);
- quantity -> grand total: one line's quantity changed through the grid's own path
  (frappe.model.set_value, as the quantity cell does on change) until the new grand total is painted;
- add a row: from the grid's Add Row click until the new row is painted.
Targets: opening < 2 s, quantity -> grand total < 50 ms at the worst, add a row < 100 ms. Prints the
median and worst of the tries after a warm-up.

    benchmarks/run.sh form --profile

also records Chromium's CPU profile of the first opening and of the next one (files in /tmp, which
DevTools opens) and prints where their time went, by source file (js_profile.py); profiled, those two
openings take longer than the others.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import frappe
import requests
from frappe.utils.password import update_password

# the checkout's tests package before any other of that name (the bench's site-packages has one);
# cycle.py imports its helpers from it too
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cycle import clean_up, make_masters, quotation
from js_profile import cpu_profile, print_profile
from summary import Figure, add_summary_argument, print_table, record

from tests.browser.desk import Desk, chromium

PASSWORD = "Bench-Form-Passw0rd!"
# Shared by the measures below: "painted" is the end of the frame that shows the change. A task
# posted from a frame's requestAnimationFrame callbacks runs once that frame's rendering (style,
# layout, paint) is done; a change made before a frame waits for that frame first.
PAINTED = """() => {
	window.sf_bench_frame = () => new Promise(requestAnimationFrame);
	window.sf_bench_after_paint = () => new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = resolve;
		channel.port2.postMessage(null);
	});
	// resolves at the end of the frame in which done() first holds (checked before each frame)
	window.sf_bench_painted = async (done, start, what) => {
		if (done()) await sf_bench_frame();
		while (!done()) {
			if (performance.now() - start > 30000) throw new Error("never painted: " + what);
			await sf_bench_frame();
		}
		await sf_bench_after_paint();
		return performance.now() - start;
	};
}"""
# Frappe's own cost, for comparison: its grid redrawing its page of rows (50), painted
GRID_REFRESH = """async () => {
	const grid = cur_frm.fields_dict.items.grid, start = performance.now();
	grid.refresh();
	return await sf_bench_painted(() => true, start, "the grid");
}"""
TO_LIST = """async () => {
	frappe.set_route("List", "Quotation");
	while (!(window.cur_list && cur_list.doctype === "Quotation" && frappe.get_route()[0] === "List"
		&& !frappe.request.ajax_count)) await new Promise(requestAnimationFrame);
}"""
# one line's quantity changed through the grid's own path; resolves once the new grand total is painted
CHANGE_QTY = """async ([n, before]) => {
	const frm = cur_frm, row = frm.doc.items[n], shown = frm.fields_dict.grand_total.$wrapper;
	const start = performance.now();
	frappe.model.set_value(row.doctype, row.name, "qty", row.qty + 1);
	const elapsed = await sf_bench_painted(() => shown.text() !== before, start, "grand total " + before);
	return [elapsed, shown.text()];
}"""
# the engine twin alone on the whole document (no DOM): what the browser computes per keystroke
ENGINE_ONLY = """() => {
	const frm = cur_frm, doc = frm.doc, fields = sales_flow.engine_fields();
	const pick = (source, names) => Object.fromEntries(names.map((n) => [n, source[n]]));
	const data = pick(doc, fields.doc_inputs);
	data.items = doc.items.map((row) => pick(row, fields.item_inputs));
	data.taxes = (doc.taxes || []).map((row) => pick(row, fields.tax_inputs));
	const start = performance.now();
	sales_flow.totals.calculate(data);
	return performance.now() - start;
}"""
# From the quotation list to the form of `name`, fetched from the server as on its first opening in
# a session, until its grid's first page of rows and its grand total are painted.
OPEN_FORM = """async ([name, lines]) => {
	frappe.model.remove_from_locals("Quotation", name);
	const start = performance.now();
	frappe.set_route("Form", "Quotation", name);
	const painted = () => {
		const frm = window.cur_frm;
		if (!frm || frm.doctype !== "Quotation" || !frm.doc || frm.doc.name !== name) return false;
		if ((frm.doc.items || []).length !== lines || !frm.fields_dict.items.grid.wrapper) return false;
		const rows = frm.fields_dict.items.grid.wrapper.find(".grid-body .rows .grid-row").length;
		const total = frm.fields_dict.grand_total.$wrapper;
		return rows === Math.min(lines, 50) && total.is(":visible") && /[0-9]/.test(total.text());
	};
	return await sf_bench_painted(painted, start, "the form of " + name);
}"""
ADD_ROW = """async () => {
	const grid = cur_frm.fields_dict.items.grid, count = cur_frm.doc.items.length;
	const start = performance.now();
	grid.wrapper.find(".grid-add-row").get(0).click();
	const added = () => grid.wrapper.find(`.grid-body .grid-row[data-idx="${count + 1}"]`).length;
	return await sf_bench_painted(added, start, "the new row");
}"""


def parse_args() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--lines", type=int, default=1000)
	parser.add_argument("--repeat", type=int, default=15)
	parser.add_argument("--open-repeat", type=int, default=5, help="openings of the form after the first")
	parser.add_argument("--profile", action="store_true", help="CPU profiles of the first two openings")
	add_summary_argument(parser)
	return parser.parse_args()


def serve(site: str) -> tuple[subprocess.Popen, str]:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		port = s.getsockname()[1]
	server = subprocess.Popen(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", site, "serve"]
		+ ["--port", str(port), "--noreload"],
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)
	url = f"http://127.0.0.1:{port}"
	# a server still starting, or a loaded machine, answers late: asked again
	for _ in range(240):
		try:
			if requests.get(f"{url}/api/method/ping", timeout=1).ok:
				return server, url
		except (requests.ConnectionError, requests.Timeout):
			time.sleep(0.25)
	server.kill()
	raise RuntimeError("the web server did not answer")


def sales_user(run: str, created: list[tuple[str, str]]) -> str:
	email = f"bench-form-{run.lower()}@bench.sales-flow.fr"
	frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Bench Form",
			"send_welcome_email": 0,
			"language": "fr",
			"roles": [{"role": "Sales User"}],
		}
	).insert(ignore_permissions=True)
	update_password(email, PASSWORD)
	created.append(("User", email))
	return email


def measure(url: str, email: str, name: str, args: argparse.Namespace) -> dict[str, list[float]]:
	with chromium() as browser:
		desk = Desk(browser, url, Path("/tmp"), "bench-form")
		desk.login(email, PASSWORD)
		desk.open("quotation")
		desk.page.evaluate(PAINTED)
		timings = measure_opening(desk, name, args)
		timings |= measure_edits(desk, args)
		if desk.errors:
			raise RuntimeError(f"errors in the page: {desk.errors}")
	return timings


def measure_opening(desk: Desk, name: str, args: argparse.Namespace) -> dict[str, list[float]]:
	"""The first opening builds the form (once per DocType and session), the next ones reuse it."""
	opens = []
	for n in range(args.open_repeat + 1):
		desk.page.evaluate(TO_LIST)
		if args.profile and n < 2:
			opens.append(profiled_opening(desk, name, args.lines, "first" if n == 0 else "again"))
		else:
			opens.append(desk.page.evaluate(OPEN_FORM, [name, args.lines]))
	return {"first_open": opens[:1], "open": opens[1:]}


def profiled_opening(desk: Desk, name: str, lines: int, which: str) -> float:
	path = f"/tmp/sales-flow-form-open-{which}.cpuprofile"
	with cpu_profile(desk.page, path) as profile:
		elapsed = desk.page.evaluate(OPEN_FORM, [name, lines])
	# the bench's sites/assets, where run.sh runs the benchmark from
	print_profile(
		f"Opening ({which}, {elapsed:.0f} ms), profile in {path}", profile["profile"], Path("assets")
	)
	return elapsed


def measure_edits(desk: Desk, args: argparse.Namespace) -> dict[str, list[float]]:
	timings: dict[str, list[float]] = {"qty": [], "add": [], "engine": [], "grid": []}
	for i in range(args.repeat + 1):  # the first of each is a warm-up
		before = desk.page.evaluate("() => cur_frm.fields_dict.grand_total.$wrapper.text()")
		elapsed, _after = desk.page.evaluate(CHANGE_QTY, [(i * 37) % args.lines, before])
		if i:
			timings["qty"].append(elapsed)
			timings["engine"].append(desk.page.evaluate(ENGINE_ONLY))
	for i in range(args.open_repeat + 1):
		elapsed = desk.page.evaluate(GRID_REFRESH)
		if i:
			timings["grid"].append(elapsed)
	for i in range(args.repeat + 1):
		elapsed = desk.page.evaluate(ADD_ROW)
		if i:
			timings["add"].append(elapsed)
	return timings


def figures(lines: int, timings: dict[str, list[float]]) -> list[Figure]:
	area = "form (Chromium)"
	return [
		Figure(
			area, f"{lines}-line quotation: opened, first time (form built)", timings["first_open"][0], "ms"
		),
		Figure(
			area,
			f"{lines}-line quotation: opened again, median",
			statistics.median(timings["open"]),
			"ms",
			"< 2 s",
		),
		Figure(area, "  worst", max(timings["open"]), "ms"),
		Figure(
			area,
			"  Frappe's grid alone: its page of 50 rows redrawn, median",
			statistics.median(timings["grid"]),
			"ms",
		),
		Figure(
			area,
			f"{lines}-line quotation: quantity -> grand total, median",
			statistics.median(timings["qty"]),
			"ms",
			"< 50 ms",
		),
		Figure(area, "  worst", max(timings["qty"]), "ms", "< 50 ms"),
		Figure(
			area, "  of which the totals engine (JS twin), median", statistics.median(timings["engine"]), "ms"
		),
		Figure(
			area,
			f"{lines}-line quotation: add a row, median",
			statistics.median(timings["add"]),
			"ms",
			"< 100 ms",
		),
		Figure(area, "  worst", max(timings["add"]), "ms"),
	]


def main() -> None:
	args = parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	run = frappe.generate_hash(length=6).upper()
	created: list[tuple[str, str]] = []
	documents: list[tuple[str, str]] = []
	server = None
	try:
		setup = make_masters(run, args.lines, created)
		email = sales_user(run, created)
		doc = quotation(setup).insert()
		documents.append(("Quotation", doc.name))
		frappe.db.commit()
		server, url = serve(args.site)
		timings = measure(url, email, doc.name, args)
		rows = figures(args.lines, timings)
		print_table(
			rows,
			f"Form speed: {args.open_repeat} openings, {args.repeat} edits and added rows after a warm-up",
		)
		record(args.summary, rows)
	finally:
		if server:
			server.terminate()
			server.wait(timeout=30)
		clean_up(documents, [], run, created)
		frappe.destroy()


if __name__ == "__main__":
	main()
