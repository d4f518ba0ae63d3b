"""The daily sales summaries against the documents they sum: after each submit, cancel, amendment
and credit note both summaries equal a GROUP BY of the documents (to the cent), written here apart
from the module's own SQL; the rebuild gives the same rows; the reports read from them give the
figures of the documents, with the user's permissions, or fall back to the documents.

The world (a company of its own, today D; X sells at 100, Y at 50):
  Q1 A D X2 Y1   Q2 B D-3 Y4   SO1 A D-3 X1 Y2   INV1 A D X2   INV2 B D-3 Y3 X1
"""

from decimal import Decimal
from types import SimpleNamespace

import frappe
import pytest
from frappe.utils import add_days, add_months, flt, get_first_day, getdate, nowdate

from sales_flow.analytics import reporting, summary
from sales_flow.analytics.summary.read import summary_permissions, whole_months
from sales_flow.analytics.summary.tables import ITEM, source
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.report.customer_acquisition_and_loyalty import (
	customer_acquisition_and_loyalty as acquisition,
)
from sales_flow.sales_flow.report.sales_funnel import sales_funnel as funnel
from tests.sales_setup import submitted, transaction, two_customers
from tests.support import as_user, make_user

DOCTYPES = ("Quotation", "Sales Order", "Sales Invoice")
DATE = {"Quotation": "transaction_date", "Sales Order": "transaction_date", "Sales Invoice": "posting_date"}
PARTY = {"Quotation": "party_name", "Sales Order": "customer", "Sales Invoice": "customer"}


def day(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


@pytest.fixture
def world() -> SimpleNamespace:
	w = two_customers("SUM", ("X", 20, 100.0), ("Y", 10, 50.0))
	setup = w.setup

	def doc(doctype, customer, lines, **values):
		party = {"party_name": customer} if doctype == "Quotation" else {"customer": customer}
		return submitted(transaction(doctype, setup, lines, **party, **values))

	w.doc = doc
	w.q1 = doc("Quotation", w.a, [(w.x, 2), (w.y, 1)], transaction_date=day(), valid_till=day(30))
	w.q2 = doc("Quotation", w.b, [(w.y, 4)], transaction_date=day(-3), valid_till=day(30))
	w.so1 = doc("Sales Order", w.a, [(w.x, 1), (w.y, 2)], transaction_date=day(-3), delivery_date=day(5))
	w.inv1 = doc("Sales Invoice", w.a, [(w.x, 2)])
	w.inv2 = doc("Sales Invoice", w.b, [(w.y, 3), (w.x, 1)], posting_date=day(-3), due_date=day(30))
	return w


# --- the documents' own GROUP BY, written apart from the module ------------------------------------


def month_of(column: str) -> str:
	return f"str_to_date(date_format({column}, '%%Y-%%m-01'), '%%Y-%%m-%%d')"


def raw_customer_rows(doctype: str, company: str, monthly: bool = False) -> set[tuple]:
	is_return = "is_return" if doctype == "Sales Invoice" else "0"
	by_return = ", is_return" if doctype == "Sales Invoice" else ""
	day = month_of(DATE[doctype]) if monthly else DATE[doctype]
	return cents(
		frappe.db.sql(
			f"""select {day}, {PARTY[doctype]}, ifnull(customer_group, ''), ifnull(territory, ''),
				{is_return}, sum(total_qty), sum(base_net_total), count(*)
			from `tab{doctype}` where docstatus = 1 and company = %s
			group by {day}, {PARTY[doctype]}, customer_group, territory{by_return}""",
			company,
		)
	)


def raw_item_rows(doctype: str, company: str, monthly: bool = False) -> set[tuple]:
	alternatives = " and line.is_alternative = 0" if doctype == "Quotation" else ""
	day = month_of(f"doc.{DATE[doctype]}") if monthly else f"doc.{DATE[doctype]}"
	return cents(
		frappe.db.sql(
			f"""select {day}, line.item_code, ifnull(line.item_group, ''),
				sum(line.stock_qty), sum(line.base_net_amount), count(*)
			from `tab{doctype}` doc join `tab{doctype} Item` line on line.parent = doc.name
			where doc.docstatus = 1 and doc.company = %s {alternatives}
			group by {day}, line.item_code, line.item_group""",
			company,
		)
	)


def summary_customer_rows(doctype: str, company: str, period: str = "Daily") -> set[tuple]:
	return cents(
		frappe.db.sql(
			f"""select posting_date, customer, customer_group, territory, is_return, qty, base_net_amount,
				document_count
			from `tabSales {period} Customer Summary` where document_type = %s and company = %s""",
			(doctype, company),
		)
	)


def summary_item_rows(doctype: str, company: str, period: str = "Daily") -> set[tuple]:
	return cents(
		frappe.db.sql(
			f"""select posting_date, item_code, item_group, qty, base_net_amount, line_count
			from `tabSales {period} Item Summary` where document_type = %s and company = %s""",
			(doctype, company),
		)
	)


def cents(rows) -> set[tuple]:
	"""Amounts to the cent, quantities to the thousandth, counts as integers."""
	return {
		(
			*(str(value) for value in row[:-3]),
			flt(row[-3], 3),
			flt(row[-2], 2),
			int(row[-1]),
		)
		for row in rows
	}


def assert_summaries_equal_the_documents(company: str) -> None:
	for doctype in DOCTYPES:
		raw_customers, raw_items = raw_customer_rows(doctype, company), raw_item_rows(doctype, company)
		assert summary_customer_rows(doctype, company) == raw_customers, doctype
		assert summary_item_rows(doctype, company) == raw_items, doctype
		monthly_customers = raw_customer_rows(doctype, company, monthly=True)
		assert summary_customer_rows(doctype, company, "Monthly") == monthly_customers, doctype
		assert summary_item_rows(doctype, company, "Monthly") == raw_item_rows(
			doctype, company, True
		), doctype


# --- kept up to date -----------------------------------------------------------------------------


def test_each_submitted_document_adds_its_figures(world):
	assert_summaries_equal_the_documents(world.company)
	inv = summary_customer_rows("Sales Invoice", world.company)
	assert (day(), world.a, 2.0, 200.0, 1) in {(str(r[0]), r[1], r[5], r[6], r[7]) for r in inv}
	items = {(r[0], r[1]): r[3:] for r in summary_item_rows("Sales Invoice", world.company)}
	assert items[(day(-3), world.x)] == (1.0, 100.0, 1)
	assert items[(day(-3), world.y)] == (3.0, 150.0, 1)
	# two invoices of A the same day: one row, both documents
	world.doc("Sales Invoice", world.a, [(world.x, 1)])
	assert_summaries_equal_the_documents(world.company)
	rows = {(str(r[0]), r[1]): r[5:] for r in summary_customer_rows("Sales Invoice", world.company)}
	assert rows[(day(), world.a)] == (3.0, 300.0, 2)


def test_cancel_subtracts_and_the_amendment_adds(world):
	world.inv2.cancel()
	assert_summaries_equal_the_documents(world.company)
	assert not [r for r in summary_customer_rows("Sales Invoice", world.company) if r[1] == world.b]
	amended = frappe.copy_doc(world.inv2)
	amended.amended_from = world.inv2.name
	amended.docstatus = 0
	amended.items = amended.items[:1]
	amended.items[0].qty = 5
	submitted(amended)
	assert_summaries_equal_the_documents(world.company)
	rows = {(str(r[0]), r[1]): r[5:] for r in summary_customer_rows("Sales Invoice", world.company)}
	assert rows[(day(-3), world.b)] == (5.0, 250.0, 1)
	world.so1.cancel()
	world.q1.cancel()
	assert_summaries_equal_the_documents(world.company)
	assert not summary_item_rows("Sales Order", world.company)


def test_a_credit_note_counts_with_its_negative_figures(world):
	credit_note = make_sales_return(world.inv1.name)
	credit_note.items[0].qty = -1
	submitted(credit_note)
	assert_summaries_equal_the_documents(world.company)
	rows = {(r[1], r[4]): r[5:] for r in summary_customer_rows("Sales Invoice", world.company)}
	assert rows[(world.a, "1")] == (-1.0, -100.0, 1)
	items = {(str(r[0]), r[1]): r[3:] for r in summary_item_rows("Sales Invoice", world.company)}
	assert items[(day(), world.x)] == (1.0, 100.0, 2)  # 2 sold, 1 returned
	credit_note.cancel()
	assert_summaries_equal_the_documents(world.company)


def test_the_rebuild_gives_the_same_rows(world):
	world.inv2.cancel()
	before = {doctype: summary_item_rows(doctype, world.company) for doctype in DOCTYPES}
	customers = {doctype: summary_customer_rows(doctype, world.company) for doctype in DOCTYPES}
	frappe.db.sql("delete from `tabSales Daily Item Summary` where company = %s", world.company)
	frappe.db.sql(
		"update `tabSales Daily Customer Summary` set base_net_amount = 0 where company = %s", world.company
	)
	summary.rebuild(world.company)
	assert {doctype: summary_item_rows(doctype, world.company) for doctype in DOCTYPES} == before
	assert {doctype: summary_customer_rows(doctype, world.company) for doctype in DOCTYPES} == customers
	assert_summaries_equal_the_documents(world.company)
	# the rebuilt rows carry the keys a submit writes to: the next invoice lands on them
	world.doc("Sales Invoice", world.a, [(world.x, 1)])
	assert_summaries_equal_the_documents(world.company)


# --- the reports read them ---------------------------------------------------------------------------


def report_filters(company: str, from_date: str | None = None) -> frappe._dict:
	return reporting.report_filters(
		{"company": company, "from_date": from_date or day(-30), "to_date": day()}
	)


def earlier_months(world) -> str:
	"""Documents of each kind two months ago and last month: the reports by month read those
	whole months from the monthly tables. Returns the first day of the range."""
	for months in (-2, -1):
		when = str(add_months(get_first_day(nowdate()), months))
		world.doc("Quotation", world.b, [(world.x, 3)], transaction_date=when, valid_till=day(30))
		world.doc("Sales Order", world.a, [(world.y, 2)], transaction_date=when, delivery_date=day(5))
		world.doc("Sales Invoice", world.b, [(world.x, 1), (world.y, 5)], posting_date=when, due_date=day(30))
	return str(add_months(get_first_day(nowdate()), -2))


def pivot(rows) -> dict:
	return {
		entity: {key: flt(value, 2) for key, value in figures.items()}
		for entity, figures in reporting.pivot_by_period(rows, ("qty", "value")).items()
	}


@pytest.mark.parametrize("tree_type", ["Customer", "Territory", "Item", "Item Group", "Item Template"])
@pytest.mark.parametrize("range_", ["Weekly", "Monthly"])
def test_sales_by_period_from_the_summaries_equals_the_documents(world, tree_type, range_):
	world.inv2.cancel()
	credit_note = make_sales_return(world.inv1.name)
	credit_note.items[0].qty = -1
	submitted(credit_note)
	filters = report_filters(world.company, earlier_months(world))
	assert whole_months(filters.from_date, filters.to_date)  # by month: the monthly tables are read
	for doctype in DOCTYPES:
		from_summary = reporting.summary_by_period(doctype, tree_type, range_, filters)
		assert from_summary, (doctype, tree_type)
		documents = reporting.documents_by_period(doctype, tree_type, range_, filters)
		assert pivot(from_summary) == pivot(documents), (doctype, tree_type)


def test_a_superseded_quotation_is_left_out_as_its_revision_counts(world):
	frappe.db.set_value("Quotation", world.q2.name, "status", "Superseded")  # as a revision does
	filters = report_filters(world.company)
	for tree_type in ("Customer", "Item"):
		from_summary = reporting.summary_by_period("Quotation", tree_type, "Monthly", filters)
		assert pivot(from_summary) == pivot(
			reporting.documents_by_period("Quotation", tree_type, "Monthly", filters)
		)
	customers = {
		row.entity for row in reporting.summary_by_period("Quotation", "Customer", "Monthly", filters)
	}
	assert customers == {world.a}  # B's only quotation is superseded: no row at all


def test_a_user_restricted_to_a_customer_reads_the_summary_with_that_restriction(world):
	user = make_user(["Sales User"], "sales-user-summary-one-customer@test.sales-flow.fr")
	frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": "Customer", "for_value": world.b}
	).insert()
	frappe.clear_cache(user=user)
	filters = report_filters(world.company)
	with as_user(user):
		assert summary_permissions(summary.CUSTOMER, "Sales Invoice")  # expressed on the summary
		rows = reporting.summary_by_period("Sales Invoice", "Customer", "Monthly", filters)
		assert {row.entity for row in rows} == {world.b}
		assert sum(flt(row.value) for row in rows) == 250
		# the item summary keeps no customer: the documents are read, B's lines only
		assert summary_permissions(summary.ITEM, "Sales Invoice") is None
		assert reporting.summary_by_period("Sales Invoice", "Item", "Monthly", filters) is None
		rows = reporting.sales_by_period("Sales Invoice", "Item", "Monthly", filters)
		assert {row.entity: flt(row.value) for row in rows} == {world.x: 100, world.y: 150}


def test_a_restriction_the_summary_cannot_express_falls_back_to_the_documents(world):
	user = make_user(["Sales User"], "sales-user-summary-one-invoice@test.sales-flow.fr")
	frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": "Sales Invoice", "for_value": world.inv1.name}
	).insert()
	frappe.clear_cache(user=user)
	filters = report_filters(world.company)
	with as_user(user):
		assert summary_permissions(summary.CUSTOMER, "Sales Invoice") is None
		rows = reporting.sales_by_period("Sales Invoice", "Customer", "Monthly", filters)
		assert {row.entity: flt(row.value) for row in rows} == {world.a: 200}


def test_acquisition_from_the_summary_equals_the_documents(world):
	world.inv2.cancel()
	credit_note = make_sales_return(world.inv1.name)
	credit_note.items[0].qty = -1
	submitted(credit_note)
	world.doc("Sales Invoice", world.b, [(world.y, 1)], posting_date=day(-70), due_date=day(30))
	values = {**report_filters(world.company), "cutoff": day(-60), "today": day()}
	table = f"`tab{summary.CUSTOMER}` s"
	invoice = "document_type = 'Sales Invoice'"

	def run(sql: str) -> list[dict]:  # figures to the cent, whatever their SQL type
		return [
			{
				key: flt(value, 2) if isinstance(value, int | float | Decimal) else value
				for key, value in row.items()
			}
			for row in frappe.db.sql(sql, values, as_dict=True)
		]

	si = "`tabSales Invoice`"
	months = "`tabSales Monthly Customer Summary` s"
	from_summary = run(
		acquisition.monthly_customers_sql(table, "s", "posting_date", "base_net_amount", invoice, "", months)
	)
	assert from_summary == run(
		acquisition.monthly_customers_sql(si, si, "posting_date", "base_net_total", "docstatus = 1", "")
	)
	assert [row["new_customers"] for row in from_summary][-1:] == [1]  # A only: B's first was D-70


def test_a_report_by_month_reads_the_whole_months_from_the_monthly_table(world):
	filters = report_filters(world.company, earlier_months(world))
	last_month = add_months(get_first_day(nowdate()), -1)
	assert whole_months(filters.from_date, filters.to_date)[0] == getdate(filters.from_date)
	before = reporting.summary_by_period("Sales Invoice", "Customer", "Monthly", filters)
	frappe.db.sql(  # a figure only the monthly table holds
		"""update `tabSales Monthly Customer Summary` set base_net_amount = base_net_amount + 1000
		where company = %s and document_type = 'Sales Invoice' and posting_date = %s""",
		(world.company, last_month),
	)
	after = reporting.summary_by_period("Sales Invoice", "Customer", "Monthly", filters)
	assert sum(flt(r.value) for r in after) - sum(flt(r.value) for r in before) == 1000
	weekly = reporting.summary_by_period("Sales Invoice", "Customer", "Weekly", filters)
	assert sum(flt(r.value) for r in weekly) == sum(flt(r.value) for r in before)  # days: the daily table


def test_the_sales_funnel_counts_from_the_summaries_what_the_documents_count(world):
	filters = report_filters(world.company, earlier_months(world))
	frappe.db.set_value("Quotation", world.q2.name, "status", "Superseded")
	for doctype in ("Quotation", "Sales Order"):
		from_summary = funnel.summary_figures(doctype, filters)
		superseded = " and status != 'Superseded'" if doctype == "Quotation" else ""
		documents = frappe.db.sql(
			f"""select count(*), sum(base_net_total) from `tab{doctype}` where docstatus = 1
			and company = %(company)s and transaction_date between %(from_date)s and %(to_date)s{superseded}""",
			filters,
		)[0]
		assert from_summary == (documents[0], flt(documents[1])), doctype
	assert funnel.summary_figures("Quotation", filters)[0] == 3  # Q1 and the two earlier: Q2 superseded


def test_customer_acquisition_over_whole_months_equals_the_invoices(world):
	filters = report_filters(world.company, earlier_months(world))
	assert whole_months(filters.from_date, filters.to_date)
	fields = ("new_customers", "repeat_customers", "customers", "new_revenue", "repeat_revenue", "revenue")

	def figures(rows) -> dict:
		return {str(getdate(row["month"])): [flt(row[field], 2) for field in fields] for row in rows}

	si = "`tabSales Invoice`"
	invoices = frappe.db.sql(
		acquisition.monthly_customers_sql(si, si, "posting_date", "base_net_total", "docstatus = 1", ""),
		filters,
		as_dict=True,
	)
	from_summary = figures(acquisition.get_data(filters))
	assert from_summary == figures(invoices)
	assert len(from_summary) == 3  # two earlier months and this one


def test_the_summary_writer_reads_no_column_list_after_frappes_caches_are_cleared():
	"""Which lines have is_alternative is known to the process: a submit after Frappe's column cache is
	cleared (it then reads the columns from information_schema again) sends no query for it."""

	def selects_of(action) -> int:
		before = int(frappe.db.sql("show session status like 'Com_select'")[0][1])
		action()
		return int(frappe.db.sql("show session status like 'Com_select'")[0][1]) - before

	def conditions() -> list[str]:
		return [source(ITEM, doctype).conditions for doctype in DOCTYPES]

	conditions()
	frappe.cache.delete_value("table_columns")  # as Frappe's clear_cache() does
	assert selects_of(conditions) == 0
	quotation, order, invoice = conditions()
	assert "is_alternative = 0" in quotation and not order and not invoice
