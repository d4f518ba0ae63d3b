"""Realtime in Chromium, as the test server runs it (gunicorn, socket.io, a background worker).

A sales manager clicks the Subscription list's "Process Subscriptions Now": the run goes to the
worker, whose progress comes back to the page over socket.io and moves the bar, then the summary
arrives the same way. Screenshots in test-artifacts/browser/ (SF_ARTIFACTS).
"""

import re

import frappe
import pytest
from frappe.utils import nowdate
from playwright.sync_api import TimeoutError

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world

pytestmark = [pytest.mark.browser, pytest.mark.commits]

# subscriptions starting today: one period each to invoice, one step of the bar each
COUNT = 12
# every style the bar takes, in order, recorded in the page as the bar changes, and the realtime
# events the page receives (what a failure prints)
RECORD_BAR = """() => {
	window.bar_widths = [];
	window.realtime_events = [];
	frappe.realtime.socket.onAny((event, data) => {
		window.realtime_events.push(event === "progress" ? `${event} ${Math.round(data.percent)}` : event);
	});
	new MutationObserver(() => {
		const bar = document.querySelector(".modal.show .progress .progress-bar");
		const width = bar && bar.style.width;
		if (width && width !== window.bar_widths[window.bar_widths.length - 1]) {
			window.bar_widths.push(width);
		}
	}).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["style"] });
}"""
SUMMARY = re.compile(r"Invoices created: (\d+), already there: (\d+), errors: (\d+)")


@pytest.fixture(scope="module")
def world():
	with committed_world({"manager": ("desk-subs", ["Sales Manager"])}) as base:
		setup = base.setup
		plan = frappe.get_doc(
			{
				"doctype": "Subscription Plan",
				"plan_name": f"Test Realtime {base.tag}",
				"item": setup.a,
				"cost": 100.0,
				"billing_interval": "Month",
				"billing_interval_count": 1,
			}
		).insert()
		base.created.append(("Subscription Plan", plan.name))
		names = []
		for _ in range(COUNT):
			subscription = frappe.get_doc(
				{
					"doctype": "Subscription",
					"party_type": "Customer",
					"party": setup.customer,
					"company": setup.company,
					"start_date": nowdate(),
					"sales_tax_template": setup.ht,
					"plans": [{"plan": plan.name, "qty": 1}],
				}
			).insert()
			names.append(subscription.name)
			base.created.append(("Subscription", subscription.name))
		frappe.db.commit()
		yield base, names
		# the worker's invoices go first
		frappe.db.rollback()
		for invoice in frappe.get_all("Sales Invoice", {"subscription": ["in", names]}, pluck="name"):
			base.created.append(("Sales Invoice", invoice))


def test_the_bulk_run_moves_the_progress_bar_through_the_worker(world):
	base, names = world
	with chromium() as browser:
		manager = Desk(browser, URL, ARTIFACTS, "realtime")
		manager.api_login(base.users["manager"])
		manager.open("subscription")
		run = manager.page.locator(".page-actions button:visible", has_text="Process Subscriptions Now")
		run.wait_for()
		manager.realtime_ready(base.users["manager"])
		manager.page.evaluate(RECORD_BAR)

		run.click()
		# the bar on screen, while the worker runs (it may be done first: the widths below count)
		try:
			manager.page.locator(".modal.show .progress .progress-bar").first.wait_for(timeout=20_000)
			manager.shot("progress")
		except TimeoutError:
			pass
		summary = manager.page.locator(".modal.show .msgprint", has_text="Invoices created")
		try:
			summary.wait_for(timeout=180_000)
		except TimeoutError as error:
			manager.shot("timeout")
			seen = manager.page.evaluate("() => [window.realtime_events, window.bar_widths]")
			raise AssertionError(
				f"no summary; realtime events {seen[0]}, bar {seen[1]}, connected "
				f"{manager.page.evaluate('() => frappe.realtime.socket.connected')}, {manager.where()}, "
				f"console {manager.console}"
			) from error
		manager.shot("summary")

		widths = manager.page.evaluate("() => window.bar_widths")
		percents = [float(width.rstrip("%")) for width in widths]
		# the bar moved at least twice, forward only, and reached the end
		assert len(percents) >= 3, widths
		assert percents == sorted(percents) and percents[-1] == 100, widths
		created, skipped, errors = map(int, SUMMARY.search(summary.inner_text()).groups())
		# at least this test's own: the run takes every subscription due on the site
		assert created >= COUNT and errors == 0, summary.inner_text()
		assert manager.socketio_errors() == [], manager.socketio_errors()
		# the desk loaded whole: every asset served
		assert manager.not_found == [], manager.not_found
		assert manager.errors == [], manager.errors

	frappe.db.rollback()  # what the worker committed
	invoiced = frappe.get_all(
		"Sales Invoice", {"subscription": ["in", names], "docstatus": 1}, pluck="subscription"
	)
	assert sorted(invoiced) == sorted(names)
