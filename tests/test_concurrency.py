"""Races between OS processes on the real site: two users convert the same order, or pay the same
invoice, at the same moment. The locks taken at submit must let only what remains through.

Each worker (tests/concurrency_worker.py) is a separate Python process with its own database
connection; both wait on one start file, so they map, insert and submit at the same time. The
set-up is committed (the workers must see it) under names unique to this run, and deleted at the end.
"""

import time
from collections.abc import Callable
from types import SimpleNamespace

import frappe
import pytest
from frappe.utils import add_days, flt, nowdate

from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice
from tests.races import run_race
from tests.support import delete_test_record, make_priced_item, make_throwaway_sales_masters

pytestmark = pytest.mark.commits

WORKERS = 2
INVOICE_ROUNDS = 6
PAYMENT_ROUNDS = 4
# the order every round starts from: (item suffix, list price, qty)
LINES = (("A", 100.0, 4), ("B", 55.5, 2), ("C", 3.79, 7))


# --- committed set-up, unique to this run --------------------------------------------------------


@pytest.fixture(scope="module")
def race():
	"""A company, customer, price list, VAT templates and three items, committed; everything this
	module made (masters and the documents of every round) is deleted afterwards."""
	created: list[tuple[str, str]] = []
	run = frappe.generate_hash(length=6).upper()
	try:
		setup = make_setup(run, created)
		frappe.db.commit()
		yield setup
	finally:
		clean_up(created, customer=setup_customer(created))


def make_setup(run: str, created: list[tuple[str, str]]) -> SimpleNamespace:
	m = make_throwaway_sales_masters("Test Race", run, "TR", created)
	company, customer, price_list, vat, taxes = m.company, m.customer, m.price_list, m.vat, m.taxes
	items = []
	for suffix, price, qty in LINES:
		code = make_priced_item(
			created, f"TEST-RACE-{run}-{suffix}", f"Test Race {suffix}", vat, price_list, price
		)
		items.append((code, qty))
	return SimpleNamespace(
		company=company, customer=customer, price_list=price_list, taxes=taxes, items=items
	)


def setup_customer(created: list[tuple[str, str]]) -> str | None:
	return next((name for doctype, name in created if doctype == "Customer"), None)


# every document a customer can have, the later ones first; field naming the customer
CUSTOMER_DOCUMENTS = (
	("Payment Entry", "party"),
	("Sales Invoice", "customer"),
	("Delivery Note", "customer"),
	("Sales Order", "customer"),
	("Quotation", "party_name"),
)


def clean_up(created: list[tuple[str, str]], customer: str | None) -> None:
	"""The customer's documents (the workers made some of them), then the masters."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	documents = [
		(doctype, name)
		for doctype, field in CUSTOMER_DOCUMENTS
		for name in (frappe.get_all(doctype, {field: customer}, pluck="name") if customer else [])
	]
	for doctype, name in documents + list(reversed(created)):
		delete_test_record(doctype, name)
	frappe.db.commit()


def submitted_order(setup: SimpleNamespace):
	order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"company": setup.company,
			"customer": setup.customer,
			"selling_price_list": setup.price_list,
			"taxes_and_charges": setup.taxes,
			"transaction_date": nowdate(),
			"delivery_date": add_days(nowdate(), 10),
			"items": [{"item_code": code, "qty": qty} for code, qty in setup.items],
		}
	).insert()
	order.submit()
	frappe.db.commit()
	return order


def submitted_invoice(setup: SimpleNamespace):
	invoice = make_sales_invoice(submitted_order(setup).name)
	invoice.insert()
	invoice.submit()
	frappe.db.commit()
	return invoice


# --- the workers ---------------------------------------------------------------------------------


def check_outcomes(outcomes: list[dict]) -> None:
	assert any(o["ok"] for o in outcomes), f"no worker succeeded: {outcomes}"
	unexpected = [o for o in outcomes if not o["ok"] and not o["expected"]]
	assert not unexpected, f"a worker failed with an unexpected error: {unexpected}"


def raced(outcomes: list[dict], asked_everything: Callable[[dict], bool]) -> bool:
	"""Every worker prepared a draft asking for everything before any of them committed: without the
	locks at submit, all of them would have gone through."""
	if not all("prepared" in o and asked_everything(o) for o in outcomes):
		return False
	first_commit = min(o["ended"] for o in outcomes if o["ok"])
	return max(o["prepared"] for o in outcomes) < first_commit


def describe(rounds: list[tuple[str, list[dict]]]) -> str:
	lines = []
	for name, outcomes in rounds:
		t0 = min(o["started"] for o in outcomes)
		parts = [
			f"{'ok ' + o['name'] if o['ok'] else o['error'] + ': ' + o['message'][:90]}"
			f" (start +{(o['started'] - t0) * 1000:.1f} ms, prepared +{(o.get('prepared', t0) - t0) * 1000:.0f} ms,"
			f" end +{(o['ended'] - t0) * 1000:.0f} ms)"
			for o in outcomes
		]
		lines.append(f"{name}: " + " | ".join(parts))
	return "\n".join(lines)


def report_races(
	rounds: list[tuple[str, list[dict]]], asked_everything: Callable[[dict], bool], started: float
) -> None:
	real = sum(raced(outcomes, asked_everything) for _, outcomes in rounds)
	assert real, f"the workers never really raced; nothing was tested:\n{describe(rounds)}"
	print(f"{real} of {len(rounds)} rounds were real races; {time.monotonic() - started:.1f} s")


# --- invoicing one order twice at once ----------------------------------------------------------


def invoiced_by_line(order: str) -> dict[str, tuple[float, float]]:
	"""Quantity and amount of submitted invoice lines per order line: what was really billed."""
	rows = frappe.db.sql(
		"""select item.so_detail, sum(item.qty), sum(item.amount) from `tabSales Invoice Item` item
		join `tabSales Invoice` si on si.name = item.parent
		join `tabSales Order Item` so_item on so_item.name = item.so_detail
		where so_item.parent = %s and si.docstatus = 1 group by item.so_detail""",
		order,
	)
	return {row: (flt(qty), flt(amount)) for row, qty, amount in rows}


def check_billing(order: str) -> None:
	invoiced = invoiced_by_line(order)
	for row in frappe.get_all(
		"Sales Order Item",
		{"parent": order},
		["name", "idx", "qty", "amount", "billed_qty", "billed_amt"],
		order_by="idx",
	):
		qty, amount = invoiced.get(row.name, (0.0, 0.0))
		where = f"{order} row {row.idx}"
		assert qty <= row.qty + 1e-9, f"{where}: {qty} invoiced of {row.qty} ordered"
		assert amount <= flt(row.amount) + 0.005, f"{where}: {amount} invoiced of {row.amount} ordered"
		assert (
			flt(row.billed_qty) <= row.qty + 1e-9
		), f"{where}: billed_qty {row.billed_qty} of {row.qty} ordered"
		assert (
			flt(row.billed_amt) <= flt(row.amount) + 0.005
		), f"{where}: billed_amt {row.billed_amt} of {row.amount}"
		# the stored figure is the sum of the submitted invoices, not what one of them believed
		assert flt(row.billed_qty) == pytest.approx(
			qty
		), f"{where}: billed_qty {row.billed_qty}, invoices say {qty}"
	per_billed = flt(frappe.db.get_value("Sales Order", order, "per_billed"))
	assert per_billed <= 100 + 1e-6, f"{order}: {per_billed} % billed"


def test_two_processes_invoicing_one_order_never_bill_more_than_ordered(race, tmp_path):
	started = time.monotonic()
	ordered = {}
	rounds: list[tuple[str, list[dict]]] = []
	for _ in range(INVOICE_ROUNDS):
		order = submitted_order(race)
		ordered[order.name] = {row.name: flt(row.qty) for row in order.items}
		outcomes = run_race([("invoice", order.name)] * WORKERS, tmp_path)
		rounds.append((order.name, outcomes))
		print(describe(rounds[-1:]))
		check_billing(order.name)
		check_outcomes(outcomes)

	def asked_everything(outcome: dict) -> bool:
		return outcome["qty"] == ordered[outcome["source"]]

	report_races(rounds, asked_everything, started)


# --- paying one invoice twice at once ------------------------------------------------------------


def check_payments(invoice: str) -> None:
	total, advance, outstanding = frappe.db.get_value(
		"Sales Invoice", invoice, ["rounded_total", "total_advance", "outstanding_amount"]
	)
	allocated = flt(
		frappe.db.sql(
			"""select coalesce(sum(ref.allocated_amount), 0) from `tabPayment Entry Reference` ref
			join `tabPayment Entry` pe on pe.name = ref.parent
			where pe.docstatus = 1 and ref.reference_doctype = 'Sales Invoice' and ref.reference_name = %s""",
			invoice,
		)[0][0]
	)
	figures = f"{invoice}: total {total}, advances {advance}, paid by submitted payments {allocated}, outstanding stored {outstanding}"
	assert allocated <= flt(total) + 0.005, f"more paid than invoiced; {figures}"
	assert flt(outstanding) >= -0.005, f"negative outstanding; {figures}"
	# the stored outstanding amount is what the submitted payments leave, not what one of them believed
	assert flt(outstanding) == pytest.approx(
		flt(total) - flt(advance) - allocated, abs=0.005
	), f"stored outstanding disagrees with the payments; {figures}"


def test_two_processes_paying_one_invoice_never_pay_more_than_its_total(race, tmp_path):
	started = time.monotonic()
	totals = {}
	rounds: list[tuple[str, list[dict]]] = []
	for _ in range(PAYMENT_ROUNDS):
		invoice = submitted_invoice(race)
		totals[invoice.name] = flt(invoice.outstanding_amount)
		outcomes = run_race([("payment", invoice.name)] * WORKERS, tmp_path)
		rounds.append((invoice.name, outcomes))
		print(describe(rounds[-1:]))
		check_payments(invoice.name)
		check_outcomes(outcomes)

	def asked_everything(outcome: dict) -> bool:
		return outcome["allocated"] == pytest.approx(totals[outcome["source"]])

	report_races(rounds, asked_everything, started)
