"""Credit limits: an order or an invoice made without an order that takes the customer over its
limit is refused at submit, with the figures (receivables + ordered not billed + this document);
the role named in Selling Settings goes over it; the customer group's limit is the default; the
customer form shows the exposure. Item A sells at 100 + 20 % VAT = 120 a unit."""

import frappe
import pytest
from frappe.utils.nestedset import get_root_of

from sales_flow.controllers.credit_limit import credit_exposure
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice
from tests.pricing_setup import selling_settings
from tests.sales_setup import sales_setup, submitted, transaction
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	return sales_setup()


def money(value: float) -> str:
	return frappe.format(value, {"fieldtype": "Currency", "options": "EUR"})


def set_limit(setup, limit: float, bypass: int = 0, doctype: str = "Customer", name: str | None = None):
	doc = frappe.get_doc(doctype, name or setup.customer)
	doc.set(
		"credit_limits",
		[{"company": setup.company, "credit_limit": limit, "bypass_credit_limit_check": bypass}],
	)
	doc.save()


def order(setup, qty: float):
	return transaction("Sales Order", setup, [(setup.a, qty)])


def invoice(setup, qty: float):
	return transaction("Sales Invoice", setup, [(setup.a, qty)])


def over_limit(receivables: float, ordered: float, this: float, limit: float) -> str:
	return (
		f"receivables {money(receivables)} + ordered not billed {money(ordered)} + this document "
		f"{money(this)} = {money(receivables + ordered + this)}, above the limit of {money(limit)}"
	)


def test_an_order_over_the_limit_is_refused_with_the_figures(setup):
	set_limit(setup, 1000)
	first = submitted(invoice(setup, 5))  # 600 owed: within the limit
	late = order(setup, 5).insert()
	assert_rejected(late.submit, over_limit(600, 0, 600, 1000))
	assert frappe.db.get_value("Sales Order", late.name, "docstatus") == 0

	# 300 paid: 300 + 600 = 900 fits
	payment = get_payment_entry("Sales Invoice", first.name, party_amount=300)
	submitted(payment)
	late.reload()
	late.submit()
	assert credit_exposure(setup.customer, setup.company)["exposure"] == 900

	# an invoice without an order adds itself: 300 + 600 + 240 > 1000
	extra = invoice(setup, 2).insert()
	assert_rejected(extra.submit, over_limit(300, 600, 240, 1000))
	# the order's own invoice adds nothing: the order counted already
	billed = submitted(make_sales_invoice(late.name))
	assert credit_exposure(setup.customer, setup.company)["exposure"] == 900
	assert billed.docstatus == 1


def test_the_role_named_in_selling_settings_goes_over_the_limit(setup):
	set_limit(setup, 100)
	sales_user, manager = make_user(["Sales User"]), make_user(["Sales Manager"])
	with selling_settings(credit_controller="Sales Manager"):
		with as_user(sales_user):
			refused = order(setup, 1).insert()
			assert_rejected(refused.submit, over_limit(0, 0, 120, 100))
		with as_user(manager):
			allowed = order(setup, 1).insert()
			allowed.submit()
	assert frappe.db.get_value("Sales Order", allowed.name, "docstatus") == 1
	assert frappe.db.get_value("Sales Order", refused.name, "docstatus") == 0


def test_without_a_credit_controller_nobody_goes_over(setup):
	set_limit(setup, 100)
	with selling_settings(credit_controller=None):
		with as_user(make_user(["Sales Manager"])):
			assert_rejected(order(setup, 1).insert().submit, "Credit limit of customer")


def test_the_customer_groups_limit_is_the_default(setup):
	group = frappe.get_doc(
		{
			"doctype": "Customer Group",
			"customer_group_name": "Test groupe plafonné",
			"parent_customer_group": get_root_of("Customer Group"),
		}
	).insert()
	set_limit(setup, 500, doctype="Customer Group", name=group.name)
	frappe.db.set_value("Customer", setup.customer, "customer_group", group.name)
	assert_rejected(order(setup, 5).insert().submit, over_limit(0, 0, 600, 500))
	# the customer's own row wins over its group's
	set_limit(setup, 700)
	submitted(order(setup, 5))


def test_the_nearest_group_up_the_tree_with_a_limit_gives_it(setup):
	def group(name: str, parent: str, is_group: int = 0) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "Customer Group",
					"customer_group_name": name,
					"parent_customer_group": parent,
					"is_group": is_group,
				}
			)
			.insert()
			.name
		)

	parent = group("Test plafond parent", get_root_of("Customer Group"), is_group=1)
	child = group("Test plafond enfant", parent)
	set_limit(setup, 500, doctype="Customer Group", name=parent)
	frappe.db.set_value("Customer", setup.customer, "customer_group", child)
	# the child group has no row: its parent's limit
	assert_rejected(order(setup, 5).insert().submit, over_limit(0, 0, 600, 500))
	# the child group's own row is nearer than its parent's
	set_limit(setup, 2000, doctype="Customer Group", name=child)
	submitted(order(setup, 5))
	# a row of the customer's own with no limit: its groups' limits still apply
	set_limit(setup, 0)
	assert_rejected(order(setup, 20).insert().submit, over_limit(0, 600, 2400, 2000))


def test_bypass_at_the_order_checks_its_invoices_instead(setup):
	set_limit(setup, 500, bypass=1)
	so = submitted(order(setup, 5))  # 600: the order is not checked
	# its invoice is: the order (600 unbilled) counts, the invoice adds nothing more
	assert_rejected(make_sales_invoice(so.name).insert().submit, over_limit(0, 600, 0, 500))


def test_credit_notes_are_not_checked(setup):
	set_limit(setup, 1000)
	first = submitted(invoice(setup, 8))  # 960
	frappe.db.set_value("Customer Credit Limit", {"parent": setup.customer}, "credit_limit", 10)
	credit = make_sales_return(first.name)
	credit.items[0].qty = -1
	submitted(credit)  # lowers what is owed: never refused
	assert credit_exposure(setup.customer, setup.company)["receivables"] == 840


def test_bad_credit_limit_rows_are_refused(setup):
	customer = frappe.get_doc("Customer", setup.customer)
	customer.set("credit_limits", [{"company": setup.company, "credit_limit": -1}])
	assert_rejected(customer.save, "Credit Limit row 1: the credit limit cannot be negative")
	customer = frappe.get_doc("Customer", setup.customer)
	customer.set(
		"credit_limits",
		[{"company": setup.company, "credit_limit": 10}, {"company": setup.company, "credit_limit": 20}],
	)
	assert_rejected(customer.save, f"Credit Limit row 2: company {setup.company} has a limit already")


def test_the_customer_form_shows_exposure_against_the_limit(setup):
	set_limit(setup, 1000)
	submitted(invoice(setup, 2))
	submitted(order(setup, 1))
	customer = frappe.get_doc("Customer", setup.customer)
	customer.run_method("onload")
	credit = {row["company"]: row for row in customer.get_onload()["credit"]}[setup.company]
	assert (
		credit["receivables"],
		credit["ordered_not_billed"],
		credit["exposure"],
		credit["credit_limit"],
	) == (
		240,
		120,
		360,
		1000,
	)
