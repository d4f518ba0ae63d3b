"""How the SQL of the sales cycle grows with the number of lines: by Frappe's own row writes only
(one INSERT per line at insert, one UPDATE per line at submit). Everything the app reads about the
lines (items, prices, sources, their progress, the invoice being paid) is read once per document,
so a document of a thousand lines costs the app no more queries than one of ten."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

import frappe
import pytest
from frappe.utils import add_days, flt, nowdate

from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice
from tests.sales_setup import SalesSetup, transaction

FEW, MANY = 3, 11
# Frappe writes each line once when the document is inserted and once when it is submitted
ROW_WRITES_PER_LINE = 2


@pytest.fixture
def setup():
	setup = SalesSetup()
	built = setup.build()
	built.items = [setup.item(f"TEST-Q{n:02d}", 20, 10.0 + n, built.price_list) for n in range(MANY)]
	return built


@contextmanager
def statements() -> Iterator[list[str]]:
	"""The SQL statements the connection runs meanwhile (the ORM and the query builder included)."""
	run: list[str] = []
	sql = frappe.db.sql

	def recorded(query, *args, **kwargs):
		run.append(str(query))
		return sql(query, *args, **kwargs)

	frappe.db.sql = recorded
	try:
		yield run
	finally:
		del frappe.db.sql


def cycle_statements(setup, lines: int) -> dict[str, list[str]]:
	"""Quotation -> Sales Order -> Sales Invoice -> Payment Entry of `lines` lines: the statements
	of each insert+submit and of each mapping."""
	found: dict[str, list[str]] = {}
	forget_cached_documents()

	def step(name: str, action):
		with statements() as run:
			result = action()
		found[name] = run
		return result

	items = [(code, 1 + n % 3) for n, code in enumerate(setup.items[:lines])]
	quotation = transaction("Quotation", setup, items)
	step("quotation", lambda: quotation.insert().submit())
	order = step("map_order", lambda: make_sales_order(quotation.name))
	order.delivery_date = add_days(nowdate(), 10)
	step("order", lambda: order.insert().submit())
	invoice = step("map_invoice", lambda: make_sales_invoice(order.name))
	step("invoice", lambda: invoice.insert().submit())
	payment = step("map_payment", lambda: get_payment_entry("Sales Invoice", invoice.name))
	step("payment_insert", payment.insert)
	step("payment_submit", payment.submit)
	assert frappe.db.get_value("Sales Invoice", invoice.name, "status") == "Paid"
	assert flt(frappe.db.get_value("Sales Order", order.name, "per_billed")) == 100
	return found


def forget_cached_documents() -> None:
	"""Frappe's value cache lives as long as the connection, and a test process keeps one: a document
	number handed out again after an earlier test's rollback would be found there, where a request
	(a connection of its own) asks the database. The masters' entries (items...) stay warm."""
	documents = ("Quotation", "Sales Order", "Sales Invoice", "Payment Entry")
	for key in [k for k in frappe.db.value_cache if isinstance(k, tuple) and k[0] in documents]:
		del frappe.db.value_cache[key]


def test_each_line_costs_only_its_row_writes(setup):
	cycle_statements(setup, MANY)  # caches warm: each item's first link check is a query of its own
	few, many = cycle_statements(setup, FEW), cycle_statements(setup, MANY)
	extra_lines = MANY - FEW
	for name in ("quotation", "order", "invoice"):
		assert len(many[name]) - len(few[name]) == ROW_WRITES_PER_LINE * extra_lines, name
	for name in ("map_order", "map_invoice", "map_payment", "payment_insert", "payment_submit"):
		assert len(many[name]) == len(few[name]), (name, difference(few[name], many[name]))


def difference(few: list[str], many: list[str]) -> tuple[list[str], list[str]]:
	"""The statements only one of the two runs sent, to name what grew."""
	return [q for q in few if q not in many], [q for q in many if q not in few]


def test_order_lines_ask_their_quotation_once(setup):
	"""Frappe's link check asks a line's submitted source for its docstatus: once per document."""
	found = cycle_statements(setup, MANY)
	asked = [q for q in found["order"] if q.startswith("SELECT `docstatus` FROM `tabQuotation` WHERE")]
	# insert and submit each check their links once
	assert len(asked) <= 2, asked


def test_a_payment_reads_the_invoice_header_not_its_lines(setup):
	"""Validating the reference needs the invoice's amounts, on its header (its submit then updates
	the invoice, which it loads whole)."""
	found = cycle_statements(setup, MANY)
	assert [q for q in found["payment_insert"] if "`tabSales Invoice`" in q]
	assert not [q for q in found["payment_insert"] if "`tabSales Invoice Item`" in q]


def test_a_mapping_reads_its_source_once(setup):
	"""Frappe's mapper reads the source; the arrow plans the lines on that copy, not on its own."""
	found = cycle_statements(setup, MANY)
	for step, lines in (("map_order", "`tabQuotation Item`"), ("map_invoice", "`tabSales Order Item`")):
		# the lines read whole (a probe of which tables hold rows may come first)
		loads = [
			q for q in found[step] if re.search(rf"select \* from {lines} where `?parent`?\s*=", q, re.I)
		]
		assert len(loads) == 1, (step, loads)


def test_an_invoice_inserted_as_submitted_is_not_read_again(setup):
	"""Recurring billing inserts its invoices submitted: their status and outstanding amount are
	written at the submit from the invoice in hand, its lines not read back from the database."""
	doc = transaction("Sales Invoice", setup, [(code, 1) for code in setup.items[:FEW]])
	doc.docstatus = 1
	with statements() as run:
		doc.insert()
	lines_read = [
		q for q in run if re.search(r"^\s*select\b.*\bfrom\s+`tabSales Invoice Item`", q, re.I | re.S)
	]
	assert lines_read == []
	assert frappe.db.get_value("Sales Invoice", doc.name, ["status", "outstanding_amount"]) == (
		"Unpaid",
		flt(doc.grand_total),
	)
