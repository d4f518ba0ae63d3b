"""Lost Quotations against a hand-built set: three lost quotations over two months and two reasons
(one lost for both), one open quotation that must not count. Expected figures are written by hand."""

import pytest

from sales_flow.sales_flow.report.lost_quotations.lost_quotations import execute
from tests.quotation_desk import lost_reasons, quotation
from tests.sales_setup import sales_setup
from tests.support import assert_rejected

PRICE, DELAY = "Test Prix", "Test Délai"


@pytest.fixture
def company():
	setup = sales_setup("lostrep")
	lost_reasons(PRICE, DELAY)
	for day, qty, reasons in (
		("2025-01-10", 1, [PRICE]),
		("2025-01-20", 2, [PRICE, DELAY]),
		("2025-02-05", 3, [DELAY]),
	):
		quotation(setup, qty=qty, transaction_date=day).set_as_lost(reasons)
	quotation(setup, qty=5, transaction_date="2025-02-06")  # not lost
	quotation(setup, qty=7, transaction_date="2025-03-01").set_as_lost([PRICE])  # after the period
	return setup.company


def run(company: str, **filters):
	filters = {"company": company, "from_date": "2025-01-01", "to_date": "2025-02-28", **filters}
	columns, data, _message, chart, summary = execute(filters)
	rows = [(r.lost_reason, r.period, r.quotations, r.amount) for r in data]
	return rows, chart, {s["label"]: s["value"] for s in summary}


def test_lost_quotations_by_reason_and_month(company):
	rows, chart, summary = run(company, period="Monthly")
	assert rows == [(DELAY, "2025-01", 1, 200.0), (PRICE, "2025-01", 2, 300.0), (DELAY, "2025-02", 1, 300.0)]
	assert chart["data"]["labels"] == [DELAY, PRICE]
	assert chart["data"]["datasets"][0]["values"] == [500.0, 300.0]
	# each quotation once in the summary, though one has two reasons
	assert summary == {"Lost Quotations": 3, "Amount (excl. VAT)": 600.0}


def test_lost_quotations_by_quarter_and_for_one_reason(company):
	rows, _chart, _summary = run(company, period="Quarterly")
	assert rows == [(DELAY, "2025-Q1", 2, 500.0), (PRICE, "2025-Q1", 2, 300.0)]
	rows, _chart, summary = run(company, period="Yearly", lost_reason=DELAY)
	assert rows == [(DELAY, "2025", 2, 500.0)]
	assert summary == {"Lost Quotations": 2, "Amount (excl. VAT)": 500.0}


def test_bad_filters_are_refused(company):
	assert_rejected(lambda: run(company, from_date="2025-03-01"), "from date is after the to date")
	assert_rejected(lambda: run(company, period="Daily"), "Unknown period")
