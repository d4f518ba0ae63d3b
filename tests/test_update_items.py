"""Update Items on a submitted Sales Order (and an open Quotation): quantities raised and lowered,
lines added and removed, never below what was delivered or billed; totals to the cent, payment
schedule, statuses, progress and history after each change."""

import json

import frappe
import pytest
from frappe.utils import add_days, flt, nowdate

from sales_flow.controllers.update_items import update_child_qty_rate
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_delivery_note, make_sales_invoice
from tests.sales_setup import sales_setup, submitted, transaction
from tests.support import as_user, assert_rejected, default_test_email


@pytest.fixture
def setup():
	return sales_setup()


def half_and_half() -> str:
	"""50 % at order, 50 % at 30 days."""
	name = "Test Update Items 50/50"
	if not frappe.db.exists("Payment Terms Template", name):
		frappe.get_doc(
			{
				"doctype": "Payment Terms Template",
				"template_name": name,
				"terms": [
					{"credit_days": 0, "invoice_portion": 50, "description": "À la commande"},
					{"credit_days": 30, "invoice_portion": 50, "description": "À 30 jours"},
				],
			}
		).insert()
	return name


def lines_of(doc) -> list[dict]:
	"""trans_items as ERPNext's dialog sends them: every item line the document keeps."""
	return [
		{"docname": row.name, "item_code": row.item_code, "qty": row.qty, "rate": row.rate, "uom": row.uom}
		for row in doc.items
	]


def update(doc, lines: list[dict]):
	update_child_qty_rate(doc.doctype, json.dumps(lines), doc.name)
	return frappe.get_doc(doc.doctype, doc.name)


def deliver(order, quantities: dict[str, float]):
	note = make_delivery_note(order.name)
	note.items = [row for row in note.items if row.item_code in quantities]
	for row in note.items:
		row.qty = quantities[row.item_code]
	return submitted(note)


def with_qty(lines: list[dict], item_code: str, qty: float, **values) -> list[dict]:
	return [{**line, "qty": qty, **values} if line["item_code"] == item_code else line for line in lines]


def test_a_partly_delivered_order_is_raised_lowered_and_gets_a_line(setup):
	order = submitted(
		transaction(
			"Sales Order", setup, [(setup.a, 10), (setup.b, 4)], payment_terms_template=half_and_half()
		)
	)
	assert order.grand_total == 1444.2  # 1,000 + 200 VAT, 222 + 22.20 VAT
	deliver(order, {setup.a: 6})
	order.reload()
	assert flt(order.per_delivered, 3) == 42.857  # 6 of 14

	lines = with_qty(with_qty(lines_of(order), setup.a, 12), setup.b, 3)
	order = update(order, [*lines, {"item_code": setup.c, "qty": 10, "rate": 4}])
	assert [(row.item_code, row.qty, row.rate, row.amount) for row in order.items] == [
		(setup.a, 12, 100, 1200),
		(setup.b, 3, 55.5, 166.5),
		(setup.c, 10, 4, 40),
	]
	assert order.items[2].price_list_rate == 3.79  # priced by the engine, the agreed 4.00 kept
	assert order.items[2].delivery_date == order.delivery_date
	assert order.net_total == 1406.5
	assert [tax.tax_amount for tax in order.taxes] == [240, 16.65, 2.2]
	assert order.grand_total == 1665.35
	assert [(row.payment_amount, row.invoice_portion) for row in order.payment_schedule] == [
		(832.68, 50),
		(832.67, 50),
	]
	assert order.per_delivered == 24  # 6 of 25
	assert (order.status, order.delivery_status) == ("To Deliver and Bill", "Partly Delivered")
	assert order.items[0].delivered_qty == 6

	# lowered to what was delivered, not below; a delivered line stays, an undelivered one goes
	lines = lines_of(order)
	assert_rejected(
		lambda: update(order, with_qty(lines, setup.a, 5)), "lower than the 6.0 already delivered"
	)
	assert_rejected(
		lambda: update(order, [line for line in lines if line["item_code"] != setup.a]), "cannot be removed"
	)
	order = update(order, [line for line in with_qty(lines, setup.a, 6) if line["item_code"] != setup.b])
	assert [(row.idx, row.item_code, row.qty) for row in order.items] == [(1, setup.a, 6), (2, setup.c, 10)]
	assert order.grand_total == 762.2  # 600 + 120, 40 + 2.20
	assert sum(row.payment_amount for row in order.payment_schedule) == 762.2
	assert order.per_delivered == 37.5  # 6 of 16

	deliver(order, {setup.c: 10})
	assert frappe.db.get_value("Sales Order", order.name, ["status", "per_delivered"]) == ("To Bill", 100)


def test_each_change_is_in_the_order_history(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 2), (setup.b, 1)]))
	update(order, [*with_qty(lines_of(order)[:1], setup.a, 3), {"item_code": setup.c, "qty": 5}])
	version = frappe.get_last_doc("Version", filters={"ref_doctype": "Sales Order", "docname": order.name})
	data = json.loads(version.data)
	assert [change[:2] for change in data["row_changed"] if change[0] == "items"]
	assert any(row[0] == "items" and row[1]["item_code"] == setup.c for row in data["added"])
	assert any(row[0] == "items" and row[1]["item_code"] == setup.b for row in data["removed"])
	assert any(field == "grand_total" for field, *_values in data["changed"])


def test_a_billed_line_keeps_at_least_what_was_billed(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 5)]))
	invoice = make_sales_invoice(order.name)
	invoice.items[0].qty = 3
	submitted(invoice)
	lines = lines_of(order)
	assert_rejected(lambda: update(order, with_qty(lines, setup.a, 2)), "lower than the 3.0 already billed")
	# 3 x 90 = 270 is less than the 300 billed
	assert_rejected(lambda: update(order, with_qty(lines, setup.a, 3, rate=90)), "already billed")
	order = update(order, with_qty(lines, setup.a, 4, rate=90))
	assert (order.items[0].amount, order.grand_total) == (360, 432)
	assert order.per_billed == 75
	assert order.status == "To Deliver and Bill"


def test_the_total_may_not_fall_below_the_advance_paid(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 5)]))  # 600 TTC
	submitted(get_payment_entry("Sales Order", order.name, party_amount=300))
	lines = lines_of(order)
	assert_rejected(lambda: update(order, with_qty(lines, setup.a, 2)), "already paid in advance")
	assert update(order, with_qty(lines, setup.a, 3)).grand_total == 360


def test_a_hand_written_schedule_keeps_its_shares(setup):
	order = transaction("Sales Order", setup, [(setup.a, 1)])  # 120 TTC
	order.append("payment_schedule", {"due_date": nowdate(), "payment_amount": 48, "invoice_portion": 40})
	order.append("payment_schedule", {"due_date": add_days(nowdate(), 60), "payment_amount": 72})
	order = update(submitted(order), with_qty(lines_of(order), setup.a, 3))  # 360 TTC
	assert [(r.due_date, r.payment_amount, r.invoice_portion) for r in order.payment_schedule] == [
		(frappe.utils.getdate(nowdate()), 144, 40),
		(frappe.utils.getdate(add_days(nowdate(), 60)), 216, 60),
	]


def test_an_open_quotation_is_updated_until_it_is_ordered(setup):
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 2)]))
	quotation = update(
		quotation, [*with_qty(lines_of(quotation), setup.a, 3), {"item_code": setup.b, "qty": 2}]
	)
	assert (quotation.net_total, quotation.grand_total) == (411, 482.1)  # 300 + 111; 60 + 11.10 VAT
	assert quotation.status == "Open"

	order = make_sales_order(quotation.name)
	order.items = order.items[:1]
	order.delivery_date = add_days(nowdate(), 5)
	submitted(order)
	assert_rejected(
		lambda: update(quotation, lines_of(quotation)), "only an open quotation nobody has ordered yet"
	)


def test_updates_refused_on_held_drafts_other_documents_and_bad_lines(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 2), (setup.b, 1)]))
	lines = lines_of(order)
	assert_rejected(
		lambda: update(order, [{**lines[0], "item_code": setup.c}, lines[1]]), "cannot be changed"
	)
	assert_rejected(lambda: update(order, [{**lines[0], "qty": "beaucoup"}]), "must be a number")
	assert_rejected(lambda: update(order, [{**lines[0], "docname": "nope"}]), "has no item line nope")
	assert_rejected(lambda: update(order, [lines[0], lines[0]]), "given twice")
	assert_rejected(lambda: update(order, [{"qty": 1}]), "a new line needs its item")
	assert_rejected(lambda: update(order, with_qty(lines, setup.a, -1)), "cannot be negative")
	assert_rejected(
		lambda: update_child_qty_rate("Sales Invoice", "[]", order.name), "Sales Order or a Quotation"
	)
	assert_rejected(lambda: update_child_qty_rate("Sales Order", "{}", order.name), "JSON list")

	draft = transaction("Sales Order", setup, [(setup.a, 1)]).insert()
	assert_rejected(lambda: update(draft, lines_of(draft)), "is not submitted")

	order.update_status("On Hold")
	assert_rejected(lambda: update(order, lines), "resume it")
	# nothing was written by the refusals
	assert frappe.db.get_value("Sales Order", order.name, "grand_total") == 301.05


def test_who_may_update_items(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 2)]))
	with as_user(default_test_email(["Accounts User"])):
		assert_rejected(
			lambda: update(order, with_qty(lines_of(order), setup.a, 3)), "", frappe.PermissionError
		)
	with as_user(default_test_email(["Sales User"])):
		assert update(order, with_qty(lines_of(order), setup.a, 3)).grand_total == 360


def test_a_recurring_line_changes_on_the_quotation_not_on_the_order(setup):
	plan = frappe.get_doc(
		{
			"doctype": "Subscription Plan",
			"plan_name": f"Test Update Items Support {frappe.generate_hash(length=6)}",
			"item": setup.b,
			"price_determination": "Fixed Rate",
			"cost": 55.5,
			"billing_interval": "Month",
			"billing_interval_count": 1,
		}
	).insert()
	quotation = submitted(
		transaction("Quotation", setup, [(setup.a, 1), (setup.b, 1, {"subscription_plan": plan.name})])
	)
	quotation = update(quotation, with_qty(lines_of(quotation), setup.b, 3))
	assert (quotation.items[1].subscription_plan, quotation.items[1].qty, quotation.net_total) == (
		plan.name,
		3,
		266.5,
	)

	order = submitted(
		transaction("Sales Order", setup, [(setup.a, 1), (setup.b, 1, {"subscription_plan": plan.name})])
	)
	lines = lines_of(order)
	assert_rejected(lambda: update(order, with_qty(lines, setup.b, 2)), "changed on its subscription")
	assert_rejected(lambda: update(order, lines[:1]), "stopped on its subscription")
	assert update(order, with_qty(lines, setup.a, 2)).net_total == 255.5
