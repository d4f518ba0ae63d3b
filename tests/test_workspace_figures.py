"""The workspace's charts read from the daily summaries (top items, top customers, monthly revenue,
sales by territory) give the figures of the invoices themselves
(a GROUP BY written here apart from the module), after a cancel, an amendment and a credit note, and
with a user's permissions (read from the invoices when the summary cannot express them); and with
`read_from_replica` set, the cards, charts and the workspace's one call send nothing to the primary.

The world (a company of its own, today D; X sells at 100, Y at 50, Z at 10):
  INV1 A D X2 Y1   INV2 B D-3 Y4 Z5   INV3 A D-40 Z1 (cancelled, amended as Z3)   credit note of INV1's Y
"""

from types import SimpleNamespace

import frappe
import pytest
from frappe.utils import add_days, add_months, flt, nowdate

from sales_flow.analytics import cards, charts, summary, workspace
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from tests.sales_setup import submitted, transaction, two_customers
from tests.support import as_user, make_user


def day(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


@pytest.fixture
def world() -> SimpleNamespace:
	w = two_customers("WSF", ("X", 20, 100.0), ("Y", 10, 50.0), ("Z", 10, 10.0))
	setup = w.setup

	def invoice(customer, lines, **values):
		return submitted(transaction("Sales Invoice", setup, lines, customer=customer, **values))

	w.inv1 = invoice(w.a, [(w.x, 2), (w.y, 1)])
	w.inv2 = invoice(w.b, [(w.y, 4), (w.z, 5)], posting_date=day(-3), due_date=day(30))
	inv3 = invoice(w.a, [(w.z, 1)], posting_date=day(-40), due_date=day(-10))
	inv3.cancel()
	amended = frappe.copy_doc(inv3)
	amended.amended_from = inv3.name
	amended.docstatus = 0
	amended.items[0].qty = 3
	submitted(amended)
	credit_note = make_sales_return(w.inv1.name)
	credit_note.items = [line for line in credit_note.items if line.item_code == w.y]
	submitted(credit_note)
	return w


def raw_invoiced(group: str, company: str, lines: bool, restriction: str = "") -> dict:
	"""Net invoiced per `group` over the last twelve months, from the invoices (their lines)."""
	amount = "line.base_net_amount" if lines else "inv.base_net_total"
	join = "join `tabSales Invoice Item` line on line.parent = inv.name" if lines else ""
	rows = frappe.db.sql(
		f"""select {group}, sum({amount}) from `tabSales Invoice` inv {join}
		where inv.docstatus = 1 and inv.company = %(company)s and inv.posting_date between %(from)s and %(to)s
			{restriction}
		group by {group}""",
		{"company": company, "from": add_months(nowdate(), -12), "to": nowdate()},
	)
	return {key: flt(value, 2) for key, value in rows if flt(value, 2)}


def chart_figures(data: dict) -> dict:
	return dict(zip(data["labels"], data["datasets"][0]["values"], strict=True))


def titles(doctype: str, field: str, figures: dict) -> dict:
	return {frappe.db.get_value(doctype, code, field): value for code, value in figures.items()}


def from_summary(table: str, group: str, company: str) -> dict:
	rows = charts.invoiced_from_summary(
		table, group, frappe._dict(company=company), add_months(nowdate(), -12), nowdate()
	)
	assert rows is not None, "the summary answers for a user who sees everything"
	return {key: flt(amount, 2) for key, amount in rows}


def test_top_items_read_from_the_summary_equal_the_invoice_lines(world):
	raw = raw_invoiced("line.item_code", world.company, lines=True)
	# X: INV1's 200; Y: 50 + 200 less the credit note's 50; Z: 50 + the amended INV3's 30
	assert raw == {world.x: 200, world.y: 200, world.z: 80}
	assert from_summary(summary.ITEM, "item_code", world.company) == raw
	chart = charts.top_items(filters={"company": world.company})
	assert chart_figures(chart) == titles("Item", "item_name", raw)


def test_top_customers_read_from_the_summary_equal_the_invoices(world):
	raw = raw_invoiced("inv.customer", world.company, lines=False)
	# A: 250 + the amended INV3's 30 less the credit note's 50; B: 250
	assert raw == {world.a: 230, world.b: 250}
	assert from_summary(summary.CUSTOMER, "customer", world.company) == raw
	chart = charts.top_customers(filters={"company": world.company})
	assert chart_figures(chart) == titles("Customer", "customer_name", raw)


def test_monthly_revenue_and_territories_read_from_the_summary_equal_the_invoices(world):
	month = "date_format(inv.posting_date, '%%Y-%%m')"
	raw = raw_invoiced(month, world.company, lines=False)
	assert sum(raw.values()) == 480  # 250 + 250 + 30 - 50
	summary_month = "date_format(posting_date, '%%Y-%%m')"
	assert from_summary(summary.CUSTOMER, summary_month, world.company) == raw
	chart = charts.monthly_revenue(filters={"company": world.company})
	by_month = dict(
		zip(
			charts.months_between(add_months(nowdate(), -11), nowdate()),
			chart["datasets"][0]["values"],
			strict=True,
		)
	)
	assert {first.strftime("%Y-%m"): value for first, value in by_month.items() if value} == raw
	raw = raw_invoiced("ifnull(inv.territory, '')", world.company, lines=False)
	assert sum(raw.values()) == 480
	assert from_summary(summary.CUSTOMER, "territory", world.company) == raw
	chart = charts.sales_by_territory(filters={"company": world.company})
	assert chart_figures(chart) == {territory or "Not Specified": value for territory, value in raw.items()}


def test_a_restricted_user_gets_the_invoices_figures_where_the_summary_cannot_tell(world):
	"""A rep restricted to customer B: the item summary keeps no customer, so the chart reads the
	invoice lines and shows only B's items."""
	user = make_user(["Sales User"], "sales-user-wsf-b@test.sales-flow.fr")
	frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": "Customer", "for_value": world.b}
	).insert()
	frappe.clear_cache(user=user)
	restriction = f"and inv.customer = {frappe.db.escape(world.b)}"
	expected = raw_invoiced("line.item_code", world.company, lines=True, restriction=restriction)
	assert expected == {world.y: 200, world.z: 50}
	with as_user(user):
		assert (
			charts.invoiced_from_summary(
				summary.ITEM, "item_code", frappe._dict(company=world.company), day(-365), day()
			)
			is None
		)
		chart = charts.top_items(filters={"company": world.company})
		# the customer summary keeps the customer: it answers, with only B's figures
		customers = charts.top_customers(filters={"company": world.company})
		assert charts.invoiced_from_summary(
			summary.CUSTOMER, "customer", frappe._dict(company=world.company), day(-365), day()
		) == [(world.b, 250)]
	assert chart_figures(chart) == titles("Item", "item_name", expected)
	assert chart_figures(customers) == titles("Customer", "customer_name", {world.b: 250})


def primary_selects() -> int:
	return int(frappe.db.sql("show session status like 'Com_select'")[0][1])


@pytest.fixture
def reading_from_a_replica():
	"""The site's own server named as its replica: the read-only methods open a second connection
	to it, and what they send over the test's connection (the primary) can be counted."""
	conf = frappe.local.conf
	saved = {key: conf.get(key) for key in ("read_from_replica", "replica_host", "replica_db_port")}
	conf.update(read_from_replica=1, replica_host=conf.db_host or "127.0.0.1", replica_db_port=conf.db_port)
	try:
		yield
	finally:
		conf.update(saved)
		for name in ("replica_db", "primary_db"):
			if hasattr(frappe.local, name):
				delattr(frappe.local, name)


def test_with_a_replica_the_cards_charts_and_workspace_send_no_select_to_the_primary(reading_from_a_replica):
	company = {"company": "Test Cycle SARL WSF"}  # no data needed: where the queries go
	calls = [lambda method=method: method(filters=company) for method in (*charts.SOURCES.values(),)]
	calls += [
		lambda method=method: method(filters=company)
		for method in (
			cards.follow_ups_due_today,
			cards.quotation_win_rate,
			cards.revenue_this_month,
			cards.revenue_change_vs_last_month,
			cards.monthly_recurring_revenue,
			cards.target_achievement,
		)
	]
	calls.append(lambda: workspace.workspace_figures("Ventes"))
	frappe.cache.delete_keys("sales_flow:workspace:")
	for call in calls:
		for name in ("replica_db", "primary_db"):  # a new request: the switch is made once per request
			if hasattr(frappe.local, name):
				delattr(frappe.local, name)
		before = primary_selects()
		call()
		assert primary_selects() == before, call
