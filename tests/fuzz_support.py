"""What tests/test_fuzz.py shares: malformed payloads for the app's submittable DocTypes and
whitelisted methods, the oracle every answer is held to, and exact row counts of every table.

Payloads are request bodies, built here byte for byte (Python's json writes NaN and Infinity, as a
careless or hostile client would; bodies that are not UTF-8, not JSON or nested 20,000 deep are
written by hand). Each is malformed for its target: a wrong type, a non-finite or absurd number, an
impossible date, an oversize string, a table that is not a list of rows, an unknown child DocType,
a docstatus a new document cannot have, an injection or script string where a record's name goes.

The oracle (Tally.check): a 4xx (never a 5xx, never accepted), a message in French (no English
marker word, and not a string Frappe has a French translation for left untranslated), no traceback
in the body (no `Traceback`, no `File "`, no `exc` key), and a refusal that does not echo the
payload back by the megabyte.
"""

import inspect
import json
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import frappe
import requests

from tests.injection_support import MISS, SCRIPT, SQL, app_whitelisted_functions, parameters, shorten

NAN = float("nan")
INFINITY = float("inf")
HUGE_INT = 10**30
# one per target: a megabyte of text where a name goes
OVERSIZE = "A" * 1_000_000
DEPTH = 20_000
# a refusal may quote what it refuses, not the whole of it
MAX_REFUSAL_BYTES = 64 * 1024

# --- values --------------------------------------------------------------------------------------

WRONG_TYPES = (("a list", [1, 2]), ("an object", {"a": 1}), ("true", True), ("false", False), ("null", None))
# sent where a value is required: an optional argument may legitimately be empty
EMPTY = ("false", "null")
ABSURD_NUMBERS = (
	("NaN", NAN),
	("Infinity", INFINITY),
	("-Infinity", -INFINITY),
	("1e308", 1e308),
	("-1e308", -1e308),
	("a 31-digit integer", HUGE_INT),
	("a negative 31-digit integer", -HUGE_INT),
)
NUMBERS_AS_TEXT = (("'NaN' as text", "NaN"), ("'inf' as text", "inf"), ("'abc' for a number", "abc"))
IMPOSSIBLE_DATES = (("2026-02-30", "2026-02-30"), ("0000-00-00", "0000-00-00"), ("31/02/2026", "31/02/2026"))
# where a record's name goes: quote breakers, stacked statements, a NUL byte, markup, a template
HOSTILE = tuple(
	(f"injection {shorten(text, 30)!r}", text)
	for text in (SQL[0], SQL[3], SQL[4], SQL[7], SQL[11], SCRIPT[0], SCRIPT[2])
)


def nested_json(depth: int = DEPTH) -> str:
	"""A JSON array nested `depth` deep (json.dumps of such a list would overflow Python's stack)."""
	return "[" * depth + "]" * depth


# --- requests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
	label: str
	body: bytes
	content_type: str = "application/json"
	# the target may answer it (an argument it does not read): never a 5xx, never a write
	may_pass: bool = False


def json_body(label: str, value, may_pass: bool = False) -> Payload:
	"""`value` as JSON, NaN and Infinity written as Python's json writes them."""
	return Payload(label, json.dumps(value, allow_nan=True).encode(), may_pass=may_pass)


def request_level_payloads(valid: dict, key: str) -> list[Payload]:
	"""Bodies broken as a whole, around an otherwise valid request whose `key` carries the damage."""
	head = json.dumps({k: v for k, v in valid.items() if k != key})[:-1]
	head = f"{head}, " if valid.keys() - {key} else "{"
	return [
		Payload(f"{key} nested {DEPTH} deep", f'{head}"{key}": {nested_json()}}}'.encode()),
		Payload("a body that is not UTF-8", f'{head}"{key}": "'.encode() + b'\xff\xfe\xc3\x28"}'),
		Payload("invalid JSON (cut short)", f'{head}"{key}": '.encode()),
		Payload("invalid JSON (single quotes)", f"{head}'{key}': 'x'}}".encode()),
		json_body("a JSON array for the body", [valid]),
		json_body("a JSON number for the body", 42),
		json_body("a JSON string for the body", "x"),
		json_body("JSON null for the body", None),
		Payload(
			"a form body that is not UTF-8",
			f"{key}=%FF%FE%C3%28".encode(),
			"application/x-www-form-urlencoded",
		),
	]


class Client:
	"""One login for the whole run, its session cookie shared by a few threads: the server answers
	one request while MariaDB works on another."""

	def __init__(self, url: str, user: str, password: str, workers: int = 3):
		self.url = url
		self.workers = workers
		login = requests.Session()
		answer = login.post(f"{url}/api/method/login", data={"usr": user, "pwd": password}, timeout=60)
		assert answer.status_code == 200, answer.text
		self.cookies = login.cookies
		self.local = threading.local()

	def session(self) -> requests.Session:
		if not hasattr(self.local, "http"):
			self.local.http = requests.Session()
			self.local.http.cookies.update(self.cookies)
			self.local.http.headers["Accept-Language"] = "fr"
		return self.local.http

	def send(self, verb: str, path: str, payload: Payload) -> requests.Response:
		return self.session().request(
			verb,
			f"{self.url}{path}",
			data=payload.body,
			headers={"Content-Type": payload.content_type, "Accept": "application/json"},
			timeout=120,
		)

	def send_all(self, verb: str, path: str, payloads: list[Payload]) -> list[requests.Response]:
		with ThreadPoolExecutor(self.workers) as pool:
			return list(pool.map(lambda payload: self.send(verb, path, payload), payloads))


# --- documents -----------------------------------------------------------------------------------


def submittable_doctypes() -> list[str]:
	return sorted(
		frappe.get_all("DocType", {"module": "Sales Flow", "is_submittable": 1, "istable": 0}, pluck="name")
	)


@dataclass
class DocumentShape:
	"""The fields of a DocType the payloads damage, found in its meta."""

	doctype: str
	party: str | None  # whom the document is for: a mandatory link
	date: str | None
	table: str | None  # its lines
	row_doctype: str | None
	row_link: str | None  # the line's item (or reference)
	row_number: str | None  # the line's quantity (or amount)
	number: str | None  # a mandatory figure of the header
	other_row_doctype: str | None  # a child DocType of another table of the document


def shape_of(doctype: str) -> DocumentShape:
	meta = frappe.get_meta(doctype)
	fields = [f for f in meta.fields if not f.read_only and not f.hidden]
	party = next(
		(
			f.fieldname
			for f in fields
			if f.reqd
			and f.fieldtype in ("Link", "Dynamic Link")
			and f.options not in ("Company", "DocType")
			and not f.default
			and "currency" not in f.fieldname
		),
		None,
	)
	date = next((f.fieldname for f in fields if f.fieldtype == "Date" and f.reqd), None)
	tables = [f for f in meta.get_table_fields()]
	table = next((f for f in tables if f.reqd), tables[0] if tables else None)
	row_meta = frappe.get_meta(table.options) if table else None
	row_fields = [f for f in row_meta.fields if not f.read_only] if row_meta else []
	row_link = next(
		(f.fieldname for f in row_fields if f.fieldtype in ("Link", "Dynamic Link") and f.reqd), None
	)
	row_number = next(
		(f.fieldname for f in row_fields if f.fieldtype in ("Float", "Currency") and f.reqd), None
	)
	row_number = row_number or next((f.fieldname for f in row_fields if f.fieldtype == "Float"), None)
	number = next(
		(f.fieldname for f in fields if f.fieldtype in ("Currency", "Float") and f.reqd and not f.default),
		None,
	)
	other = next((f.options for f in tables if table and f.options != table.options), None)
	return DocumentShape(
		doctype,
		party,
		date,
		table.fieldname if table else None,
		table.options if table else None,
		row_link,
		row_number,
		number,
		other,
	)


def document_payloads(shape: DocumentShape, valid: dict) -> list[Payload]:
	"""Malformed versions of `valid` (a document that would be accepted as it is), each broken in
	one place, for a POST (`valid` is a whole document) or a PUT (the fields to change)."""
	payloads: list[Payload] = []

	def broken(label: str, **changes) -> None:
		payloads.append(json_body(label, {**valid, **changes}))

	rows = valid.get(shape.table) or [{}]

	def broken_row(label: str, **changes) -> None:
		broken(label, **{shape.table: [{**rows[0], **changes}, *rows[1:]]})

	if shape.party:
		for label, value in (*WRONG_TYPES, *HOSTILE):
			broken(f"{shape.party}: {label}", **{shape.party: value})
		broken(f"{shape.party}: 1 MB of text", **{shape.party: OVERSIZE})
	if shape.table:
		table = shape.table
		broken(f"{table}: a string", **{table: "abc"})
		broken(f"{table}: an object", **{table: rows[0]})
		broken(f"{table}: rows that are not objects", **{table: [1, "x", None]})
		broken(f"{table}: a row that is a list", **{table: [list(rows[0].items())]})
		broken_row(f"{table}: a row of an unknown child DocType", doctype="SF No Such Row")
		if shape.other_row_doctype:
			broken_row(f"{table}: a row of another table's DocType", doctype=shape.other_row_doctype)
		if shape.row_link:
			for label, value in WRONG_TYPES[:3]:
				broken_row(f"{table}[0].{shape.row_link}: {label}", **{shape.row_link: value})
		if shape.row_number:
			for label, value in (*ABSURD_NUMBERS, *NUMBERS_AS_TEXT, *WRONG_TYPES[:3]):
				broken_row(f"{table}[0].{shape.row_number}: {label}", **{shape.row_number: value})
	if shape.number:
		for label, value in ABSURD_NUMBERS[:4]:
			broken(f"{shape.number}: {label}", **{shape.number: value})
	if shape.date:
		for label, value in (*IMPOSSIBLE_DATES, WRONG_TYPES[0]):
			broken(f"{shape.date}: {label}", **{shape.date: value})
	broken("docstatus 2", docstatus=2)
	broken("docstatus 3", docstatus=3)
	broken("docstatus 'one'", docstatus="one")
	broken("docstatus [1]", docstatus=[1])
	if shape.table and shape.row_number:
		broken_row(f"docstatus 1 with {shape.row_number} NaN", **{shape.row_number: NAN})
		payloads[-1] = json_body(payloads[-1].label, {**json.loads(payloads[-1].body), "docstatus": 1})
	if shape.party:
		# Frappe ignores unknown keys by design (the desk sends its own __ keys): with the party
		# missing the document is refused, and the unknown keys must neither crash nor be written
		broken(
			"unknown fields (and no party)",
			**{shape.party: None, "sf_no_such_field": NAN, SQL[0]: 1, "__sf": {"a": [1]}},
		)
	return payloads + request_level_payloads(valid, shape.party or "name")


# --- whitelisted methods -------------------------------------------------------------------------

# a chart source's plumbing that Frappe passes to every source and ours ignore: any value is fine
IGNORED_ARGUMENTS = {
	"self",
	"chart_name",
	"chart",
	"no_cache",
	"refresh",
	"heatmap_year",
	"timespan",
	"time_interval",
}
JSON_OBJECTS = {"doc", "quotation", "filters", "target_doc"}
JSON_LISTS = {"names", "plans", "chosen_alternatives", "lost_reasons", "lost_reasons_list", "competitors"}
NUMBERS = {
	"qty",
	"party_amount",
	"paid_amount",
	"percentage",
	"grand_total",
	"at_period_end",
	"no_letterhead",
}
CHOICES = {"mode", "channel", "outcome", "status"}
# free text a user types (an injection string there is text like any other)
TEXTS = {"note", "detailed_reason"}


# Frappe's contracts that answer a miss with an empty result, not an error: validate_link (the
# desk checks a typed link with it) and a link field's search query; our overrides keep them
ANSWERED_MISSES = {
	"validate_link": {"docname", "fields"},
	"search_users": {"txt", "searchfield", "start", "page_len", "filters"},
}


def kind_of(parameter: inspect.Parameter) -> str:
	name = parameter.name
	if name in JSON_OBJECTS:
		return "object"
	if name in JSON_LISTS:
		return "list"
	if name in NUMBERS:
		return "number"
	if name.endswith("date"):
		return "date"
	if name in CHOICES:
		return "choice"
	if name in TEXTS:
		return "text"
	return "name"


def is_required(parameter: inspect.Parameter) -> bool:
	return parameter.default is inspect.Parameter.empty


# what an argument other than the primary one gets of a name's, a number's or a date's values: one
# of each family (wrong type, absurd number, impossible date, injection), to keep the run short
SHORT_LABELS = {
	"a list",
	"an object",
	"true",
	"null",
	"empty text",
	"NaN",
	"Infinity",
	"1e308",
	"a 31-digit integer",
	"'abc' for a number",
	*(label for label, _value in IMPOSSIBLE_DATES),
	HOSTILE[0][0],
	HOSTILE[5][0],
}


def value_payloads(parameter: inspect.Parameter, full: bool = True) -> list[tuple[str, object]]:
	"""(label, value) malformed for this argument, by what it holds; `full`: every value, else one
	of each family for names, numbers and dates (JSON arguments always get every value)."""
	values = all_value_payloads(parameter)
	if full or kind_of(parameter) in ("object", "list", "choice", "text"):
		return values
	return [(label, value) for label, value in values if label in SHORT_LABELS]


def all_value_payloads(parameter: inspect.Parameter) -> list[tuple[str, object]]:
	kind = kind_of(parameter)
	wrong = [(label, value) for label, value in WRONG_TYPES if is_required(parameter) or label not in EMPTY]
	if kind == "object":
		values = [
			("text that is not JSON", "{'a': 1"),
			("JSON text of a number", "42"),
			("JSON text of a string", '"x"'),
			("JSON text nested 20,000 deep", nested_json()),
			*ABSURD_NUMBERS[:4],
			("true", True),
			("a list of numbers", [1, 2]),
		]
		if parameter.name == "filters":
			values += [
				("filters: company a list", {"company": [1, 2]}),
				("filters: company an object", {"company": {"a": 1}}),
				("filters: company NaN", {"company": NAN}),
				("filters: from_date 2026-02-30", {"from_date": "2026-02-30"}),
				("filters: a card row whose value is a list", [["Quotation", "company", "=", [1]]]),
			]
		else:
			values += [
				("doctype unknown", {"doctype": "SF No Such DocType"}),
				("doctype a list", {"doctype": ["Quotation"]}),
				("items a string", {"doctype": "Quotation", "items": "abc"}),
				("items rows that are not objects", {"doctype": "Quotation", "items": [1, "x"]}),
				(
					"a row of an unknown child DocType",
					{"doctype": "Quotation", "items": [{"doctype": "SF No"}]},
				),
			]
		return values + ([("null", None), ("empty text", "")] if is_required(parameter) else [])
	if kind == "list":
		return [
			("text that is not JSON", "[1, "),
			("JSON text of an object", '{"a": 1}'),
			("JSON text of a number", "42"),
			("JSON text nested 20,000 deep", nested_json()),
			("an object", {"a": 1}),
			("NaN", NAN),
			("true", True),
			("rows that are lists", [[1]]),
			("rows that are objects", [{"a": 1}]),
			("a NaN row", [NAN]),
			*([("null", None)] if is_required(parameter) else []),
		]
	if kind == "number":
		return [*ABSURD_NUMBERS, *NUMBERS_AS_TEXT, *[w for w in wrong if w[0] not in ("true", "false")]]
	if kind == "date":
		return [
			*IMPOSSIBLE_DATES,
			*wrong[:2],
			ABSURD_NUMBERS[0],
			ABSURD_NUMBERS[3],
			("text", "abc"),
			HOSTILE[0],
		]
	if kind == "choice":
		return [("an unknown choice", "sf-no-such-choice"), *wrong[:2], ABSURD_NUMBERS[0], *HOSTILE[:2]]
	if kind == "text":
		return [*wrong[:3], ABSURD_NUMBERS[0], ABSURD_NUMBERS[3], ("1 MB of text", OVERSIZE)]
	return [
		*wrong,
		*ABSURD_NUMBERS[:4],
		ABSURD_NUMBERS[5],
		*HOSTILE,
		# an optional name may be left out, not sent blank or naming no record
		*(
			[("empty text", "")]
			if is_required(parameter)
			else [("blank text", "   "), ("a name of no record", MISS)]
		),
	]


def probed_parameters(fn) -> list[inspect.Parameter]:
	return [p for p in parameters(fn) if p.name not in IGNORED_ARGUMENTS]


def primary_parameter(fn) -> inspect.Parameter | None:
	"""The argument every payload of the full batch goes to: the first required one (the record or
	document the method works on), else the first it reads."""
	probed = probed_parameters(fn)
	return next((p for p in probed if is_required(p)), probed[0] if probed else None)


def method_payloads(fn, benign: dict) -> list[Payload]:
	"""The malformed calls of a whitelisted function: each argument given each value malformed for
	it (the others benign); the primary one also a megabyte of text, hostile strings and absurd
	numbers whatever it holds, beside unknown arguments; and bodies broken as a whole. A function
	without arguments gets the values as an unknown argument (Frappe drops it)."""
	payloads = []
	answered = ANSWERED_MISSES.get(fn.__name__, set())
	primary = primary_parameter(fn)
	for parameter in probed_parameters(fn):
		may_pass = parameter.name in answered
		for label, value in value_payloads(parameter, full=parameter == primary):
			body = {**benign, parameter.name: value}
			payloads.append(json_body(f"{parameter.name}: {label}", body, may_pass))
	key = primary.name if primary else "sf_argument"
	may_pass = not primary or key in answered
	sent = {payload.label for payload in payloads}
	# a list or an object is the right type of a JSON argument: their own values cover the rest
	scalar = not primary or kind_of(primary) not in ("object", "list")
	wrong = [w for w in WRONG_TYPES if scalar and (not primary or is_required(primary) or w[0] not in EMPTY)]
	for label, value in (*HOSTILE, *ABSURD_NUMBERS, *wrong):
		if f"{key}: {label}" not in sent:
			payloads.append(json_body(f"{key}: {label}", {**benign, key: value}, may_pass))
	payloads.append(json_body(f"{key}: 1 MB of text", {**benign, key: OVERSIZE}, may_pass))
	# unknown keyword arguments beside a refused one: dropped by Frappe, never a crash
	unknown = {"sf_no_such_argument": NAN, SQL[0]: [1], key: [1]}
	payloads.append(json_body("unknown arguments", {**benign, **unknown}, not primary))
	return payloads + request_level_payloads(benign, key)


def app_methods() -> list:
	return app_whitelisted_functions()


def document_method_payloads(fn, benign: dict, doctype: str, name: str) -> list[Payload]:
	"""The malformed calls of a whitelisted method of a DocType's controller, as the desk makes them
	(run_doc_method: the document, the method and its arguments in `args`)."""
	call = {"dt": doctype, "dn": name, "method": fn.__name__}
	payloads = []
	for payload in method_payloads(fn, benign):
		try:
			args = json.loads(payload.body)
		except (ValueError, RecursionError):
			args = None
		if isinstance(args, dict) and payload.content_type == "application/json":
			body = {**call, "args": args}
			payloads.append(json_body(payload.label, body, payload.may_pass))
	return payloads + request_level_payloads({**call, "args": benign}, "args")


# --- the oracle ----------------------------------------------------------------------------------

ENGLISH_MARKERS = re.compile(
	r"\b(the|is|are|not|must|cannot|can't|does|doesn't|should|please|invalid|allowed|permitted|found|"
	r"exist|exists|required|missing|error|you|your|was|were|has|have|only|unable|failed|"
	r"insufficient|forbidden|request|server|internal|bad|instead|got|value|row)\b",
	re.IGNORECASE,
)
FRENCH_MARKERS = re.compile(
	r"[éèêàâçùûôîœ«»]|\b(le|la|les|de|des|du|un|une|est|pas|doit|ne|pour|dans|sur|avec|au|aux|ce|"
	r"cette|et|ou|en|il|manque|peut|sont|inconnue?|introuvable|impossible|invalide|ligne|valeur|non)\b|\b[ldnj]'",
	re.IGNORECASE,
)
BOLD = re.compile(r"<(b|strong)>.*?</\1>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def messages_of(body) -> list[str]:
	"""The messages a refusal shows the user: Frappe's _server_messages, else its exception line."""
	if not isinstance(body, dict):
		return []
	found = []
	for raw in json.loads(body.get("_server_messages") or "[]"):
		message = json.loads(raw) if isinstance(raw, str) else raw
		text = message.get("message") if isinstance(message, dict) else message
		if text:
			found.append(str(text))
	if not found and isinstance(body.get("message"), str):
		found.append(body["message"])
	if not found and isinstance(body.get("exception"), str):
		found.append(body["exception"].split(": ", 1)[-1])
	return found


def plain(message: str, echoes: tuple[str, ...] = ()) -> str:
	"""The words of a message: quoted values (in bold, or the payload's own text) and tags removed."""
	text = TAG.sub(" ", BOLD.sub(" ", message))
	for echo in echoes:
		if echo.isidentifier():
			text = re.sub(rf"\b{echo}\b", " ", text)
		elif echo:
			text = text.replace(echo, " ")
	return text


def language_problem(message: str, translations: dict[str, str], echoes: tuple[str, ...]) -> str | None:
	"""Why `message` is not French, or None."""
	if message in translations and translations[message] != message:
		return "left untranslated"
	text = plain(message, echoes)
	english = ENGLISH_MARKERS.findall(text)
	if english:
		return f"English ({', '.join(sorted({w.lower() for w in english}))})"
	if not FRENCH_MARKERS.search(text):
		return "no French word"
	return None


def traceback_in(response: requests.Response, body) -> bool:
	text = response.text
	return "Traceback" in text or 'File "' in text or (isinstance(body, dict) and "exc" in body)


@dataclass
class Tally:
	"""Every answer of the run, and what was wrong with them, grouped by target and problem."""

	translations: dict[str, str]
	statuses: Counter = field(default_factory=Counter)
	problems: dict[tuple[str, str], list[str]] = field(default_factory=dict)
	rows_written: int = 0
	targets: int = 0
	allowed: int = 0  # answered, and allowed to be: see Payload.may_pass
	seconds: dict[str, float] = field(default_factory=dict)

	@property
	def payloads(self) -> int:
		return sum(self.statuses.values())

	def check(self, target: str, payload: Payload, response: requests.Response) -> None:
		status = response.status_code
		self.statuses[status] += 1
		try:
			body = response.json()
		except ValueError:
			body = None
		example = f"{payload.label} -> {status}"
		if status >= 500:
			self.note(target, f"{status} {exception_type(body)}", example)
		elif not 400 <= status < 500:
			if payload.may_pass:
				self.allowed += 1
			else:
				self.note(target, f"{status}: accepted", example)
			return
		if traceback_in(response, body):
			self.note(target, "traceback in the answer", example)
		if len(response.content) > MAX_REFUSAL_BYTES:
			self.note(target, "the refusal echoes the payload", f"{example}: {len(response.content):,} bytes")
		messages = messages_of(body)
		if not messages:
			self.note(target, "no message", f"{example}: {shorten(response.text, 120)!r}")
		for message in messages:
			problem = language_problem(message, self.translations, echoes_of(payload))
			if problem:
				self.note(target, f"message {problem}", f"{example}: {shorten(message, 160)!r}")

	def written(self, target: str, changes: dict[str, int]) -> None:
		self.rows_written += sum(abs(n) for n in changes.values())
		if changes:
			self.note(target, "rows written", ", ".join(f"{t} {n:+d}" for t, n in sorted(changes.items())))

	def note(self, target: str, kind: str, example: str) -> None:
		self.problems.setdefault((target, kind), []).append(example)

	def summary(self) -> str:
		by_class = Counter()
		for status, count in self.statuses.items():
			by_class[f"{status // 100}xx"] += count
		return (
			f"fuzz: {self.targets} targets, {self.payloads} payloads: {by_class['4xx']} 4xx, "
			f"{by_class['5xx']} 5xx, {by_class['2xx'] + by_class['3xx']} answered ({self.allowed} of them "
			"allowed: an argument the target does not read, a lookup's miss); "
			f"{self.rows_written} rows written; statuses {dict(sorted(self.statuses.items()))}; "
			f"{sum(self.seconds.values()):.0f} s, slowest: "
			+ ", ".join(f"{t} {s:.1f} s" for t, s in sorted(self.seconds.items(), key=lambda ts: -ts[1])[:3])
		)

	def report(self) -> str:
		return "\n".join(
			f"{target}: {kind} x{len(examples)}, e.g. {'; '.join(examples[:3])}"
			for (target, kind), examples in sorted(self.problems.items())
		)


def exception_type(body) -> str:
	if isinstance(body, dict):
		return str(body.get("exc_type") or body.get("exception", "")).split(":")[0]
	return "(not JSON)"


def echoes_of(payload: Payload) -> tuple[str, ...]:
	"""The payload's own strings, which a message may quote, and the argument it damages (a
	message names it as it is spelt in the code: `row`, `source_name`)."""
	texts = (*(text for _label, text in HOSTILE), OVERSIZE[:1000], MISS)
	argument = payload.label.split(":")[0] if ":" in payload.label else ""
	return (*(text for text in texts if text in payload.body.decode(errors="replace")), argument)


# --- row counts ----------------------------------------------------------------------------------

# what Frappe itself writes on a request, a login or an error, whatever the payload: not the app's
# data, so not counted
LOG_TABLES = {
	"tabAccess Log",
	"tabActivity Log",
	"tabError Log",
	"tabRoute History",
	"tabScheduled Job Log",
	"tabSessions",
	"tabVersion",
}


def table_counts() -> dict[str, int]:
	"""The exact row count of every table of the site (log tables apart), in one statement, on a
	fresh snapshot (what the server committed since)."""
	frappe.db.rollback()
	tables = [row[0] for row in frappe.db.sql("show tables") if row[0] not in LOG_TABLES]
	sql = " union all ".join(f"select {frappe.db.escape(t)}, count(*) from `{t}`" for t in tables)
	return dict(frappe.db.sql(sql))


def count_changes(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
	return {
		table: after.get(table, 0) - before.get(table, 0)
		for table in before.keys() | after.keys()
		if after.get(table, 0) != before.get(table, 0)
	}
