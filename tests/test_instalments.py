"""Instalments followed: payments pay an invoice's Payment Schedule oldest due first, each row shows
its paid_amount and outstanding, and the invoice is Overdue as soon as one instalment is past due
and unpaid (at submit, at each payment and cancel, and by the daily job); Accounts Receivable ages
each instalment on its own due date. Figures to the cent, worked out by hand in the comments."""

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, nowdate

from sales_flow.controllers.instalments import allocate_to_instalments, instalments_of
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from tests.sales_setup import sales_setup, transaction


@pytest.fixture
def setup():
	return sales_setup()


def day(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


def thirds(name: str = "Test trois échéances 30/60/90") -> str:
	"""33.33 %, 33.33 % and 33.34 % at 30, 60 and 90 days after the invoice date."""
	if not frappe.db.exists("Payment Terms Template", name):
		frappe.get_doc(
			{
				"doctype": "Payment Terms Template",
				"template_name": name,
				"terms": [
					{"credit_days": days, "invoice_portion": portion, "description": f"Échéance {n}"}
					for n, (days, portion) in enumerate(((30, 33.33), (60, 33.33), (90, 33.34)), 1)
				],
			}
		).insert()
	return name


def invoice_in_thirds(setup, qty: float, posted: int):
	"""qty x item A at 100 + 20 % VAT, posted `posted` days from today, payable in thirds."""
	invoice = transaction(
		"Sales Invoice", setup, [(setup.a, qty)], posting_date=day(posted), payment_terms_template=thirds()
	)
	invoice.insert()
	invoice.submit()
	return invoice


def pay(invoice_name: str, amount: float):
	payment = get_payment_entry("Sales Invoice", invoice_name, party_amount=amount)
	payment.insert()
	payment.submit()
	return payment


def followed(invoice) -> list[tuple]:
	invoice.reload()
	return [(row.payment_amount, row.paid_amount, row.outstanding) for row in invoice.payment_schedule]


def status_of(invoice) -> str:
	return frappe.db.get_value("Sales Invoice", invoice.name, "status")


def test_three_instalments_paid_in_two_goes(setup):
	# 2 x 100 + 20 % = 240: 79.99 + 79.99 + 80.02 (the last takes the rounding), due D+30, D+60, D+90
	invoice = invoice_in_thirds(setup, 2, 0)
	assert followed(invoice) == [(79.99, 0, 79.99), (79.99, 0, 79.99), (80.02, 0, 80.02)]
	assert status_of(invoice) == "Unpaid"

	first = pay(invoice.name, 100)
	# the first instalment paid, 20.01 of the second
	assert followed(invoice) == [(79.99, 79.99, 0), (79.99, 20.01, 59.98), (80.02, 0, 80.02)]
	assert (status_of(invoice), invoice.outstanding_amount) == ("Partly Paid", 140)

	second = pay(invoice.name, 140)
	assert followed(invoice) == [(79.99, 79.99, 0), (79.99, 79.99, 0), (80.02, 80.02, 0)]
	assert (status_of(invoice), invoice.outstanding_amount) == ("Paid", 0)

	second.cancel()
	assert followed(invoice)[1:] == [(79.99, 20.01, 59.98), (80.02, 0, 80.02)]
	assert status_of(invoice) == "Partly Paid"
	first.cancel()
	assert followed(invoice) == [(79.99, 0, 79.99), (79.99, 0, 79.99), (80.02, 0, 80.02)]
	assert status_of(invoice) == "Unpaid"


def test_a_missed_first_instalment_makes_the_invoice_overdue_until_it_is_paid(setup):
	# posted 40 days ago: the first third (400) fell due 10 days ago, the others are still ahead
	invoice = invoice_in_thirds(setup, 10, -40)
	assert str(invoice.due_date) == day(50)
	assert status_of(invoice) == "Overdue"

	payment = pay(invoice.name, 399.95)  # one cent short of the first instalment
	assert followed(invoice)[0] == (399.96, 399.95, 0.01)
	assert status_of(invoice) == "Overdue"
	payment.cancel()

	pay(invoice.name, 500)
	# 1200 in thirds: 399.96 + 399.96 + 400.08; 500 pays the first and 100.04 of the second
	assert followed(invoice) == [(399.96, 399.96, 0), (399.96, 100.04, 299.92), (400.08, 0, 400.08)]
	assert status_of(invoice) == "Partly Paid"


def test_the_daily_job_sees_an_instalment_fall_due(setup, monkeypatch):
	from sales_flow.controllers import jobs

	monkeypatch.setattr(frappe.db, "commit", lambda: None)  # keep the test's transaction
	invoice = invoice_in_thirds(setup, 2, 0)
	pay(invoice.name, 50)
	jobs.refresh_time_based_statuses()
	assert status_of(invoice) == "Partly Paid"

	# a month later: the first instalment (29.99 of it still owed) is past due, the invoice is not
	first = invoice.payment_schedule[0].name
	frappe.db.set_value("Payment Schedule", first, "due_date", day(-1))
	assert frappe.db.get_value("Sales Invoice", invoice.name, "due_date") > frappe.utils.getdate(day())
	jobs.refresh_time_based_statuses()
	assert status_of(invoice) == "Overdue"


def test_the_allocation_is_oldest_due_first_whatever_the_row_order():
	rows = [
		frappe._dict(idx=1, due_date="2026-03-31", payment_amount=100),
		frappe._dict(idx=2, due_date="2026-01-31", payment_amount=50),
	]
	allocate_to_instalments(rows, 70)
	assert [(r.paid_amount, r.outstanding) for r in rows] == [(20, 80), (50, 0)]


def test_instalments_read_back_for_other_features(setup):
	invoice = invoice_in_thirds(setup, 2, 0)
	pay(invoice.name, 100)
	assert [(str(r.due_date), r.paid_amount, r.outstanding) for r in instalments_of(invoice.name)] == [
		(day(30), 79.99, 0),
		(day(60), 20.01, 59.98),
		(day(90), 0, 80.02),
	]
	# as on a day when only 10 had been paid
	assert [r.outstanding for r in instalments_of(invoice.name, 230)] == [69.99, 79.99, 80.02]


def test_receivables_aged_by_instalment_due_date(setup):
	invoice = invoice_in_thirds(setup, 10, -40)  # thirds of 1200 due D-10, D+20, D+50
	pay(invoice.name, 500)
	result = run(
		"Accounts Receivable",
		filters={"company": setup.company, "report_date": day(40)},
		ignore_prepared_report=True,
	)
	rows = [row for row in result["result"] if isinstance(row, dict) and row.get("invoice") == invoice.name]
	# at D+40: the first third paid; the second (299.92 left) is 20 days late, the third due in 10 days
	assert [(str(r["due_date"]), r["age"], r["outstanding"], r["range1"]) for r in rows] == [
		(day(20), 20, 299.92, 299.92),
		(day(50), -10, 400.08, 400.08),
	]
	# at D+100 the second third is 80 days late, the third 50
	result = run(
		"Accounts Receivable",
		filters={"company": setup.company, "report_date": day(100)},
		ignore_prepared_report=True,
	)
	rows = [row for row in result["result"] if isinstance(row, dict) and row.get("invoice") == invoice.name]
	assert [(r["payment_term"], r["range2"], r["range3"]) for r in rows] == [
		("Échéance 2", 0, 299.92),
		("Échéance 3", 400.08, 0),
	]


def test_receivables_rows_all_carry_a_payment_term_when_one_has_one(setup):
	"""An instalment's row names its term; an invoice without a schedule then has an empty one, so
	that every row has the same keys (none at all when no row has a term)."""
	plain = transaction("Sales Invoice", setup, [(setup.a, 1)], posting_date=day(-5), due_date=day(25))
	plain.insert()
	plain.submit()
	filters = {"company": setup.company, "report_date": day()}
	rows = [row for row in run("Accounts Receivable", filters=filters)["result"] if isinstance(row, dict)]
	assert [("payment_term" in row, row["invoice"]) for row in rows] == [(False, plain.name)]
	invoice = invoice_in_thirds(setup, 10, -40)
	rows = [row for row in run("Accounts Receivable", filters=filters)["result"] if isinstance(row, dict)]
	terms = {(row["invoice"], row["payment_term"]) for row in rows}
	assert terms == {(plain.name, ""), *((invoice.name, f"Échéance {n}") for n in (1, 2, 3))}
	assert len({tuple(row) for row in rows}) == 1  # the same keys, in the same order
