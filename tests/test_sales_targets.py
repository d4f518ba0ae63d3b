"""Sales targets: a Monthly Distribution's checks, the targets on Sales Person and Territory, and the
two Target Variance reports against hand-computed figures (an even target and a distributed one,
an order shared 60/40 between two sales persons, two territories), per role."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate
from frappe.utils.nestedset import get_root_of

from sales_flow.analytics import cards, charts
from sales_flow.sales_flow.report.sales_person_target_variance_based_on_item_group.sales_person_target_variance_based_on_item_group import (
	execute as person_report,
)
from sales_flow.sales_flow.report.territory_target_variance_based_on_item_group.territory_target_variance_based_on_item_group import (
	execute as territory_report,
)
from tests.sales_setup import sales_setup, transaction
from tests.support import as_user, assert_rejected, make_user

YEAR = "2024"
# Jan 20, Feb 5, Mar 5, Apr 10, May to Dec 7.5 each: 100 %
SHARES = [20, 5, 5, 10] + [7.5] * 8


@pytest.fixture
def targets():
	setup = sales_setup()
	setup.group = insert({"doctype": "Item Group", "item_group_name": "Test Cibles Matériel"})
	frappe.db.set_value("Item", setup.a, "item_group", setup.group)  # B stays outside the group
	setup.distribution = distribution("Test Cibles Saison", SHARES)
	setup.alice = sales_person("Test Cibles Alice", [target(setup.group, 12000)])
	setup.bruno = sales_person("Test Cibles Bruno", [target(setup.group, 12000, setup.distribution)])
	setup.nord = territory("Test Cibles Nord", [target(None, 12000)])
	setup.sud = territory("Test Cibles Sud", [target(setup.group, 1000)])
	setup.client_nord = customer(setup, "Test Client Cibles Nord", setup.nord)
	setup.client_sud = customer(setup, "Test Client Cibles Sud", setup.sud)
	shared = [(setup.alice, 60), (setup.bruno, 40)]
	order(setup, setup.client_nord, f"{YEAR}-01-15", [(setup.a, 30), (setup.b, 10)], shared)  # 3,000 + 555
	order(setup, setup.client_nord, f"{YEAR}-02-10", [(setup.a, 7)], [(setup.alice, 100)])  # 700
	order(setup, setup.client_sud, f"{YEAR}-04-03", [(setup.a, 5)], shared)  # 500
	order(setup, setup.client_sud, f"{YEAR}-01-20", [(setup.a, 100)], shared, submit=False)  # a draft
	order(setup, setup.client_nord, f"{int(YEAR) + 1}-01-05", [(setup.a, 9)], shared)  # next year
	return setup


def insert(doc: dict) -> str:
	return frappe.get_doc(doc).insert().name


def distribution(name: str, shares: list[float]) -> str:
	months = ["January", "February", "March", "April", "May", "June", "July", "August"]
	months += ["September", "October", "November", "December"]
	rows = [{"month": m, "percentage_allocation": s} for m, s in zip(months, shares, strict=True)]
	return insert({"doctype": "Monthly Distribution", "distribution_id": name, "percentages": rows})


def target(item_group: str | None, amount: float, distribution_id: str | None = None) -> dict:
	return {
		"item_group": item_group,
		"fiscal_year": YEAR,
		"target_amount": amount,
		"distribution_id": distribution_id,
	}


def sales_person(name: str, targets: list[dict]) -> str:
	return insert({"doctype": "Sales Person", "sales_person_name": name, "targets": targets})


def territory(name: str, targets: list[dict]) -> str:
	parent = get_root_of("Territory")
	return insert(
		{"doctype": "Territory", "territory_name": name, "parent_territory": parent, "targets": targets}
	)


def customer(setup, name: str, territory_name: str) -> str:
	doc = {
		"doctype": "Customer",
		"customer_name": name,
		"default_price_list": setup.price_list,
		"customer_group": get_root_of("Customer Group"),
		"territory": territory_name,
	}
	return insert(doc)


def order(setup, customer_name: str, date: str, lines: list, team: list, submit: bool = True):
	doc = transaction(
		"Sales Order",
		setup,
		lines,
		customer=customer_name,
		transaction_date=date,
		delivery_date=add_days(date, 10),
		sales_team=[{"sales_person": p, "allocated_percentage": share} for p, share in team],
	).insert()
	if submit:
		doc.submit()
	return doc


def figures(rows: list[dict], party_field: str, party: str) -> list[tuple]:
	return [
		(r["period"], r["target"], r["achieved"], r["variance"], r["achievement"])
		for r in rows
		if r[party_field] == party
	]


def run(report, **filters):
	columns, rows, _message, chart = report({"fiscal_year": YEAR, **filters})
	return rows


def test_even_target_against_a_shared_order_by_quarter(targets):
	rows = run(person_report, period="Quarterly", sales_person=targets.alice)
	# 12,000 evenly: 3,000 a quarter; Alice has 60 % of 3,000 (January, the group's line only),
	# all of 700 (February) and 60 % of 500 (April); the draft and next year's order do not count
	assert figures(rows, "sales_person", targets.alice) == [
		(f"Q1 {YEAR}", 3000.0, 2500.0, -500.0, 83.33),
		(f"Q2 {YEAR}", 3000.0, 300.0, -2700.0, 10.0),
		(f"Q3 {YEAR}", 3000.0, 0.0, -3000.0, 0.0),
		(f"Q4 {YEAR}", 3000.0, 0.0, -3000.0, 0.0),
	]
	assert {r["item_group"] for r in rows} == {targets.group}
	rows = run(person_report, period="Yearly", sales_person=targets.alice)
	assert figures(rows, "sales_person", targets.alice) == [(YEAR, 12000.0, 2800.0, -9200.0, 23.33)]


def test_distributed_target_by_month_and_half_year(targets):
	rows = run(person_report, period="Monthly", sales_person=targets.bruno)
	monthly = figures(rows, "sales_person", targets.bruno)
	# January 20 % of 12,000 = 2,400 against 40 % of 3,000; April 10 % = 1,200 against 40 % of 500
	assert monthly[:5] == [
		(f"January {YEAR}", 2400.0, 1200.0, -1200.0, 50.0),
		(f"February {YEAR}", 600.0, 0.0, -600.0, 0.0),
		(f"March {YEAR}", 600.0, 0.0, -600.0, 0.0),
		(f"April {YEAR}", 1200.0, 200.0, -1000.0, 16.67),
		(f"May {YEAR}", 900.0, 0.0, -900.0, 0.0),
	]
	assert len(monthly) == 12 and sum(row[1] for row in monthly) == 12000.0
	rows = run(person_report, period="Half-Yearly", sales_person=targets.bruno)
	assert figures(rows, "sales_person", targets.bruno) == [
		(f"H1 {YEAR}", 6600.0, 1400.0, -5200.0, 21.21),
		(f"H2 {YEAR}", 5400.0, 0.0, -5400.0, 0.0),
	]


def test_territories_count_whole_lines_by_the_customers_territory(targets):
	rows = run(territory_report, period="Quarterly")
	# Nord: every item group, 12,000 evenly; its customer's orders of 3,555 and 700 in Q1
	assert figures(rows, "territory", targets.nord)[:2] == [
		(f"Q1 {YEAR}", 3000.0, 4255.0, 1255.0, 141.83),
		(f"Q2 {YEAR}", 3000.0, 0.0, -3000.0, 0.0),
	]
	# Sud: 1,000 in the group, evenly: 250 a quarter, 83.33 a month; the whole 500 of April's order
	assert figures(rows, "territory", targets.sud)[:2] == [
		(f"Q1 {YEAR}", 250.0, 0.0, -250.0, 0.0),
		(f"Q2 {YEAR}", 250.0, 500.0, 250.0, 200.0),
	]
	monthly = figures(run(territory_report, territory=targets.sud), "territory", targets.sud)
	assert monthly[3] == (f"April {YEAR}", 83.33, 500.0, 416.67, 600.02)


def test_quantity_targets_and_the_chart(targets):
	doc = frappe.get_doc("Sales Person", targets.alice)
	doc.append("targets", {"item_group": None, "fiscal_year": YEAR, "target_qty": 120})
	doc.save()
	columns, rows, _message, chart = person_report(
		{"fiscal_year": YEAR, "period": "Yearly", "target_on": "Quantity", "sales_person": targets.alice}
	)
	# every item group: 60 % of 30 + 10 units, 7 units, 60 % of 5 units
	assert figures(rows, "sales_person", targets.alice) == [(YEAR, 120.0, 34.0, -86.0, 28.33)]
	assert chart["data"]["labels"] == [YEAR]
	assert [d["values"] for d in chart["data"]["datasets"]] == [[120.0], [34.0]]


def test_twelve_even_shares_typed_to_three_decimals_give_a_twelfth_a_month(targets):
	even = distribution("Test Cibles Égale", [8.333] * 12)  # 99.996 %
	doc = frappe.get_doc("Sales Person", targets.alice)
	doc.targets[0].distribution_id = even
	doc.save()
	rows = run(person_report, period="Monthly", sales_person=targets.alice)
	assert {row[1] for row in figures(rows, "sales_person", targets.alice)} == {1000.0}


def test_a_distribution_must_add_up_to_100_percent_in_french():
	frappe.local.lang = "fr"
	try:
		assert_rejected(
			lambda: distribution("Test Cibles Bancale", [10] * 12),
			"Les pourcentages mensuels totalisent 120 % : ils doivent totaliser 100 %.",
		)
	finally:
		frappe.local.lang = "en"
	months = [{"month": "March", "percentage_allocation": 50}] * 2
	doc = {"doctype": "Monthly Distribution", "distribution_id": "Test Cibles Double", "percentages": months}
	assert_rejected(lambda: insert(doc), "Row 2: March appears twice in the distribution.")
	assert not frappe.db.exists("Monthly Distribution", "Test Cibles Bancale")


@pytest.mark.parametrize(
	"row, message",
	[
		({"fiscal_year": "24-5", "target_amount": 100}, "the fiscal year must be a year such as 2026"),
		({"fiscal_year": YEAR}, "set a target quantity or a target amount"),
		({"fiscal_year": YEAR, "target_amount": -5}, "a target cannot be negative"),
	],
)
def test_bad_targets_are_refused(row, message):
	doc = {"doctype": "Sales Person", "sales_person_name": "Test Cibles Refus", "targets": [row]}
	assert_rejected(lambda: insert(doc), message)


def test_one_target_per_item_group_and_year():
	rows = [target(None, 100), target(None, 200)]
	assert_rejected(lambda: territory("Test Cibles Doublon", rows), "Row 2: there is already a target")


def test_bad_filters_are_refused(targets):
	assert_rejected(lambda: run(person_report, period="Weekly"), "Period cannot be Weekly")
	assert_rejected(lambda: run(person_report, fiscal_year="l'an dernier"), "must be a year")


def test_who_may_read_the_reports(targets):
	with as_user(make_user(["Sales User"])):
		assert figures(run(person_report, period="Yearly"), "sales_person", targets.alice)
		assert figures(run(territory_report, period="Yearly"), "territory", targets.nord)
	with as_user(make_user(["Blogger"])):
		for report in (person_report, territory_report):
			assert_rejected(lambda report=report: run(report), "not permitted", frappe.PermissionError)
	with as_user(make_user(["Sales User"])):
		doc = {"doctype": "Monthly Distribution", "distribution_id": "Test Cibles Vendeur"}
		doc["percentages"] = [{"month": "January", "percentage_allocation": 100}]
		assert_rejected(lambda: insert(doc), "", frappe.PermissionError)


def test_the_workspace_card_and_chart_read_this_years_targets(targets):
	this_year = str(getdate(nowdate()).year)
	frappe.db.set_value("Target Detail", {"parent": targets.alice}, "fiscal_year", this_year)
	frappe.db.set_value("Target Detail", {"parent": targets.bruno}, "fiscal_year", this_year)
	order(targets, targets.client_nord, f"{this_year}-01-02", [(targets.a, 12)], [(targets.alice, 100)])
	# 1,200 achieved against 24,000 of targets
	assert cards.target_achievement(filters={}) == {"value": 5.0, "fieldtype": "Percent"}
	chart = charts.targets_vs_achieved(filters={})
	assert chart["labels"][0] == f"January {this_year}" and len(chart["labels"]) == 12
	# January: Alice 1,000 evenly and Bruno 20 % of 12,000
	assert [dataset["values"][0] for dataset in chart["datasets"]] == [3400.0, 1200.0]
	with as_user(make_user(["Blogger"])):
		assert_rejected(lambda: cards.target_achievement(filters={}), "not permitted", frappe.PermissionError)


def test_achieved_from_submitted_invoices_credit_notes_deducted(targets):
	team = [{"sales_person": targets.alice, "allocated_percentage": 60}]
	team.append({"sales_person": targets.bruno, "allocated_percentage": 40})
	values = {"customer": targets.client_sud, "set_posting_time": 1, "sales_team": team}
	invoice = transaction("Sales Invoice", targets, [(targets.a, 20)], posting_date=f"{YEAR}-05-06", **values)
	invoice.insert().submit()
	refund = transaction("Sales Invoice", targets, [(targets.a, -4)], posting_date=f"{YEAR}-05-20", **values)
	refund.update({"is_return": 1, "return_against": invoice.name})
	refund.insert().submit()
	rows = run(person_report, period="Quarterly", doctype="Sales Invoice", sales_person=targets.alice)
	# 60 % of 2,000 less 60 % of the 400 credited; the orders do not count here
	assert figures(rows, "sales_person", targets.alice)[:2] == [
		(f"Q1 {YEAR}", 3000.0, 0.0, -3000.0, 0.0),
		(f"Q2 {YEAR}", 3000.0, 960.0, -2040.0, 32.0),
	]
	rows = run(territory_report, period="Yearly", doctype="Sales Invoice", territory=targets.sud)
	assert figures(rows, "territory", targets.sud) == [(YEAR, 1000.0, 1600.0, 600.0, 160.0)]
