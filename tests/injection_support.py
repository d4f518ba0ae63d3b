"""What tests/test_injection.py shares: the hostile strings, one probe that runs a call and says how it
ended, the discovery of the app's reports, chart sources and whitelisted functions, and a canary that
proves no payload reached the database as SQL.

A probe's verdict is one of:
  result     the call answered (its size is compared with the same call given a harmless miss)
  refused    a clean Frappe error (ValidationError and its kin, PermissionError): a message, not a crash
  sql-error  pymysql raised: the string reached MariaDB as SQL (a syntax error means it was not escaped)
  crash      any other exception raised through the app's code: an ugly 500 for the user (one
             raised by Frappe's own code alone, such as its list API on a nonsense field, counts as
             refused: this suite holds the app to account, not the framework)
  slow       a SLEEP payload made the call last longer than SLEEP_BOUND seconds: it was executed
"""

import importlib
import inspect
import pkgutil
import re
import time
from dataclasses import dataclass
from pathlib import Path

import frappe
import pymysql

import sales_flow

# a value that matches nothing, for the harmless twin of each hostile call
MISS = "sf-no-such-value"
SLEEP_SECONDS = 3
# a call given a SLEEP(3) payload that lasts longer than this slept in MariaDB: the payload ran as SQL
SLEEP_BOUND = 2.5
SLEEP = (
	f"%' AND SLEEP({SLEEP_SECONDS}) AND '%'='",
	f"1) OR SLEEP({SLEEP_SECONDS}) -- ",
)
# strings that break out of a quoted SQL literal, an identifier or a number when they are not escaped
SQL = (
	"' OR '1'='1",
	"' OR 1=1 -- ",
	'" OR ""="',
	"1; DROP TABLE `tabItem`; --",
	"') UNION SELECT name, password FROM __Auth -- ",
	"x` OR 1=1 -- ",
	"\\' OR 1=1 #",
	"\\",
	"%",
	"_",
	"%(company)s {0} %s",
	"a\x00b",
	"A" * 20_000 + "' OR '1'='1",
	*SLEEP,
)
SCRIPT = (
	"<script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	'{{ frappe.db.sql("select 1") }}',
	"{{ 7*191 }}",
	"{% raw %}{{ 7*191 }}{% endraw %}",
)
# a shorter batch for Frappe's own filter paths (list API, search filters): one breaker per quoting
# context, a SLEEP and, with canary_payloads, the stacked statements
COMPACT = (SQL[0], SQL[2], SQL[3], SQL[4], SQL[6], SLEEP[0])
# wildcards match everything by design in a LIKE search: no "more rows" check for them
WILDCARDS = ("%", "_")


def canary_payloads(canary: str) -> tuple[str, ...]:
	"""Stacked statements aimed at the canary row and at a whole table."""
	return (
		f"'; UPDATE `tabCustomer` SET customer_name = 'pwned' WHERE name = '{canary}'; -- ",
		"'; DELETE FROM `tabItem`; -- ",
	)


@dataclass
class Outcome:
	verdict: str
	size: float | None = None
	error: BaseException | None = None
	seconds: float = 0.0

	def describe(self) -> str:
		if self.error is None:
			return f"{self.verdict} (size {self.size}, {self.seconds:.2f} s)"
		return f"{self.verdict}: {type(self.error).__module__}.{type(self.error).__name__}: {str(self.error)[:200]}"


def result_size(result) -> float | None:
	"""How much a call gave back, to compare a hostile call with its harmless twin: rows of a report,
	items of a list, labels of a chart, the figure of a number card."""
	if isinstance(result, dict) and "result" in result:  # frappe.desk.query_report.run
		return len([row for row in result["result"] or [] if not _is_total_row(row)])
	if isinstance(result, dict) and "labels" in result:
		return len(result["labels"])
	if isinstance(result, dict) and isinstance(result.get("value"), int | float):
		return abs(float(result["value"]))
	if isinstance(result, list | tuple):
		return len(result)
	return None


def _is_total_row(row) -> bool:
	return isinstance(row, list) and bool(row) and row[0] in ("Total", "'Total'")


UNKNOWN_COLUMN = 1054


def is_sql_error(error: BaseException) -> bool:
	"""MariaDB refused the statement. An unknown column is the exception when only Frappe's code ran:
	Frappe quoted the string as a column name (a filter's field) and MariaDB found no such column."""
	if not isinstance(error, pymysql.err.MySQLError):
		return False
	return not (error.args and error.args[0] == UNKNOWN_COLUMN and not raised_in_app(error))


def raised_in_app(error: BaseException) -> bool:
	"""Did the call go through the app's code (its tests apart) on its way to the error?"""
	frame = error.__traceback__
	while frame:
		path = frame.tb_frame.f_code.co_filename
		if "/sales_flow/" in path and "/tests/" not in path:
			return True
		frame = frame.tb_next
	return False


# Frappe's own refusals with a message for the user: validation (not found, invalid link, bad
# value...), permission, a name it does not accept, an argument of the wrong type for its annotation
CLEAN_ERRORS = (
	frappe.ValidationError,
	frappe.PermissionError,
	frappe.NameError,
	frappe.exceptions.FrappeTypeError,
)


def is_clean_refusal(error: BaseException) -> bool:
	return isinstance(error, CLEAN_ERRORS) and not is_sql_error(error)


_probes = 0


def probe(call, *args, sleeps: bool = False, **kwargs) -> Outcome:
	"""Run `call(*args, **kwargs)` inside a savepoint (whatever it writes is undone) and say how it
	ended. `sleeps`: the arguments carry a SLEEP payload, so the call is timed."""
	global _probes
	_probes += 1
	savepoint = f"sf_injection_{_probes}"
	frappe.db.savepoint(savepoint)
	started = time.monotonic()
	try:
		size = result_size(call(*args, **kwargs))
		outcome = Outcome("result", size)
	except Exception as error:
		if is_sql_error(error):
			verdict = "sql-error"
		elif is_clean_refusal(error) or not raised_in_app(error):
			# a crash inside Frappe alone (say an IndexError on a nonsense field name) is Frappe's
			# way of refusing: what this suite asks of the app is its own code
			verdict = "refused"
		else:
			verdict = "crash"
		outcome = Outcome(verdict, error=error)
	outcome.seconds = time.monotonic() - started
	if sleeps and outcome.seconds > SLEEP_BOUND:
		outcome.verdict = "slow"
	frappe.db.rollback(save_point=savepoint)
	frappe.local.message_log = []
	frappe.local.response.pop("filecontent", None)
	return outcome


class Findings:
	"""What went wrong across a batch of probes, reported all at once, grouped by target and error."""

	def __init__(self):
		self.problems: dict[tuple[str, str], list[str]] = {}
		self.probes = 0
		self.seconds: dict[str, float] = {}
		self.verdicts: dict[str, int] = {}

	def check(self, target: str, payload: str, outcome: Outcome, miss: Outcome | None = None) -> None:
		"""A hostile call must be refused cleanly or answer no more than its harmless twin."""
		self.probes += 1
		self.verdicts[outcome.verdict] = self.verdicts.get(outcome.verdict, 0) + 1
		self.seconds[target] = self.seconds.get(target, 0.0) + outcome.seconds
		if outcome.verdict in ("sql-error", "crash", "slow"):
			error = type(outcome.error).__name__ if outcome.error else ""
			self.note(target, f"{outcome.verdict} {error}", f"{shorten(payload)!r}: {outcome.describe()}")
		elif (
			outcome.verdict == "result"
			and miss is not None
			and miss.verdict == "result"
			and payload not in WILDCARDS
			and outcome.size is not None
			and miss.size is not None
			and outcome.size > miss.size
		):
			self.note(
				target, "more rows", f"{shorten(payload)!r}: {outcome.size} against {miss.size} for a miss"
			)

	def note(self, target: str, kind: str, example: str) -> None:
		self.problems.setdefault((target, kind), []).append(example)

	def report(self) -> str:
		return "\n".join(
			f"{target}: {kind} x{len(examples)}, e.g. {examples[0]}"
			for (target, kind), examples in sorted(self.problems.items())
		)

	def assert_none(self) -> None:
		print(
			f"{self.probes} probes: {self.verdicts}; slowest:",
			sorted(self.seconds.items(), key=lambda kv: -kv[1])[:3],
		)
		assert self.probes, "no probe ran: the discovery found nothing"
		assert not self.problems, f"hostile calls that went wrong ({self.probes} probes):\n{self.report()}"


def shorten(text: str, length: int = 60) -> str:
	return text if len(text) <= length else f"{text[:length]}... ({len(text)} chars)"


# --- the canary ----------------------------------------------------------------------------------

WATCHED_TABLES = ("Customer", "Item", "Quotation", "Sales Order", "Sales Invoice", "User", "Company")


def database_snapshot(canary: str) -> dict:
	"""Row counts of the watched tables (None when the table is gone) and the canary's name."""
	tables = {row[0] for row in frappe.db.sql("show tables")}
	counts = {
		doctype: frappe.db.sql(f"select count(*) from `tab{doctype}`")[0][0]
		if f"tab{doctype}" in tables
		else None
		for doctype in WATCHED_TABLES
	}
	counts["__Auth"] = frappe.db.sql("select count(*) from `__Auth`")[0][0]
	counts["canary"] = frappe.db.get_value("Customer", canary, "customer_name")
	return counts


# --- discovery -----------------------------------------------------------------------------------

JS_FIELDNAME = re.compile(r"""\bfieldname\s*:\s*["'](\w+)["']""")
# a filter built by a helper of public/js/report_filters.js: the string literal first argument is its
# fieldname, or, when the first argument is not a string (company(), from_date(-3)...), the helper's name
JS_FILTER_HELPER = re.compile(r"""\breport_filters\.(\w+)\(\s*(?:["'](\w+)["'])?""")
# a helper of report_filters.js, its body up to the closing brace at its own indentation
JS_HELPER_BODY = re.compile(r"^\t(\w+)\(.*?\) \{$(.*?)^\t\},?$", re.M | re.S)
JS_METHOD = re.compile(r"""\bmethod\s*:\s*["']([\w.]+)["']""")


def module_folder() -> Path:
	return Path(frappe.get_module_path("Sales Flow"))


def app_script_reports() -> list[str]:
	return sorted(
		frappe.get_all(
			"Report", {"module": "Sales Flow", "report_type": "Script Report", "disabled": 0}, pluck="name"
		)
	)


def report_filter_fieldnames(report_name: str) -> list[str]:
	"""The filters the desk offers for a report: every `fieldname: "..."` and report_filters helper
	call of its .js (where Frappe's query report page reads them), and the filters stored on the
	Report record, if any."""
	folder = module_folder() / "report" / frappe.scrub(report_name)
	js = folder / f"{frappe.scrub(report_name)}.js"
	source = js.read_text() if js.exists() else ""
	names = set(JS_FIELDNAME.findall(source)) | helper_fieldnames(source, list_helpers())
	names |= {row.fieldname for row in frappe.get_doc("Report", report_name).get("filters") or []}
	return sorted(names)


def helper_fieldnames(source: str, lists: dict[str, str]) -> set[str]:
	"""The fieldnames of the report_filters helper calls in `source`: a list helper's (`lists`, name
	-> body) are those of the calls it returns, any other's its string first argument or its name."""
	names = set()
	for helper, fieldname in JS_FILTER_HELPER.findall(source):
		if helper in lists:
			names |= helper_fieldnames(lists[helper], lists)
		else:
			names.add(fieldname or helper)
	return names


def list_helpers() -> dict[str, str]:
	"""The helpers of public/js/report_filters.js that return several filters: name -> body."""
	source = (Path(sales_flow.__file__).parent / "public" / "js" / "report_filters.js").read_text()
	return {name: body for name, body in JS_HELPER_BODY.findall(source) if "return [" in body}


def chart_source_methods() -> dict[str, str]:
	"""Dashboard Chart Source of the module -> its method (declared in the source's .js only)."""
	methods = {}
	for source in frappe.get_all("Dashboard Chart Source", {"module": "Sales Flow"}, pluck="name"):
		js = module_folder() / "dashboard_chart_source" / frappe.scrub(source) / f"{frappe.scrub(source)}.js"
		found = JS_METHOD.findall(js.read_text()) if js.exists() else []
		methods[source] = found[0] if found else ""
	return methods


def number_card_methods() -> dict[str, str]:
	return dict(
		frappe.get_all(
			"Number Card", {"module": "Sales Flow", "type": "Custom"}, ["name", "method"], as_list=True
		)
	)


def import_app_modules() -> None:
	"""Import every module of the app (tests apart) so that each @frappe.whitelist has registered."""
	for module in pkgutil.walk_packages(sales_flow.__path__, "sales_flow."):
		last = module.name.rsplit(".", 1)[-1]
		if last.startswith("test_") or ".patches" in module.name:
			continue
		importlib.import_module(module.name)


def app_whitelisted_functions() -> list:
	"""The module-level whitelisted functions of the app (document methods apart)."""
	import_app_modules()
	functions = {
		fn
		for fn in frappe.whitelisted
		if getattr(fn, "__module__", "").startswith("sales_flow.") and "." not in fn.__qualname__
	}
	return sorted(functions, key=lambda fn: f"{fn.__module__}.{fn.__qualname__}")


def app_document_methods() -> list:
	"""Whitelisted methods of the app's DocType controllers, with the DocType they belong to."""
	import_app_modules()
	# singles too: a tool's methods (Payment Reconciliation) run on its one record
	doctypes = frappe.get_all("DocType", {"module": "Sales Flow", "istable": 0}, pluck="name")
	methods = []
	for fn in frappe.whitelisted:
		module = getattr(fn, "__module__", "")
		if module.startswith("sales_flow.") and "." in fn.__qualname__ and ".doctype." in module:
			folder = module.split(".doctype.")[1].split(".")[0]
			doctype = next((d for d in doctypes if frappe.scrub(d) == folder), None)
			methods.append((doctype, fn))
	return sorted(methods, key=lambda pair: method_path(pair[1]))


def method_path(fn) -> str:
	return f"{fn.__module__}.{fn.__qualname__}"


def parameters(fn) -> list[inspect.Parameter]:
	return [
		p
		for p in inspect.signature(fn).parameters.values()
		if p.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
	]


def app_doctypes() -> list[str]:
	"""The module's DocTypes a user can search and list (child tables and singles apart)."""
	return sorted(
		frappe.get_all("DocType", {"module": "Sales Flow", "istable": 0, "issingle": 0}, pluck="name")
	)
