"""The sales cycle on a real site: amounts to the cent, statuses and remaining quantities after each
submit and cancel, in both orders of steps, with advances, payments, credit notes and down payments."""

import frappe
import pytest
from frappe.utils import add_days, flt, nowdate

from sales_flow.sales_flow.doctype.delivery_note.delivery_note import make_sales_invoice as dn_to_invoice
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_invoice as quotation_to_invoice
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_delivery_note as invoice_to_dn
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import (
	make_delivery_note,
	make_down_payment_invoice,
	make_sales_invoice,
)
from tests.sales_setup import sales_setup, submitted, transaction
from tests.support import assert_rejected


@pytest.fixture
def setup():
	return sales_setup()


def qty_by_item(doc, field: str) -> dict[str, float]:
	doc.reload()
	return {row.item_code: flt(row.get(field)) for row in doc.items}


def status_of(doc) -> str:
	return frappe.db.get_value(doc.doctype, doc.name, "status")


# --- amounts -----------------------------------------------------------------------------------


def test_french_quotation_with_three_vat_rates_line_and_document_discounts(setup):
	quotation = transaction(
		"Quotation",
		setup,
		[(setup.a, 3, {"discount_percentage": 10}), (setup.b, 2), (setup.c, 7)],
		apply_discount_on="Net Total",
		additional_discount_percentage=5,
	).insert()
	assert [row.rate for row in quotation.items] == [90.0, 55.5, 3.79]
	assert quotation.total == 407.53
	assert quotation.discount_amount == 20.38
	assert quotation.net_total == 387.15
	assert [t.tax_amount for t in quotation.taxes] == [51.3, 10.55, 1.39]
	assert quotation.grand_total == 450.39
	assert quotation.rounded_total == 450.39
	assert quotation.base_grand_total == 450.39
	assert "quatre cent cinquante" in quotation.in_words.lower()
	assert quotation.valid_till  # from the settings' validity
	assert quotation.status == "Draft"


def test_ttc_prices_are_what_the_customer_pays(setup):
	quotation = transaction(
		"Quotation", setup, [(setup.a, 3, {"price_list_rate": 9.99})], taxes_and_charges=setup.ttc
	).insert()
	assert quotation.total == 29.97
	assert quotation.net_total == 24.98
	assert quotation.total_taxes_and_charges == 4.99
	assert quotation.grand_total == 29.97


def test_a_foreign_currency_order_keeps_its_base_amounts(setup):
	frappe.get_doc(
		{
			"doctype": "Currency Exchange",
			"date": "2020-01-01",
			"from_currency": "USD",
			"to_currency": "EUR",
			"exchange_rate": 0.92,
		}
	).insert()
	order = transaction("Sales Order", setup, [(setup.a, 3)], currency="USD").insert()
	assert order.conversion_rate == 0.92
	# the EUR list price comes in dollars: 100 / 0.92
	assert order.items[0].price_list_rate == pytest.approx(108.6957, abs=1e-4)
	assert order.items[0].rate == 108.7
	assert order.net_total == 326.1
	assert order.grand_total == 391.32
	assert order.base_net_total == 300.01
	assert order.base_grand_total == 360.01
	assert order.base_net_total + order.base_total_taxes_and_charges == order.base_grand_total


# --- quotation -> orders ------------------------------------------------------------------------


def test_a_quotation_becomes_two_partial_orders(setup):
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 10), (setup.b, 4)]))
	assert status_of(quotation) == "Open"

	first = make_sales_order(quotation.name)
	assert [(r.item_code, r.qty) for r in first.items] == [(setup.a, 10), (setup.b, 4)]
	first.items[0].qty = 6
	first.delivery_date = add_days(nowdate(), 7)
	submitted(first)
	assert qty_by_item(quotation, "ordered_qty") == {setup.a: 6, setup.b: 4}
	assert status_of(quotation) == "Partially Ordered"
	assert flt(frappe.db.get_value("Quotation", quotation.name, "per_ordered"), 2) == 71.43

	second = make_sales_order(quotation.name)
	assert [(r.item_code, r.qty) for r in second.items] == [(setup.a, 4)]
	second.delivery_date = add_days(nowdate(), 7)
	submitted(second)
	assert status_of(quotation) == "Ordered"
	assert_rejected(lambda: make_sales_order(quotation.name), "Nothing remains")

	# cancel gives the quantities back; amend takes them again as NAME-1
	second.cancel()
	assert qty_by_item(quotation, "ordered_qty") == {setup.a: 6, setup.b: 4}
	assert status_of(quotation) == "Partially Ordered"
	amended = frappe.copy_doc(second)
	amended.amended_from = second.name
	amended.docstatus = 0
	submitted(amended)
	assert amended.name == f"{second.name}-1"
	assert status_of(quotation) == "Ordered"


def test_the_order_of_a_quotation_is_invoiced_and_delivered(setup):
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 2)]))
	order = make_sales_order(quotation.name)
	order.delivery_date = nowdate()
	submitted(order)
	invoice = submitted(make_sales_invoice(order.name))
	assert invoice.items[0].quotation_item is None
	assert invoice.items[0].so_detail == order.items[0].name
	submitted(make_delivery_note(order.name))
	assert qty_by_item(quotation, "ordered_qty") == {setup.a: 2}
	assert status_of(order) == "Completed"
	assert status_of(quotation) == "Ordered"


def test_a_quotation_cannot_be_cancelled_while_an_order_stands_on_it(setup):
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 1)]))
	order = make_sales_order(quotation.name)
	order.delivery_date = nowdate()
	submitted(order)
	quotation.reload()
	assert_rejected(quotation.cancel, order.name, frappe.LinkExistsError)
	assert frappe.db.get_value("Quotation", quotation.name, "docstatus") == 1


def test_no_over_ordering_by_editing_the_mapped_quantity(setup):
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 5)]))
	order = make_sales_order(quotation.name)
	order.items[0].qty = 6
	order.delivery_date = nowdate()
	assert_rejected(order.insert, "at most 5")
	assert not frappe.db.exists("Sales Order", {"customer": setup.customer, "docstatus": ["<", 2]})


def test_an_expired_quotation_is_not_ordered_unless_the_settings_allow_it(setup):
	quotation = transaction("Quotation", setup, [(setup.a, 1)])
	quotation.transaction_date = add_days(nowdate(), -40)
	quotation.valid_till = add_days(nowdate(), -10)
	submitted(quotation)
	assert status_of(quotation) == "Expired"
	assert_rejected(lambda: make_sales_order(quotation.name), "expired")
	frappe.db.set_single_value("Selling Settings", "allow_expired_quotation_order", 1)
	frappe.clear_document_cache("Selling Settings", "Selling Settings")
	assert make_sales_order(quotation.name).items[0].qty == 1


def test_a_lost_quotation_is_not_ordered(setup):
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 1)]))
	frappe.get_doc({"doctype": "Quotation Lost Reason", "order_lost_reason": "Test Price"}).insert()
	quotation.set_as_lost(["Test Price"], detailed_reason="Price too high")
	assert status_of(quotation) == "Lost"
	assert frappe.db.get_value("Quotation", quotation.name, "order_lost_reason") == "Price too high"
	assert_rejected(lambda: make_sales_order(quotation.name), "Lost")

	ordered = submitted(transaction("Quotation", setup, [(setup.a, 2)]))
	order = make_sales_order(ordered.name)
	order.items[0].qty = 1
	submitted(order)
	ordered.reload()
	assert_rejected(lambda: ordered.set_as_lost(["Test Price"], None, "Too late"), "already ordered")
	assert status_of(ordered) == "Partially Ordered"


def test_a_quotation_can_be_invoiced_directly(setup):
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 2)]))
	invoice = submitted(quotation_to_invoice(quotation.name))
	assert invoice.grand_total == 240.0
	assert status_of(quotation) == "Ordered"


# --- order -> invoice -> delivery, and order -> delivery -> invoice ---------------------------------


def test_order_invoiced_then_delivered(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 10), (setup.b, 4)]))
	assert status_of(order) == "To Deliver and Bill"

	invoice = make_sales_invoice(order.name)
	invoice.items = [r for r in invoice.items if r.item_code == setup.a]
	invoice.items[0].qty = 4
	submitted(invoice)
	assert invoice.grand_total == 480.0
	assert qty_by_item(order, "billed_qty") == {setup.a: 4, setup.b: 0}
	assert qty_by_item(order, "billed_amt") == {setup.a: 400, setup.b: 0}
	assert flt(frappe.db.get_value("Sales Order", order.name, "per_billed"), 2) == 28.57
	assert status_of(order) == "To Deliver and Bill"

	delivery = submitted(make_delivery_note(order.name))
	assert [(r.item_code, r.qty) for r in delivery.items] == [(setup.a, 10), (setup.b, 4)]
	assert status_of(order) == "To Bill"
	assert frappe.db.get_value("Sales Order", order.name, "delivery_status") == "Fully Delivered"

	rest = submitted(make_sales_invoice(order.name))
	assert [(r.item_code, r.qty) for r in rest.items] == [(setup.a, 6), (setup.b, 4)]
	assert status_of(order) == "Completed"
	assert_rejected(lambda: make_sales_invoice(order.name), "Nothing remains")

	# the delivery note was billed through its order: it is not left To Bill
	assert status_of(delivery) == "Completed"
	assert_rejected(lambda: dn_to_invoice(delivery.name), "Nothing remains")

	rest.cancel()
	assert qty_by_item(order, "billed_qty") == {setup.a: 4, setup.b: 0}
	assert status_of(order) == "To Bill"
	# the 4 billed first are given to the delivery note's line; the rest is to bill again
	assert qty_by_item(delivery, "billed_qty") == {setup.a: 4, setup.b: 0}
	assert status_of(delivery) == "To Bill"


def test_order_delivered_then_invoiced_from_the_delivery(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 10), (setup.b, 4)]))
	delivery = make_delivery_note(order.name)
	delivery.items[0].qty = 7
	submitted(delivery)
	assert qty_by_item(order, "delivered_qty") == {setup.a: 7, setup.b: 4}
	assert status_of(order) == "To Deliver and Bill"

	invoice = submitted(dn_to_invoice(delivery.name))
	assert [(r.item_code, r.qty, r.so_detail is not None) for r in invoice.items] == [
		(setup.a, 7, True),
		(setup.b, 4, True),
	]
	assert status_of(delivery) == "Completed"
	assert qty_by_item(order, "billed_qty") == {setup.a: 7, setup.b: 4}
	assert status_of(order) == "To Deliver and Bill"

	second = submitted(make_delivery_note(order.name))
	assert [(r.item_code, r.qty) for r in second.items] == [(setup.a, 3)]
	assert status_of(order) == "To Bill"
	submitted(dn_to_invoice(second.name))
	assert status_of(order) == "Completed"

	# cancelling the delivery note is refused while its invoice stands
	assert_rejected(delivery.cancel, invoice.name, frappe.LinkExistsError)


def test_an_invoice_is_delivered_from_itself(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 5)]))
	invoice = submitted(make_sales_invoice(order.name))
	delivery = submitted(invoice_to_dn(invoice.name))
	assert delivery.items[0].so_detail == order.items[0].name
	assert status_of(delivery) == "Completed"  # delivered from its invoice: billed
	assert flt(frappe.db.get_value("Sales Invoice", invoice.name, "per_delivered")) == 100
	assert status_of(order) == "Completed"
	assert_rejected(lambda: make_delivery_note(order.name), "Nothing remains")


def test_hold_close_and_resume(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 1)]))
	order.update_status("On Hold")
	assert status_of(order) == "On Hold"
	assert_rejected(lambda: make_sales_invoice(order.name), "On Hold")
	order.reload()
	order.update_status("Resume")
	assert status_of(order) == "To Deliver and Bill"
	order.reload()
	order.update_status("Closed")
	assert_rejected(lambda: make_delivery_note(order.name), "Closed")


# --- money ---------------------------------------------------------------------------------------


def test_advance_on_the_order_then_payment_of_the_rest(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 10)]))
	assert order.grand_total == 1200.0
	advance = submitted(get_payment_entry("Sales Order", order.name, party_amount=300))
	assert flt(frappe.db.get_value("Sales Order", order.name, "advance_paid")) == 300

	invoice = make_sales_invoice(order.name)
	invoice.items[0].qty = 5
	submitted(invoice)
	assert [(a.reference_name, a.allocated_amount) for a in invoice.advances] == [(advance.name, 300)]
	assert invoice.outstanding_amount == 300.0
	assert status_of(invoice) == "Partly Paid"

	payment = get_payment_entry("Sales Invoice", invoice.name)
	assert payment.paid_amount == 300
	submitted(payment)
	assert flt(frappe.db.get_value("Sales Invoice", invoice.name, "outstanding_amount")) == 0
	assert status_of(invoice) == "Paid"

	# the advance is used up: the second invoice gets none
	second = submitted(make_sales_invoice(order.name))
	assert not second.advances
	assert second.outstanding_amount == 600.0

	assert_rejected(advance.cancel, invoice.name, frappe.LinkExistsError)
	payment.reload()
	payment.cancel()
	assert flt(frappe.db.get_value("Sales Invoice", invoice.name, "outstanding_amount")) == 300
	assert status_of(invoice) == "Partly Paid"


def test_no_advance_on_a_fully_billed_order(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 1)]))
	submitted(make_sales_invoice(order.name))
	assert_rejected(lambda: get_payment_entry("Sales Order", order.name), "fully billed")


def test_allocating_more_than_outstanding_is_refused(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 1)]))
	invoice = submitted(make_sales_invoice(order.name))
	payment = get_payment_entry("Sales Invoice", invoice.name)
	payment.paid_amount = 500
	payment.references[0].allocated_amount = 130
	assert_rejected(payment.insert, "which has only 120,00 € outstanding")
	assert not frappe.db.exists("Payment Entry", {"party": setup.customer})


def test_an_order_invoiced_after_its_due_date_gets_its_own_schedule(setup):
	order = transaction(
		"Sales Order",
		setup,
		[(setup.a, 2)],
		transaction_date=add_days(nowdate(), -60),
		delivery_date=add_days(nowdate(), -55),
	)
	order.payment_terms_template = make_terms("Test 30 days", 30)
	submitted(order)
	assert str(order.payment_schedule[0].due_date) == add_days(nowdate(), -30)
	invoice = submitted(make_sales_invoice(order.name))
	assert str(invoice.posting_date) == nowdate()
	assert str(invoice.due_date) == add_days(nowdate(), 30)
	assert status_of(invoice) == "Unpaid"
	credit = make_sales_return(invoice.name)
	assert str(credit.posting_date) == nowdate() and not credit.payment_schedule
	submitted(credit)


def make_terms(name: str, days: int) -> str:
	if not frappe.db.exists("Payment Terms Template", name):
		frappe.get_doc(
			{
				"doctype": "Payment Terms Template",
				"template_name": name,
				"terms": [
					{
						"due_date_based_on": "Day(s) after invoice date",
						"credit_days": days,
						"invoice_portion": 100,
					}
				],
			}
		).insert()
	return name


def test_a_credit_note_restores_the_outstanding_amount(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 5)]))
	invoice = submitted(make_sales_invoice(order.name))
	submitted(get_payment_entry("Sales Invoice", invoice.name))
	assert status_of(invoice) == "Paid"

	credit = make_sales_return(invoice.name)
	assert credit.is_return and credit.items[0].qty == -5
	credit.items[0].qty = -2
	submitted(credit)
	assert credit.grand_total == -240.0
	assert status_of(credit) == "Return"
	assert flt(frappe.db.get_value("Sales Invoice", invoice.name, "outstanding_amount")) == -240
	assert status_of(invoice) == "Credit Note Issued"
	# the order is to bill again for what was credited
	assert qty_by_item(order, "billed_qty") == {setup.a: 3}
	assert status_of(order) == "To Deliver and Bill"

	more = make_sales_return(invoice.name)
	assert more.items[0].qty == -3
	more.items[0].qty = -4
	assert_rejected(more.insert, "at most 3")

	credit.cancel()
	assert flt(frappe.db.get_value("Sales Invoice", invoice.name, "outstanding_amount")) == 0
	assert status_of(invoice) == "Paid"


def test_a_down_payment_invoice_is_deducted_on_the_final_invoice(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 10), (setup.c, 10)]))
	assert order.grand_total == 1239.98  # 1000 + 200 VAT 20 % + 37.90 + 2.08 VAT 5.5 %
	down = submitted(make_down_payment_invoice(order.name, 30))
	assert down.is_down_payment_invoice
	# 30 % of each line: 300.00 + 11.37, VAT 60.00 + 0.63
	assert down.grand_total == 372.0
	assert [t.tax_amount for t in down.taxes][0] == 60.0
	# it bills none of the order's lines
	assert qty_by_item(order, "billed_qty") == {setup.a: 0, setup.c: 0}
	submitted(get_payment_entry("Sales Invoice", down.name))

	final = submitted(make_sales_invoice(order.name))
	assert final.grand_total == 1239.98
	assert [(a.reference_name, a.allocated_amount) for a in final.advances] == [
		(down.name, down.rounded_total)
	]
	assert final.outstanding_amount == round(1239.98 - down.rounded_total, 2)
	assert status_of(order) == "To Deliver"
	assert_rejected(down.cancel, final.name, frappe.LinkExistsError)


def test_down_payments_never_exceed_the_order(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 1)]))
	submitted(make_down_payment_invoice(order.name, 80))
	assert_rejected(lambda: make_down_payment_invoice(order.name, 30).insert(), "more than the order")
	assert_rejected(lambda: make_down_payment_invoice(order.name, 130), "between 0 and 100")


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"line, message",
	[
		({"qty": 0}, "cannot be zero"),
		({"qty": -1}, "cannot be negative"),
		({"rate": -5, "price_list_rate": 0}, "cannot be negative"),
		({"discount_percentage": 120}, "between 0 and 100"),
		({"qty": 1.5}, "1.5 is not a whole number, but quantities in Unit must be whole numbers"),
		({"item_code": "NO-SUCH-ITEM"}, "Could not find Row #1: Item: NO-SUCH-ITEM"),
	],
)
def test_bad_lines_are_refused_and_nothing_is_written(setup, line, message):
	doc = transaction("Sales Order", setup, [(setup.a, 1, line)])
	doc.items[0].update(line)
	assert_rejected(doc.insert, message)
	assert not frappe.db.exists("Sales Order", {"customer": setup.customer})


def test_a_disabled_item_is_refused(setup):
	frappe.db.set_value("Item", setup.b, "disabled", 1)
	assert_rejected(transaction("Quotation", setup, [(setup.b, 1)]).insert, "is disabled")


def test_a_price_list_in_another_currency_needs_a_rate(setup):
	frappe.get_doc(
		{"doctype": "Price List", "price_list_name": "Test GBP", "currency": "GBP", "selling": 1}
	).insert()
	doc = transaction("Quotation", setup, [(setup.a, 1)], selling_price_list="Test GBP", currency="GBP")
	assert_rejected(doc.insert, "No exchange rate from GBP to EUR")
	assert not frappe.db.exists("Quotation", {"party_name": setup.customer})


def test_submitting_twice_is_refused(setup):
	order = submitted(transaction("Sales Order", setup, [(setup.a, 1)]))
	assert_rejected(order.submit, "already submitted")
	assert frappe.db.count("Sales Order", {"customer": setup.customer, "docstatus": 1}) == 1


def test_the_desk_submits_a_draft_and_refuses_a_second_submit(setup):
	"""The desk's savedocs sets docstatus 1 on the draft it receives, then calls submit()."""
	from frappe.desk.form.save import savedocs

	order = transaction("Sales Order", setup, [(setup.a, 2)]).insert()
	savedocs(frappe.as_json(order.as_dict()), "Submit")
	assert frappe.db.get_value("Sales Order", order.name, ["docstatus", "status"]) == (
		1,
		"To Deliver and Bill",
	)
	order.reload()
	assert_rejected(lambda: savedocs(frappe.as_json(order.as_dict()), "Submit"), "already submitted")


def test_zero_quantity_is_allowed_when_the_settings_say_so(setup):
	frappe.db.set_single_value("Selling Settings", "allow_zero_qty", 1)
	frappe.clear_document_cache("Selling Settings", "Selling Settings")
	doc = transaction("Quotation", setup, [(setup.a, 0), (setup.b, 1)]).insert()
	assert doc.grand_total == 61.05


# --- connections ---------------------------------------------------------------------------------


def linked_names(doctype: str, name: str) -> set[str]:
	"""The DocTypes the form's connections panel shows with a count (Frappe's own dashboard query)."""
	from frappe.desk.notifications import get_open_count

	found = get_open_count(doctype, name)["count"]
	rows = found["external_links_found"] + found["internal_links_found"]
	return {row["doctype"] for row in rows if row.get("count")}


def test_the_connections_panel_links_the_cycle(setup):
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 2)]))
	order = make_sales_order(quotation.name)
	order.delivery_date = nowdate()
	submitted(order)
	delivery = submitted(make_delivery_note(order.name))
	invoice = submitted(dn_to_invoice(delivery.name))
	submitted(get_payment_entry("Sales Invoice", invoice.name))
	assert linked_names("Quotation", quotation.name) == {"Sales Order"}
	assert linked_names("Sales Order", order.name) == {"Delivery Note", "Sales Invoice", "Quotation"}
	assert linked_names("Delivery Note", delivery.name) == {"Sales Invoice", "Sales Order"}
	assert linked_names("Sales Invoice", invoice.name) == {"Payment Entry", "Sales Order", "Delivery Note"}
	assert linked_names("Customer", setup.customer) == {
		"Quotation",
		"Sales Order",
		"Delivery Note",
		"Sales Invoice",
		"Payment Entry",
	}


# --- time ----------------------------------------------------------------------------------------


def test_the_daily_job_marks_overdue_invoices_and_expired_quotations(setup, monkeypatch):
	from sales_flow.controllers import jobs

	monkeypatch.setattr(frappe.db, "commit", lambda: None)  # keep the test's transaction
	order = submitted(transaction("Sales Order", setup, [(setup.a, 1)]))
	invoice = make_sales_invoice(order.name)
	invoice.due_date = add_days(nowdate(), 1)
	submitted(invoice)
	quotation = submitted(transaction("Quotation", setup, [(setup.a, 1)], valid_till=add_days(nowdate(), 1)))
	assert (status_of(invoice), status_of(quotation)) == ("Unpaid", "Open")

	jobs.refresh_time_based_statuses()
	assert (status_of(invoice), status_of(quotation)) == ("Unpaid", "Open")

	# two days later
	frappe.db.set_value("Sales Invoice", invoice.name, "due_date", add_days(nowdate(), -1))
	frappe.db.set_value("Quotation", quotation.name, "valid_till", add_days(nowdate(), -1))
	jobs.refresh_time_based_statuses()
	assert (status_of(invoice), status_of(quotation)) == ("Overdue", "Expired")


# --- what the form asks the server -----------------------------------------------------------------


def test_the_form_gets_customer_defaults_and_prices_in_one_call(setup):
	from sales_flow.controllers.form_api import get_item_details, get_party_details

	draft = {
		"doctype": "Quotation",
		"quotation_to": "Customer",
		"party_name": setup.customer,
		"company": setup.company,
		"transaction_date": nowdate(),
		"items": [{"doctype": "Quotation Item", "name": "new-row-1", "item_code": setup.b, "qty": 2}],
	}
	details = get_party_details(frappe.as_json(draft))
	assert details["selling_price_list"] == setup.price_list
	assert details["currency"] == "EUR"
	assert details["prices"] == {"new-row-1": 55.5}
	assert get_item_details(frappe.as_json(draft), setup.c)["price_list_rate"] == 3.79
	assert (
		get_item_details(frappe.as_json(draft), setup.c)["item_tax_rate"]
		== '{"TVA 20": 0.0, "TVA 10": 0.0, "TVA 5,5": 5.5}'
	)


def test_the_form_helpers_respect_permissions(setup):
	from sales_flow.controllers.form_api import get_item_details
	from tests.support import as_user, make_user

	draft = frappe.as_json(
		{"doctype": "Quotation", "quotation_to": "Customer", "party_name": setup.customer, "items": []}
	)
	with as_user(make_user([], email="nobody-form@test.sales-flow.fr")):
		with pytest.raises(frappe.PermissionError):
			get_item_details(draft, setup.a)
