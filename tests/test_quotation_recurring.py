"""Recurring lines on quotations: "installation + support per month" quoted with one-time and
recurring totals (VAT right for both, to the cent), printed in French, ordered, and the order's
subscription billing the quoted price; Quotation Templates carry recurring lines too."""

import frappe
import pytest
from frappe.utils import flt, getdate, nowdate

from sales_flow.printing.email import template_message
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_invoice, make_sales_order
from sales_flow.sales_flow.doctype.quotation_template.quotation_template import apply_template
from sales_flow.subscriptions import billing
from sales_flow.subscriptions.quotes import recurring_line_labels, recurring_summary
from tests.sales_setup import sales_setup, transaction
from tests.support import assert_rejected


@pytest.fixture
def setup():
	setup = sales_setup()
	yield setup
	frappe.flags.current_date = None


def plan_for(item: str, cost: float = 45.0, interval: str = "Month", count: int = 1) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Subscription Plan",
				"plan_name": f"Test Quoted Support {frappe.generate_hash(length=6)}",
				"item": item,
				"price_determination": "Fixed Rate",
				"cost": cost,
				"billing_interval": interval,
				"billing_interval_count": count,
			}
		)
		.insert()
		.name
	)


def quoted(setup, plan: str):
	"""Installation: 1 x A (100 + 20 % VAT), once; support: 2 x B (55.50 + 10 % VAT) each month."""
	quotation = transaction("Quotation", setup, [(setup.a, 1), (setup.b, 2, {"subscription_plan": plan})])
	quotation.language = "fr"
	return quotation.insert()


def test_one_time_and_recurring_totals_with_their_vat(setup):
	yearly = plan_for(setup.c, interval="Year")
	quotation = transaction(
		"Quotation",
		setup,
		[
			(setup.a, 1),
			(setup.b, 2, {"subscription_plan": plan_for(setup.b)}),
			(setup.c, 10, {"subscription_plan": yearly}),
		],
	).insert()
	# the engine's totals hold one interval of each recurring line, as the order does
	assert (quotation.net_total, quotation.total_taxes_and_charges, quotation.grand_total) == (
		248.9,
		33.18,
		282.08,
	)
	assert recurring_summary(quotation) == {
		"one_time": {"net_total": 100, "taxes": 20, "grand_total": 120},
		"recurring": [
			{"label": "/ month", "net_total": 111, "taxes": 11.1, "grand_total": 122.1},
			# 37.90 at 5.5 % = 2.0845
			{"label": "/ year", "net_total": 37.9, "taxes": 2.08, "grand_total": 39.98},
		],
	}
	assert recurring_line_labels(quotation) == {2: "/ month", 3: "/ year"}
	assert recurring_summary(transaction("Quotation", setup, [(setup.a, 1)]).insert()) is None


def test_every_three_months_reads_as_such(setup):
	quotation = transaction(
		"Quotation",
		setup,
		[(setup.b, 1, {"subscription_plan": plan_for(setup.b, interval="Month", count=3)})],
	).insert()
	assert recurring_line_labels(quotation) == {1: "/ 3 months"}
	assert recurring_summary(quotation)["one_time"] == {"net_total": 0, "taxes": 0, "grand_total": 0}


def test_a_plan_billing_another_item_is_refused(setup):
	plan = plan_for(setup.b)
	assert_rejected(
		lambda: transaction("Quotation", setup, [(setup.a, 1, {"subscription_plan": plan})]).insert(),
		f"bills item {setup.b}, not {setup.a}",
	)
	assert_rejected(
		lambda: transaction(
			"Quotation",
			setup,
			[
				(setup.a, 1),
				(None, None, {"line_type": "Section", "item_name": "Support", "subscription_plan": plan}),
			],
		).insert(),
		"Subscription Plan",
	)


def test_the_quotation_prints_both_totals_in_french(setup):
	quotation = quoted(setup, plan_for(setup.b))
	quotation.submit()
	with frappe.translate.print_language("fr"):
		html = frappe.get_print("Quotation", quotation.name, "Devis")
	text = " ".join(frappe.utils.strip_html(html).split())
	assert "111,00 / mois" in text  # the line's amount, for one month
	for figure in ("Ponctuel", "Récurrent / mois", "120,00", "11,10", "122,10", "242,10"):
		assert figure in text, figure


def test_the_order_starts_the_subscription_at_the_quoted_price(setup):
	plan = plan_for(setup.b, cost=45.0)  # the plan's own price is not what was quoted
	quotation = quoted(setup, plan)
	quotation.items[1].discount_percentage = 10  # 49.95 a month agreed
	quotation.save()
	quotation.submit()
	# invoiced straight from the quotation, the support would be billed once and never again
	assert_rejected(lambda: make_sales_invoice(quotation.name), "make a Sales Order")
	order = make_sales_order(quotation.name)
	order.delivery_date = nowdate()
	order.insert()
	assert [(r.item_code, r.subscription_plan, r.rate) for r in order.items] == [
		(setup.a, None, 100),
		(setup.b, plan, 49.95),
	]
	order.submit()
	assert frappe.db.get_value("Quotation", quotation.name, "status") == "Ordered"
	subscription = frappe.get_doc("Subscription", {"sales_order": order.name})
	assert (str(subscription.start_date), subscription.party) == (nowdate(), setup.customer)
	assert [(r.plan, r.qty, r.rate) for r in subscription.plans] == [(plan, 2, 49.95)]

	frappe.flags.current_date = nowdate()
	billing.process_batch([subscription.name], getdate(nowdate()), commit_each=False)
	invoice = frappe.get_doc("Sales Invoice", {"subscription": subscription.name})
	assert [(r.item_code, r.qty, r.rate) for r in invoice.items] == [(setup.b, 2, 49.95)]
	assert flt(invoice.net_total) == 99.9


def test_a_quotation_template_holds_a_recurring_line(setup):
	plan = plan_for(setup.b)
	template = frappe.get_doc(
		{
			"doctype": "Quotation Template",
			"template_name": f"Test Modèle Abonnement {frappe.generate_hash(length=6)}",
			"items": [
				{"item_code": setup.a, "qty": 1, "rate": 100},
				{"item_code": setup.b, "qty": 1, "rate": 49, "subscription_plan": plan},
			],
		}
	).insert()
	quotation = transaction("Quotation", setup, [])
	quotation.items = []
	apply_template(quotation, template, "append")
	quotation.insert()
	assert [(r.item_code, r.subscription_plan, r.rate) for r in quotation.items] == [
		(setup.a, None, 100),
		(setup.b, plan, 49),
	]
	assert recurring_summary(quotation)["recurring"] == [
		{"label": "/ month", "net_total": 49, "taxes": 4.9, "grand_total": 53.9}
	]


def test_the_quotation_email_tells_what_is_paid_once_and_what_recurs(setup):
	quotation = quoted(setup, plan_for(setup.b))
	quotation.submit()
	message = template_message(quotation, None, "fr")["message"]
	text = " ".join(frappe.utils.strip_html(message).replace("\u202f", " ").replace("\u00a0", " ").split())
	assert "Soit 120,00 € TTC à la commande, puis 122,10 € TTC / mois." in text, text
