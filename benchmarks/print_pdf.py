"""The PDF of a 100-line quotation: median time of the HTML (Jinja) and of the whole PDF.

    benchmarks/run.sh print_pdf [--lines 100] [--repeat 5]

The set-up and the quotation are committed under a name unique to the run and deleted at the end. wkhtmltopdf fetches the print stylesheet from the site's URL, so,
as in tests/test_print_formats.py, a local server answers /assets for the run.
"""

import argparse
import io
import os
import statistics
import sys
import time

import frappe
from frappe.translate import print_language
from pypdf import PdfReader

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from summary import Figure, add_summary_argument, record

from tests.printing import serve_assets
from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup


def timed(function) -> tuple[float, object]:
	started = time.perf_counter()
	result = function()
	return time.perf_counter() - started, result


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", default=os.environ.get("SF_TEST_SITE", "test.sales-flow.localhost"))
	parser.add_argument("--lines", type=int, default=100)
	parser.add_argument("--repeat", type=int, default=5)
	add_summary_argument(parser)
	args = parser.parse_args()

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	server, frappe.local.conf.host_name = serve_assets()
	# creating a company commits (Frappe), so everything is committed under a tag and deleted at the end
	tag = "bench-print-" + frappe.generate_hash(length=5)
	try:
		with committed_cleanup() as created:
			setup = sales_setup(tag)
			created += setup.created
			items = [setup.a, setup.b, setup.c]
			lines = [
				(items[n % 3], 1 + n % 7, {"discount_percentage": 5 * (n % 3)}) for n in range(args.lines)
			]
			quotation = transaction("Quotation", setup, lines).insert()
			quotation.submit()
			created.append(("Quotation", quotation.name))
			frappe.db.commit()
			measure(quotation.name, args)
	finally:
		server.shutdown()
		frappe.destroy()


def measure(name: str, args: argparse.Namespace) -> None:
	def html():
		with print_language("fr"):
			return frappe.get_print("Quotation", name, "Devis")

	def pdf():
		with print_language("fr"):
			return frappe.get_print("Quotation", name, "Devis", as_pdf=True)

	pdf()  # warm-up: caches, templates, fonts
	html_times = [timed(html)[0] for _ in range(args.repeat)]
	pdf_runs = [timed(pdf) for _ in range(args.repeat)]
	pages = len(PdfReader(io.BytesIO(pdf_runs[-1][1])).pages)
	pdf_times = [t for t, _ in pdf_runs]
	print(f"Quotation of {args.lines} lines, {pages} pages, {args.repeat} runs after a warm-up")
	print(f"  HTML (Jinja)             median {statistics.median(html_times) * 1000:6.0f} ms")
	print(
		f"  PDF (HTML + wkhtmltopdf) median {statistics.median(pdf_times) * 1000:6.0f} ms"
		f"  (min {min(pdf_times) * 1000:.0f} ms, max {max(pdf_times) * 1000:.0f} ms)"
	)
	record(
		args.summary,
		[
			Figure(
				"PDF",
				f"{args.lines}-line quotation ({pages} pages): PDF",
				statistics.median(pdf_times) * 1000,
				"ms",
			),
			Figure("PDF", "  of which the HTML (Jinja)", statistics.median(html_times) * 1000, "ms"),
		],
	)


if __name__ == "__main__":
	main()
