"""Driving the Frappe desk in Debian's Chromium with Playwright: the few gestures a user makes.

Selectors are the desk's own (data-fieldname, data-label, the primary action); each gesture waits
for what the user would wait for (a dropdown, a saved form), never for a fixed delay.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import frappe
import pytest
from frappe.utils.password import update_password
from playwright.sync_api import (
	Browser,
	ConsoleMessage,
	Page,
	Response,
	TimeoutError,
	expect,
	sync_playwright,
)

from tests.sales_setup import sales_setup
from tests.support import committed_cleanup, make_user

# the test site's web server (started by scripts/test.sh) and where the screenshots go
URL = os.environ.get("SF_TEST_URL", "")
ARTIFACTS = Path(os.environ.get("SF_ARTIFACTS", "test-artifacts")) / "browser"
# the password of every desk user the browser tests create
PASSWORD = "Desk-Browser-Passw0rd!"
CHROMIUM = os.environ.get("SF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-dev-shm-usage",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
]
TIMEOUT_MS = 30_000
# what a refused save or submit shows: Frappe's message dialog (msgprint) or its server error dialog
REFUSAL = ".modal.show.msgprint-dialog, .modal.show .msgprint:not(:empty)"
# Frappe reloads the open form 1 s after socket.io's doc_update says the server changed its document
# (frappe/public/js/frappe/model/model.js, on the same conditions as below), redrawing its buttons: a
# click in that instant is lost. The page notes when such a reload is due and when a form was last
# drawn, so that settle() waits for that reload too (10 s at most: a reload that draws nothing).
WATCH_RELOADS = """() => {
	if (!window.frappe || !frappe.realtime || !frappe.realtime.socket || window.sf_reload_due !== undefined) return;
	window.sf_reload_due = 0;
	window.sf_drawn = 0;
	$(document).on("form-refresh", () => { window.sf_drawn = Date.now(); });
	frappe.realtime.on("doc_update", (data) => {
		const frm = window.cur_frm;
		if (frappe.get_route()[0] === "Form" && frm && frm.doc && frm.doctype === data.doctype
			&& frm.doc.name === data.name && data.modified !== frm.doc.modified
			&& !frappe.ui.form.is_saving && !frm.is_dirty()) {
			window.sf_reload_due = Date.now() + 1000;
		}
	});
}"""
SETTLED = """() => !frappe.request.ajax_count && !(window.sf_reload_due && window.sf_drawn < window.sf_reload_due
	&& Date.now() < window.sf_reload_due + 10000)"""
# a laptop's screen, as a sales rep or an accountant works on
LAPTOP = {"width": 1366, "height": 768}
# Chromium's CPU slowed down N times (DevTools' throttling): the races of a loaded machine, on demand
CPU_SLOWDOWN = float(os.environ.get("SF_BROWSER_CPU_SLOWDOWN") or 1)


@contextmanager
def chromium() -> Iterator[Browser]:
	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
		try:
			yield browser
		finally:
			browser.close()


@dataclass
class World:
	tag: str
	setup: SimpleNamespace
	users: dict[str, str]  # key -> email
	created: list  # (doctype, name) deleted at the end, as committed_cleanup does


@contextmanager
def committed_world(users: dict[str, tuple[str, list[str]]]) -> Iterator[World]:
	"""A sales setup and desk users who sign in with PASSWORD (users: key -> (email prefix, roles)),
	everything deleted at the end. The caller adds its own records to `created`, then commits."""
	if not URL:
		pytest.fail("SF_TEST_URL is not set: run the suite through scripts/test.sh")
	with committed_cleanup() as created:
		tag = frappe.generate_hash(length=5)
		setup = sales_setup(tag=tag)
		created += setup.created
		emails = {}
		for key, (prefix, roles) in users.items():
			emails[key] = make_user(roles, f"{prefix}-{tag}@test.sales-flow.fr")
			update_password(emails[key], PASSWORD)
			created.append(("User", emails[key]))
		yield World(tag, setup, emails, created)


class Desk:
	"""One signed-in user's tab. Screenshots go to `artifacts` as NN-name.png, in step order."""

	def __init__(
		self, browser: Browser, base_url: str, artifacts: Path, prefix: str, viewport: dict | None = None
	):
		self.page: Page = browser.new_page(
			viewport=viewport or {"width": 1440, "height": 1100}, locale="en-GB"
		)
		self.page.set_default_timeout(TIMEOUT_MS)
		if CPU_SLOWDOWN > 1:
			cdp = self.page.context.new_cdp_session(self.page)
			cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
		self.base_url = base_url.rstrip("/")
		self.artifacts = artifacts
		self.prefix = prefix
		self.errors: list[str] = []
		# the console's errors, each with the address of what logged it
		self.console: list[str] = []
		# what the server did not find (an asset the page asked for, a route)
		self.not_found: list[str] = []
		self.shots = 0
		for old in artifacts.glob(f"{prefix}-*.png"):  # the screenshots of an earlier run
			old.unlink()
		self.page.on(
			"pageerror",
			lambda error: self.errors.append(f"{self.page.url}: {error.name}: {error.message} {error.stack}"),
		)
		self.page.on("console", self.note_console_error)
		self.page.on("response", self.note_not_found)

	# --- navigation ---------------------------------------------------------------------------
	def api_login(self, email: str, password: str = PASSWORD) -> None:
		"""Signed in over the API (the page shares its cookies): for tests that open their pages
		directly, not the landing workspace, whose charts are not what they test."""
		response = self.page.request.post(
			f"{self.base_url}/api/method/login", form={"usr": email, "pwd": password}
		)
		assert response.ok, response.text()

	def login(self, email: str, password: str = PASSWORD) -> None:
		self.page.goto(f"{self.base_url}/login", wait_until="domcontentloaded")
		self.page.fill("#login_email", email)
		self.page.fill("#login_password", password)
		self.page.click(".btn-login")
		# the desk lands on /app or on a workspace (/app/ventes)
		self.page.wait_for_url(lambda url: "/app" in url, wait_until="domcontentloaded")
		# the landing workspace fetches its cards and charts: leaving before they are drawn makes
		# Frappe's chart widget draw into a detached node (a page error), as it would for a user
		self.page.wait_for_function("() => window.frappe && frappe.request && frappe.router")
		self.settle()
		self.page.wait_for_timeout(300)
		self.settle()

	def open(self, route: str) -> None:
		"""A desk route such as 'quotation/new' or 'ventes'; waits until the desk has rendered it."""
		self.page.goto(f"{self.base_url}/app/{route}", wait_until="domcontentloaded")
		self.page.wait_for_function("() => window.frappe && frappe.router && !frappe.dom.freeze_count")
		self.page.evaluate(WATCH_RELOADS)

	def open_form(self, doctype: str, name: str) -> None:
		self.open(f"{slug(doctype)}/{name}")
		# by name too: the previous form may be of the same DocType
		self.wait_for_form(doctype, name)

	def new_form(self, doctype: str) -> None:
		self.open(f"{slug(doctype)}/new")
		self.wait_for_form(doctype)

	def wait_for_form(self, doctype: str, name: str | None = None) -> None:
		try:
			self.page.wait_for_function(
				"([doctype, name]) => window.cur_frm && cur_frm.doctype === doctype && cur_frm.doc"
				" && (!name || cur_frm.doc.name === name)",
				arg=[doctype, name],
			)
		except TimeoutError as error:
			self.shot("timeout")
			raise AssertionError(f"no form {doctype} {name or ''}: {self.where()}") from error
		self.page.locator(".page-head .title-text:visible").first.wait_for()

	def where(self) -> dict:
		"""What a failed wait for a page or a dialog prints: where the desk stands."""
		return {
			"url": self.page.url,
			**self.page.evaluate(
				"""() => ({
					form: window.cur_frm && cur_frm.doc && [cur_frm.doctype, cur_frm.doc.name],
					dialog: window.cur_dialog && [cur_dialog.title, !!cur_dialog.display],
					shown: [...document.querySelectorAll(".modal.show .modal-title")].map((t) => t.innerText),
					freeze: frappe.dom.freeze_count,
					requests: frappe.request.ajax_count,
				})"""
			),
			"page errors": self.errors,
		}

	def note_console_error(self, message: ConsoleMessage) -> None:
		if message.type == "error":
			self.console.append(f"{message.text} ({message.location.get('url')})")

	def note_not_found(self, response: Response) -> None:
		if response.status == 404:
			self.not_found.append(response.url)

	def socketio_errors(self) -> list[str]:
		"""The console's complaints about the realtime connection: Frappe's client logs "Error
		connecting to socket.io", Chromium a failed request or websocket to /socket.io/."""
		return [line for line in self.console if "socket.io" in line]

	def realtime_connected(self) -> None:
		"""Wait until the desk's socket.io client is connected."""
		self.page.wait_for_function("() => frappe.realtime.socket && frappe.realtime.socket.connected")

	def realtime_ready(self, user: str) -> None:
		"""Wait until the server's realtime events for `user` reach this page: a probe published from
		here (through Redis, as a background job publishes) must arrive. A connected socket is no
		proof: once, in a whole run, a page whose socket said it was connected received none of its
		user's events (Frappe's socket.io server joins a user's room once, at authentication, in a
		site namespace it drops when its last client leaves). A user would reload the page; this
		reconnects, twice at most."""
		self.page.evaluate(
			"() => { window.sf_probes = 0; frappe.realtime.on('sf_probe', () => { window.sf_probes += 1; }); }"
		)
		for _ in range(3):
			self.realtime_connected()
			frappe.publish_realtime("sf_probe", {}, user=user)
			try:
				self.page.wait_for_function("() => window.sf_probes > 0", timeout=5000)
				return
			except TimeoutError:
				self.page.evaluate(
					"() => { frappe.realtime.socket.disconnect(); frappe.realtime.socket.connect(); }"
				)
		raise AssertionError(f"no realtime event for {user} reached the page: {self.where()}")

	# --- fields -------------------------------------------------------------------------------
	def field(self, fieldname: str, within: str = ".form-layout") -> str:
		return f'{within} .frappe-control[data-fieldname="{fieldname}"]'

	def set_link(self, fieldname: str, value: str, within: str = ".form-layout") -> None:
		"""Type into a Link field and pick the matching suggestion, as a user does; returns once the
		link's validation (a request) answered and, on the form itself, once the document holds the
		value (a grid row's caller waits for its row, see set_row_link)."""
		control = self.field(fieldname, within)
		box = self.page.locator(f"{control} input").first
		box.click()
		box.fill("")
		box.press_sequentially(value, delay=20)
		option = self.page.locator(f'{control} ul[role="listbox"] [role="option"]')
		option.filter(has_text=value).first.click()
		self.settle()
		if within == ".form-layout":
			self.wait_doc("doc[arg[0]] === arg[1]", [fieldname, value])

	def set_value(self, fieldname: str, value: str, within: str = ".form-layout") -> None:
		box = self.page.locator(f"{self.field(fieldname, within)} input").first
		box.click()
		box.fill(value)
		box.press("Tab")

	def doc(self) -> dict:
		return self.page.evaluate("() => JSON.parse(JSON.stringify(cur_frm.doc))")

	def wait_doc(self, expression: str, arg=None) -> None:
		"""Wait until a JS expression over `doc` (cur_frm.doc) is true, e.g. 'doc.grand_total === 120'."""
		try:
			self.page.wait_for_function(
				f"(arg) => {{ const doc = cur_frm.doc; return {expression}; }}", arg=arg
			)
		except TimeoutError as error:
			self.shot("timeout")
			raise AssertionError(
				f"never true: {expression} ({arg!r}); the form holds {self.summary()}"
			) from error

	def summary(self) -> dict:
		"""What a failed wait prints: the header fields and the lines, without the noise."""
		doc = self.doc()
		lines = [
			{k: row.get(k) for k in ("idx", "item_code", "qty", "price_list_rate", "rate", "amount")}
			for row in doc.get("items") or []
		]
		header = {k: v for k, v in doc.items() if not isinstance(v, list | dict) and v not in (None, "", 0)}
		return {
			**header,
			"page errors": self.errors,
			"items": lines,
			"taxes": [(t.get("account_head"), t.get("tax_amount")) for t in doc.get("taxes") or []],
		}

	# --- the items grid -------------------------------------------------------------------------
	def grid_row(self, table: str, idx: int) -> str:
		return f'{self.field(table)} .grid-body .grid-row[data-idx="{idx}"]'

	def add_row(self, table: str = "items") -> int:
		count = len(self.doc().get(table) or [])
		self.page.locator(f"{self.field(table)} .grid-add-row").first.click()
		self.wait_doc(f"(doc.{table} || []).length === {count + 1}")
		return count + 1

	def set_row_link(self, table: str, idx: int, fieldname: str, value: str) -> None:
		row = self.grid_row(table, idx)
		self.open_row_cell(row, fieldname)
		self.set_link(fieldname, value, within=row)
		self.wait_doc(f"doc.{table}[{idx - 1}][arg[0]] === arg[1]", [fieldname, value])

	def set_row_value(self, table: str, idx: int, fieldname: str, value: str) -> None:
		"""Type into a cell. The grid redraws a row (debounced) after an item's details arrive: a value
		typed in that instant is redrawn away, so, as a user would, type it again once."""
		row = self.grid_row(table, idx)
		taken = f"String(cur_frm.doc.{table}[{idx - 1}].{fieldname}) === arg"
		for attempt in range(2):
			self.open_row_cell(row, fieldname)
			box = self.page.locator(f'{row} .frappe-control[data-fieldname="{fieldname}"] input').first
			box.fill(value)
			box.press("Tab")
			try:
				self.page.wait_for_function(
					f"(arg) => {taken}", arg=value, timeout=3000 if attempt == 0 else TIMEOUT_MS
				)
				return
			except TimeoutError:
				if attempt:
					self.shot("timeout")
					raise AssertionError(
						f"{table} row {idx}: {fieldname} never became {value}: {self.summary()}"
					) from None

	def settle(self) -> None:
		"""Wait for the desk's requests in flight (an item's details, a link's validation) to answer,
		and for a reload of the form that the server's change made due: a user does not type into a
		row the grid is about to redraw, nor click a button the form is about to draw again."""
		self.page.evaluate(WATCH_RELOADS)
		self.page.wait_for_function(SETTLED)

	def chart_bars(self) -> list[float]:
		"""The heights of the report's chart bars once drawn: Frappe's chart first draws an empty axis
		(0 to 5), then its bars from the report's figures."""
		bars = ".frappe-chart rect.bar"
		self.page.wait_for_function(
			f"() => [...document.querySelectorAll('{bars}')].some(bar => +bar.getAttribute('height') > 0)"
		)
		return [
			float(h)
			for h in self.page.locator(bars).evaluate_all("bars => bars.map(b => b.getAttribute('height'))")
		]

	def open_row_cell(self, row: str, fieldname: str) -> None:
		"""Clicking a cell turns the row editable; the field's input then shows."""
		self.settle()
		control = self.page.locator(f'{row} .frappe-control[data-fieldname="{fieldname}"] input')
		if not control.first.is_visible():
			self.page.locator(f'{row} .static-area, {row} [data-fieldname="{fieldname}"]').first.click()
		control.first.wait_for(state="visible")

	def drag_row(self, table: str, from_idx: int, to_idx: int) -> None:
		"""Reorder lines with the grid's drag handle (the row number), as a user does."""
		source = self.page.locator(f"{self.grid_row(table, from_idx)} .row-index").first
		target = self.page.locator(f"{self.grid_row(table, to_idx)} .row-index").first
		source.drag_to(target)

	# --- actions ------------------------------------------------------------------------------
	def save(self) -> None:
		self.settle()
		self.page.keyboard.press("Control+s")
		self.wait_saved("!doc.__islocal && !doc.__unsaved")

	def submit(self) -> None:
		self.settle()
		self.page.locator(".page-actions .primary-action:visible", has_text="Submit").click()
		self.confirm()
		self.wait_saved("doc.docstatus === 1 && !doc.__unsaved")

	def confirm(self) -> None:
		"""Answer Yes to Frappe's confirmation ("Permanently Submit ...?")."""
		self.page.wait_for_function(
			"() => window.cur_dialog && cur_dialog.confirm_dialog && cur_dialog.display"
		)
		self.page.locator(f"{self.dialog()} .btn-primary:visible", has_text="Yes").click()

	def dialog(self) -> str:
		"""The selector of the dialog on top, once it has finished opening (Frappe's `display`, set
		at the end of Bootstrap's opening transition). Bootstrap ignores a hide() before that: a
		button that acts and closes the dialog, clicked in that instant, leaves it on screen over
		the next gesture."""
		try:
			self.page.wait_for_function("() => window.cur_dialog && cur_dialog.display")
		except TimeoutError as error:
			self.shot("timeout")
			raise AssertionError(f"no dialog opened: {self.where()}") from error
		return ".modal.show"

	def wait_saved(self, expression: str) -> None:
		"""Wait until the form reached `expression` with no confirmation left on screen, or until
		the server's refusal shows (Frappe's message or error dialog): that message is the failure.
		Any other dialog, such as a confirmation still closing, is neither."""
		try:
			self.page.wait_for_function(
				f"""() => {{
					const doc = window.cur_frm && cur_frm.doc;
					const confirming = !!document.querySelector(".modal.show .frappe-confirm-message");
					return (doc && {expression} && !confirming) || !!document.querySelector({REFUSAL!r});
				}}"""
			)
		except TimeoutError as error:
			self.shot("timeout")
			raise AssertionError(f"the form never reached {expression}: {self.summary()}") from error
		message = self.page.locator(REFUSAL)
		if message.count():
			self.shot("refused")
			raise AssertionError(f"the server refused: {message.first.inner_text()}")

	def create(self, label: str, target_doctype: str) -> None:
		"""The form's Create menu: opens the new mapped draft."""
		try:
			self.page.locator('.inner-group-button[data-label="Create"] button:visible').first.click()
			self.page.locator(
				# the desk stores the label URI-encoded ("Sales%20Order")
				f'.inner-group-button[data-label="Create"] .dropdown-item[data-label="{quote(label)}"]:visible'
			).first.click()
		except TimeoutError as error:
			self.shot("timeout")
			buttons = self.page.locator(".page-actions button:visible").all_inner_texts()
			raise AssertionError(
				f"no Create > {label}; buttons {buttons}; page errors {self.errors}"
			) from error
		self.wait_for_form(target_doctype)
		self.page.wait_for_function("() => cur_frm.doc.__islocal")

	def shot(self, name: str) -> Path:
		self.artifacts.mkdir(parents=True, exist_ok=True)
		self.shots += 1
		index = self.shots
		path = self.artifacts / f"{self.prefix}-{index:02d}-{name}.png"
		self.page.screenshot(path=str(path), full_page=True)
		return path


def slug(doctype: str) -> str:
	return re.sub(r"[^a-z0-9]+", "-", doctype.lower()).strip("-")


__all__ = ["Desk", "chromium", "expect", "slug"]
