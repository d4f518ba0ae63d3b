"""Commissions: the partner's and the sales team's, to the cent, items excluded from commission,
the customer's defaults, carried from order to invoice; and the Sales Partner Commission report."""

import frappe
import pytest
from frappe.utils import add_days, flt, nowdate
from frappe.utils.nestedset import get_root_of

from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice
from sales_flow.sales_flow.report.sales_partner_commission.sales_partner_commission import execute
from sales_flow.sales_flow.report.sales_person_commission_summary.sales_person_commission_summary import (
	execute as person_summary,
)
from tests.sales_setup import sales_setup, transaction
from tests.support import assert_rejected


@pytest.fixture
def setup():
	setup = sales_setup()
	frappe.db.set_value("Item", setup.b, "grant_commission", 0)  # e.g. a resold service
	setup.partner = partner("Test Apporteur Martin", 7.5)
	setup.alice = person("Test Alice", 4)
	setup.bruno = person("Test Bruno", 2)
	return setup


def partner(name: str, rate: float) -> str:
	return (
		frappe.get_doc({"doctype": "Sales Partner", "partner_name": name, "commission_rate": rate})
		.insert()
		.name
	)


def person(name: str, rate: float, **values) -> str:
	doc = {"doctype": "Sales Person", "sales_person_name": name, "commission_rate": rate, **values}
	return frappe.get_doc(doc).insert().name


def test_all_sales_persons_is_the_root_created_at_install():
	assert get_root_of("Sales Person") == "All Sales Persons"
	child = person("Test Chloé", 3)
	assert frappe.db.get_value("Sales Person", child, "parent_sales_person") == "All Sales Persons"


def test_commission_on_eligible_lines_after_the_document_discount(setup):
	order = transaction(
		"Sales Order",
		setup,
		[(setup.a, 3), (setup.b, 2), (setup.c, 7)],
		sales_partner=setup.partner,
		apply_discount_on="Net Total",
		additional_discount_percentage=10,
		sales_team=[
			{"sales_person": setup.alice, "allocated_percentage": 60},
			{"sales_person": setup.bruno, "allocated_percentage": 40},
		],
	).insert()
	# net 437.53, discount 43.75 spread: A 270.00, B 99.90 (no commission), C 23.88
	assert [row.net_amount for row in order.items] == [270.0, 99.9, 23.88]
	assert [row.grant_commission for row in order.items] == [1, 0, 1]
	assert order.commission_rate == 7.5  # the partner's
	assert order.amount_eligible_for_commission == 293.88
	assert order.total_commission == 22.04  # 293.88 x 7.5 % = 22.041
	assert [(r.commission_rate, r.allocated_amount, r.incentives) for r in order.sales_team] == [
		(4.0, 176.33, 7.05),  # 60 % of 293.88 = 176.328; x 4 % = 7.0532
		(2.0, 117.55, 2.35),  # 40 % = 117.552; x 2 % = 2.351
	]


def test_the_rate_is_editable_and_the_customer_gives_its_defaults(setup):
	order = transaction("Sales Order", setup, [(setup.a, 1)], sales_partner=setup.partner, commission_rate=10)
	order.insert()
	assert (order.commission_rate, order.total_commission) == (10.0, 10.0)

	frappe.db.set_value("Customer", setup.customer, "default_sales_partner", setup.partner)
	invoice = transaction("Sales Invoice", setup, [(setup.a, 2), (setup.b, 1)]).insert()
	assert (invoice.sales_partner, invoice.commission_rate) == (setup.partner, 7.5)
	assert (invoice.amount_eligible_for_commission, invoice.total_commission) == (200.0, 15.0)

	frappe.db.set_value("Customer", setup.customer, "default_commission_rate", 5)
	invoice = transaction("Sales Invoice", setup, [(setup.a, 2)]).insert()
	assert (invoice.commission_rate, invoice.total_commission) == (5.0, 10.0)


def test_no_partner_no_commission(setup):
	order = transaction("Sales Order", setup, [(setup.a, 1)]).insert()
	assert (order.sales_partner, order.amount_eligible_for_commission, order.total_commission) == (
		None,
		100.0,
		0.0,
	)


def test_order_to_invoice_carries_partner_and_team_and_commissions_what_is_billed(setup):
	order = transaction(
		"Sales Order",
		setup,
		[(setup.a, 4), (setup.c, 10)],
		sales_partner=setup.partner,
		commission_rate=6,
		sales_team=[{"sales_person": setup.alice, "allocated_percentage": 100}],
	).insert()
	order.submit()
	invoice = make_sales_invoice(order.name)
	invoice.items[0].qty = 1
	invoice.insert()
	assert (invoice.sales_partner, invoice.commission_rate) == (setup.partner, 6.0)
	assert invoice.amount_eligible_for_commission == 137.9  # 100 + 37.90
	assert invoice.total_commission == 8.27  # 8.274
	assert [(r.sales_person, r.allocated_amount, r.incentives) for r in invoice.sales_team] == [
		(setup.alice, 137.9, 5.52)  # 5.516
	]


def test_a_sales_team_must_total_100_percent(setup):
	order = transaction(
		"Sales Order",
		setup,
		[(setup.a, 1)],
		sales_team=[
			{"sales_person": setup.alice, "allocated_percentage": 60},
			{"sales_person": setup.bruno, "allocated_percentage": 30},
		],
	)
	assert_rejected(order.insert, "The contributions of the sales team add up to 90 %: they must total 100 %")
	assert not frappe.db.exists("Sales Team", {"sales_person": setup.alice})
	order.sales_team[1].sales_person = setup.alice
	order.sales_team[1].allocated_percentage = 40
	assert_rejected(order.insert, "Sales Person Test Alice is twice in the sales team")


def test_rates_outside_0_to_100_are_refused(setup):
	assert_rejected(lambda: partner("Test Apporteur Trop", 120), "between 0 and 100")
	assert_rejected(lambda: person("Test Denis", -1), "between 0 and 100")
	order = transaction(
		"Sales Order", setup, [(setup.a, 1)], sales_partner=setup.partner, commission_rate=101
	)
	assert_rejected(order.insert, "between 0 and 100")


# --- the report --------------------------------------------------------------------------------


def submitted_invoice(setup, lines, **values):
	invoice = transaction("Sales Invoice", setup, lines, **values).insert()
	invoice.submit()
	return invoice


def test_the_commission_report_against_a_hand_built_fixture(setup):
	other = partner("Test Apporteur Zoé", 10)
	submitted_invoice(
		setup, [(setup.a, 2), (setup.b, 1)], sales_partner=setup.partner
	)  # 255.50 net, 200 eligible
	submitted_invoice(setup, [(setup.c, 20)], sales_partner=setup.partner, commission_rate=5)  # 75.80, 3.79
	refunded = submitted_invoice(setup, [(setup.a, 1)], sales_partner=other)  # 100, commission 10
	submitted_invoice(setup, [(setup.a, 3)], sales_partner=other)  # 300, commission 30
	make_sales_return(refunded.name).insert().submit()  # -100, -10
	transaction("Sales Invoice", setup, [(setup.a, 9)], sales_partner=other).insert()  # a draft: not counted
	cancelled = submitted_invoice(setup, [(setup.a, 5)], sales_partner=other)
	cancelled.cancel()
	submitted_invoice(setup, [(setup.a, 1)])  # no partner

	columns, rows, _message, chart = execute(
		{
			"doctype": "Sales Invoice",
			"company": setup.company,
			"from_date": add_days(nowdate(), -30),
			"to_date": nowdate(),
		}
	)
	got = [
		(
			r.sales_partner,
			r.document_count,
			flt(r.net_total),
			flt(r.amount_eligible_for_commission),
			r.commission_rate,
			flt(r.total_commission),
		)
		for r in rows
	]
	assert got == [
		# 15.00 + 3.79 on 275.80: 6.81 % effective
		(setup.partner, 2, 331.3, 275.8, 6.81, 18.79),
		(other, 3, 300.0, 300.0, 10.0, 30.0),
	]
	assert [c["fieldname"] for c in columns][-1] == "total_commission"
	assert chart["data"]["labels"] == [setup.partner, other]
	assert chart["data"]["datasets"][0]["values"] == [18.79, 30.0]

	_columns, orders, *_rest = execute({"doctype": "Sales Order", "company": setup.company})
	assert orders == []
	assert_rejected(lambda: execute({"doctype": "Quotation"}), "reads Sales Invoices or Sales Orders")


def test_the_sales_person_summary_against_a_hand_built_fixture(setup):
	def team(*shares):
		return [{"sales_person": person, "allocated_percentage": share} for person, share in shares]

	submitted_invoice(setup, [(setup.a, 3)], sales_team=team((setup.alice, 60), (setup.bruno, 40)))
	submitted_invoice(setup, [(setup.c, 20), (setup.b, 1)], sales_team=team((setup.alice, 100)))
	transaction("Sales Invoice", setup, [(setup.a, 9)], sales_team=team((setup.bruno, 100))).insert()  # draft
	order = transaction("Sales Order", setup, [(setup.a, 1)], sales_team=team((setup.bruno, 100))).insert()
	order.submit()

	_columns, rows, _message, chart = person_summary({"doctype": "Sales Invoice", "company": setup.company})
	got = [
		(
			r.sales_person,
			r.document_count,
			flt(r.net_total),
			flt(r.allocated_amount),
			r.commission_rate,
			flt(r.incentives),
		)
		for r in rows
	]
	assert got == [
		# 180.00 x 4 % = 7.20, plus 75.80 (B grants none) x 4 % = 3.03
		(setup.alice, 2, 431.3, 255.8, 4.0, 10.23),
		(setup.bruno, 1, 300.0, 120.0, 2.0, 2.4),
	]
	assert chart["data"]["datasets"][0]["values"] == [10.23, 2.4]
	_columns, rows, *_rest = person_summary({"doctype": "Sales Order", "sales_person": setup.bruno})
	assert [(r.sales_person, r.document_count, flt(r.incentives)) for r in rows] == [(setup.bruno, 1, 2.0)]


def test_the_commission_reports_are_for_managers_and_accountants(setup):
	from frappe.desk.query_report import run

	from sales_flow.analytics.commissions import commission_report
	from tests.support import as_user, make_user

	accountant, rep = make_user(["Accounts User"]), make_user(["Sales User"])
	for report in ("Sales Partner Commission", "Sales Person Commission Summary"):
		with as_user(accountant):
			assert run(report, filters={"doctype": "Sales Invoice"})["columns"]
		with as_user(rep):
			assert_rejected(
				lambda report=report: run(report, filters={}), "access to Report", frappe.PermissionError
			)
	# the report's own code refuses too, whoever calls it
	with as_user(rep):
		for party in ("Sales Partner", "Sales Person"):
			assert_rejected(
				lambda party=party: commission_report({"doctype": "Sales Invoice"}, party),
				"The commission reports are for the sales managers",
				frappe.PermissionError,
			)


def test_the_quotation_referral_partner_follows_to_order_and_invoice(setup):
	from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order

	quotation = transaction("Quotation", setup, [(setup.a, 2)], referral_sales_partner=setup.partner).insert()
	quotation.submit()
	order = make_sales_order(quotation.name)
	order.delivery_date = add_days(nowdate(), 5)
	order.insert()
	assert (order.sales_partner, order.commission_rate, order.total_commission) == (setup.partner, 7.5, 15.0)
	order.submit()
	invoice = make_sales_invoice(order.name).insert()
	assert (invoice.sales_partner, invoice.commission_rate, invoice.total_commission) == (
		setup.partner,
		7.5,
		15.0,
	)


def test_a_disabled_sales_person_cannot_join_a_team(setup):
	frappe.db.set_value("Sales Person", setup.bruno, "enabled", 0)
	order = transaction(
		"Sales Order",
		setup,
		[(setup.a, 1)],
		sales_team=[{"sales_person": setup.bruno, "allocated_percentage": 100}],
	)
	assert_rejected(order.insert, "Sales Person Test Bruno is disabled")
