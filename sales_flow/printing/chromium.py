"""An HTML page printed to PDF by Debian's Chromium, headless, spoken to over the DevTools protocol
on a pipe (no port, no extra package).

Debian's wkhtmltopdf is the build without patched Qt: Frappe's print view warns about it on every
PDF ("Invalid wkhtmltopdf version") and that build ignores the header and footer Frappe gives it
(page numbers, a letter head's footer). Chromium prints the same page with them as its header and
footer templates. Scripts are off and the page is a data: URL, so it reads no local file."""

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from contextlib import suppress

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
ARGS = (
	"--headless",
	"--remote-debugging-pipe",
	"--no-sandbox",  # the web server's user, no user namespaces in a container
	"--disable-gpu",
	"--disable-dev-shm-usage",
	"--disable-extensions",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
	"--mute-audio",
)
TIMEOUT = 60  # seconds for one PDF: below the web server's 120
# a data: URL longer than this is refused by Chromium (2 MB): such a page goes to wkhtmltopdf
MAX_URL = 2 * 1024 * 1024 - 64
MM_PER_INCH = 25.4
SPACING = 4  # mm between a header or footer and the page's content
EMPTY = "<span></span>"
PAPER = {
	"A4": (210, 297),
	"A3": (297, 420),
	"A5": (148, 210),
	"Letter": (215.9, 279.4),
	"Legal": (215.9, 355.6),
}


class ChromiumError(Exception):
	pass


def chromium_binary() -> str | None:
	return next((path for path in map(shutil.which, CANDIDATES) if path), None)


def printable(html: str) -> bool:
	return bool(chromium_binary()) and len(data_url(html)) <= MAX_URL


def data_url(html: str) -> str:
	return "data:text/html;charset=utf-8;base64," + base64.b64encode(html.encode()).decode()


def html_to_pdf(html: str, options: dict, header: str = "", footer: str = "") -> bytes:
	"""The PDF of `html`, with the page size and margins of Frappe's PDF `options` (wkhtmltopdf's
	names: page-size, margin-top...) and a header and footer (HTML, wkhtmltopdf's page number
	spans) repeated on every page, the margins grown to hold them."""
	parameters = print_parameters(options, template(header), template(footer))
	with DevTools(chromium_binary()) as browser:
		session = browser.open_page()
		browser.call("Emulation.setScriptExecutionDisabled", {"value": True}, session)
		browser.call("Page.enable", {}, session)
		width = parameters["paperWidth"] * MM_PER_INCH
		for side, fragment in (
			("Top", parameters["headerTemplate"]),
			("Bottom", parameters["footerTemplate"]),
		):
			if fragment != EMPTY:
				room = (browser.height(session, fragment, width) + SPACING) / MM_PER_INCH
				parameters[f"margin{side}"] = max(parameters[f"margin{side}"], room)
		browser.load(session, html)
		printed = browser.call("Page.printToPDF", parameters, session)
	return base64.b64decode(printed["data"])


def print_parameters(options: dict, header: str, footer: str) -> dict:
	width, height = PAPER.get(options.get("page-size") or "A4", PAPER["A4"])
	if options.get("page-width") and options.get("page-height"):
		width, height = millimetres(options["page-width"]), millimetres(options["page-height"])
	if options.get("orientation") == "Landscape":
		width, height = height, width
	return {
		"printBackground": True,
		"paperWidth": width / MM_PER_INCH,
		"paperHeight": height / MM_PER_INCH,
		**{
			f"margin{side.title()}": millimetres(options.get(f"margin-{side}") or "15mm") / MM_PER_INCH
			for side in ("top", "bottom", "left", "right")
		},
		"displayHeaderFooter": bool(header or footer),
		# an empty template would print Chromium's own (date, title, address)
		"headerTemplate": header or EMPTY,
		"footerTemplate": footer or EMPTY,
	}


def millimetres(value) -> float:
	text = str(value).strip().lower()
	for unit, factor in (("mm", 1), ("cm", 10), ("in", MM_PER_INCH), ("px", MM_PER_INCH / 96)):
		if text.endswith(unit):
			return float(text[: -len(unit)]) * factor
	return float(text)


def template(fragment: str) -> str:
	"""A header or footer as Chromium's template: wkhtmltopdf's page number spans as Chromium's,
	a readable size (templates start at 0) and the page's side margins."""
	if not fragment.strip():
		return ""
	fragment = fragment.replace('class="page"', 'class="pageNumber"').replace(
		'class="topage"', 'class="totalPages"'
	)
	return (
		'<div style="font-size: 9px; width: 100%; margin: 0 15mm; -webkit-print-color-adjust: exact">'
		f"{fragment}</div>"
	)


class DevTools:
	"""One headless Chromium and its DevTools pipe: fd 3 carries commands, fd 4 answers, each
	message a JSON object ended by a NUL byte."""

	def __init__(self, binary: str | None):
		if not binary:
			raise ChromiumError("Chromium is not installed")
		self.binary = binary
		self.next_id = 0
		self.buffer = b""
		self.events: list[dict] = []
		self.deadline = time.monotonic() + TIMEOUT

	def __enter__(self) -> "DevTools":
		self.profile = tempfile.mkdtemp(prefix="sales-flow-chromium-")
		commands_read, self.commands = os.pipe()
		self.answers, answers_write = os.pipe()
		# the child's fds 3 and 4, whatever numbers the pipes got here
		high_read, high_write = os.dup(commands_read), os.dup(answers_write)

		def child_pipes() -> None:
			os.dup2(high_read, 3)
			os.dup2(high_write, 4)

		self.process = subprocess.Popen(
			[self.binary, *ARGS, f"--user-data-dir={self.profile}", "about:blank"],
			stdin=subprocess.DEVNULL,
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			pass_fds=(3, 4),
			preexec_fn=child_pipes,
		)
		for fd in (commands_read, answers_write, high_read, high_write):
			os.close(fd)
		return self

	def __exit__(self, *exc) -> None:
		with suppress(Exception):
			self.send("Browser.close", {})
		try:
			self.process.wait(timeout=10)
		except subprocess.TimeoutExpired:
			self.process.kill()
			self.process.wait()
		for fd in (self.commands, self.answers):
			with suppress(OSError):
				os.close(fd)
		shutil.rmtree(self.profile, ignore_errors=True)

	def load(self, session: str, html: str) -> None:
		self.call("Page.navigate", {"url": data_url(html)}, session)
		self.wait_for("Page.loadEventFired", session)

	def height(self, session: str, fragment: str, width_mm: float) -> float:
		"""The height (mm) of a header or footer drawn at the page's width."""
		self.load(session, f'<html><body style="margin: 0; width: {width_mm}mm">{fragment}</body></html>')
		root = self.call("DOM.getDocument", {}, session)["root"]["nodeId"]
		box = self.call("DOM.querySelector", {"nodeId": root, "selector": "body > div"}, session)["nodeId"]
		return self.call("DOM.getBoxModel", {"nodeId": box}, session)["model"]["height"] * MM_PER_INCH / 96

	def open_page(self) -> str:
		target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
		return self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

	def send(self, method: str, params: dict, session: str | None = None) -> int:
		self.next_id += 1
		message = {"id": self.next_id, "method": method, "params": params}
		if session:
			message["sessionId"] = session
		os.write(self.commands, json.dumps(message).encode() + b"\0")
		return self.next_id

	def call(self, method: str, params: dict, session: str | None = None) -> dict:
		sent = self.send(method, params, session)
		while True:
			message = self.receive()
			if message.get("id") == sent:
				if "error" in message:
					raise ChromiumError(f"{method}: {message['error'].get('message')}")
				return message.get("result") or {}
			self.events.append(message)

	def wait_for(self, event: str, session: str) -> None:
		while True:
			for message in self.events:
				if message.get("method") == event and message.get("sessionId") == session:
					self.events.remove(message)
					return
			self.events.append(self.receive())

	def receive(self) -> dict:
		while b"\0" not in self.buffer:
			left = self.deadline - time.monotonic()
			if left <= 0 or not select.select([self.answers], [], [], left)[0]:
				raise ChromiumError(f"no answer from Chromium within {TIMEOUT} s")
			chunk = os.read(self.answers, 1 << 20)
			if not chunk:
				raise ChromiumError("Chromium stopped")
			self.buffer += chunk
		message, self.buffer = self.buffer.split(b"\0", 1)
		return json.loads(message)
