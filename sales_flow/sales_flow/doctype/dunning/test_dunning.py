"""Dunnings on a real site: the daily proposal for two late invoices of one customer, the French
late-payment charges computed by hand to the cent, the levels that follow, the status that follows
the payments, the customer excluded, bad input and who may do what."""

import json

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate, nowdate

from sales_flow.printing.email import email_document
from sales_flow.receivables.proposals import propose_dunnings
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from tests.sales_setup import sales_setup, transaction
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	setup = sales_setup()
	settings = frappe.get_single("Selling Settings")
	settings.update({"ecb_refinancing_rate": 2.15, "late_payment_interest_rate": 0, "recovery_indemnity": 40})
	settings.flags.ignore_permissions = True
	settings.save()
	frappe.clear_document_cache("Selling Settings", "Selling Settings")
	return setup


def days_ago(days: int) -> str:
	return add_days(nowdate(), -days)


def late_invoice(setup, lines, posted: int, due: int, **values):
	"""A submitted invoice posted `posted` days ago, due `due` days ago."""
	doc = transaction(
		"Sales Invoice", setup, lines, posting_date=days_ago(posted), due_date=days_ago(due), **values
	)
	doc.set_posting_time = 1
	doc.insert()
	doc.submit()
	return doc


def pay(invoice: str, amount: float | None = None):
	payment = get_payment_entry("Sales Invoice", invoice, party_amount=amount)
	payment.insert()
	payment.submit()
	return payment


def two_late_invoices(setup):
	first = late_invoice(setup, [(setup.a, 10)], posted=60, due=50)  # 1 000.00 HT + 20 % = 1 200.00
	pay(first.name, 200)  # 1 000.00 left
	second = late_invoice(setup, [(setup.b, 4)], posted=30, due=20)  # 222.00 HT + 10 % = 244.20
	return first, second


def proposal_of(customer: str, on_date=None):
	propose_dunnings(on_date)
	name = frappe.db.get_value("Dunning", {"customer": customer, "docstatus": 0})
	assert name, "no dunning proposed"
	return frappe.get_doc("Dunning", name)


def test_two_late_invoices_one_dunning_with_interest_and_indemnity_to_the_cent(setup):
	first, second = two_late_invoices(setup)
	dunning = proposal_of(setup.customer)

	# 12.15 % a year (ECB 2.15 + 10 points), pro rata temporis, computed by hand:
	# 1 000.00 x 12.15 % x 50 / 365 = 16.6438... and 244.20 x 12.15 % x 20 / 365 = 1.6258...
	rows = [
		(r.sales_invoice, r.due_date, r.overdue_days, r.outstanding, r.interest, r.dunning_level)
		for r in dunning.overdue_payments
	]
	assert rows == [
		(first.name, getdate(days_ago(50)), 50, 1000.0, 16.64, 1),
		(second.name, getdate(days_ago(20)), 20, 244.2, 1.63, 1),
	]
	assert dunning.rate_of_interest == 12.15
	assert (dunning.total_outstanding, dunning.total_interest) == (1244.2, 18.27)
	assert dunning.recovery_indemnity == 80.0  # 40 € per late invoice
	assert (dunning.dunning_amount, dunning.grand_total) == (98.27, 1342.47)
	assert (dunning.dunning_type, dunning.dunning_level, dunning.status) == ("Relance 1", 1, "Draft")
	assert dunning.language == "fr"
	assert "1 244,20\u00a0€" in dunning.body_text and setup.customer not in (dunning.body_text or "")

	# the daily job again: the same draft brought up to date, not a second one (the site may hold
	# other customers' late invoices)
	proposed = propose_dunnings()
	assert dunning.name in proposed
	assert frappe.get_all("Dunning", {"customer": setup.customer, "docstatus": 0}, pluck="name") == [
		dunning.name
	]
	dunning.reload()
	dunning.submit()
	assert dunning.status == "Unresolved"

	# the next day, both are due their second level (21 days): a new draft at level 2
	later = proposal_of(setup.customer, add_days(nowdate(), 1))
	assert [(r.overdue_days, r.dunning_level) for r in later.overdue_payments] == [(51, 2), (21, 2)]
	assert later.dunning_type == "Relance 2"


def test_the_late_invoices_report_totals_the_amounts_not_the_days(setup):
	first, second = two_late_invoices(setup)
	result = run(
		"Late Invoices by Dunning Level",
		filters={"company": setup.company, "customer": setup.customer},
		ignore_prepared_report=True,
	)
	*rows, total = result["result"]
	assert [(r["sales_invoice"], r["overdue_days"], r["outstanding"]) for r in rows] == [
		(first.name, 50, 1000.0),
		(second.name, 20, 244.2),
	]
	total = dict(zip([column["fieldname"] for column in result["columns"]], total, strict=True))
	assert result["add_total_row"] and (total["outstanding"], total["overdue_days"]) == (1244.2, "")


def test_paid_instalments_resolve_the_dunning(setup):
	first, second = two_late_invoices(setup)
	dunning = proposal_of(setup.customer)
	dunning.submit()
	pay(first.name)
	assert frappe.db.get_value("Dunning", dunning.name, "status") == "Unresolved"
	pay(second.name)
	assert frappe.db.get_value("Dunning", dunning.name, "status") == "Resolved"
	# nothing late is left: nothing is proposed
	propose_dunnings()
	assert not frappe.db.exists("Dunning", {"customer": setup.customer, "docstatus": 0})


def test_a_late_instalment_is_dunned_before_the_invoice_is_due(setup):
	template = frappe.get_doc(
		{
			"doctype": "Payment Terms Template",
			"template_name": "Test 30 % now, 70 % in 90 days",
			"terms": [
				{"invoice_portion": 30, "credit_days": 0, "description": "Acompte"},
				{"invoice_portion": 70, "credit_days": 90, "description": "Solde"},
			],
		}
	).insert()
	invoice = late_invoice(setup, [(setup.a, 10)], posted=10, due=10, payment_terms_template=template.name)
	dunning = proposal_of(setup.customer)
	[row] = dunning.overdue_payments
	assert (row.sales_invoice, row.description, row.outstanding, row.overdue_days) == (
		invoice.name,
		"Acompte",
		360.0,
		10,
	)
	assert row.payment_schedule == invoice.payment_schedule[0].name
	# 360.00 x 12.15 % x 10 / 365 = 1.198...
	assert (row.interest, dunning.recovery_indemnity, dunning.grand_total) == (1.2, 40.0, 401.2)


def test_a_customer_marked_do_not_send_dunning_gets_none(setup):
	two_late_invoices(setup)
	frappe.db.set_value("Customer", setup.customer, "exclude_from_dunning", 1)
	propose_dunnings()
	assert not frappe.db.exists("Dunning", {"customer": setup.customer})
	assert_rejected(lambda: new_dunning(setup, []).insert(), "Do not send dunning")


def new_dunning(setup, rows: list[dict], **values):
	return frappe.get_doc(
		{
			"doctype": "Dunning",
			"customer": setup.customer,
			"company": setup.company,
			"overdue_payments": rows,
			**values,
		}
	)


def test_what_the_client_sends_is_the_choice_of_instalments_never_their_figures(setup):
	first, _second = two_late_invoices(setup)
	dunning = new_dunning(
		setup,
		[
			{
				"sales_invoice": first.name,
				"outstanding": 1,
				"interest": 999,
				"overdue_days": 900,
				"dunning_level": 3,
			}
		],
	).insert()
	row = dunning.overdue_payments[0]
	assert (row.outstanding, row.interest, row.overdue_days, row.dunning_level) == (1000.0, 16.64, 50, 1)
	assert (dunning.recovery_indemnity, dunning.grand_total) == (40.0, 1056.64)


def test_bad_rows_are_refused_naming_the_row(setup):
	first, second = two_late_invoices(setup)
	not_due = late_invoice(setup, [(setup.a, 1)], posted=1, due=-10)
	assert_rejected(lambda: new_dunning(setup, []).insert(), "at least one overdue payment")
	assert_rejected(lambda: new_dunning(setup, [{"sales_invoice": not_due.name}]).insert(), "no instalment")
	assert_rejected(
		lambda: new_dunning(setup, [{"sales_invoice": first.name}, {"sales_invoice": first.name}]).insert(),
		"Row 2",
	)
	assert_rejected(
		lambda: new_dunning(setup, [{"sales_invoice": "ACC-SINV-NOPE"}]).insert(), "Could not find"
	)
	other = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": "Test Client Autre",
			"customer_group": frappe.db.get_value("Customer", setup.customer, "customer_group"),
			"territory": frappe.db.get_value("Customer", setup.customer, "territory"),
		}
	).insert()
	assert_rejected(
		lambda: new_dunning(setup, [{"sales_invoice": second.name}], customer=other.name).insert(), "Row 1"
	)


def test_who_may_dun(setup):
	first, _second = two_late_invoices(setup)
	for roles in (["Accounts User"], ["Accounts Manager"], ["Sales Manager"]):
		with as_user(make_user(roles)):
			dunning = new_dunning(setup, [{"sales_invoice": first.name}]).insert()
			dunning.submit()
			assert dunning.status == "Unresolved"
			dunning.cancel()
	with as_user(make_user(["Sales User"])):
		assert not frappe.has_permission("Dunning", "read")
		assert_rejected(
			lambda: new_dunning(setup, [{"sales_invoice": first.name}]).insert(), "", frappe.PermissionError
		)
		assert not frappe.has_permission("Dunning Type", "write")
	with as_user(make_user(["Accounts User"])):
		assert frappe.has_permission("Dunning Type", "read")
		assert not frappe.has_permission("Dunning Type", "write")


def test_a_dunning_letter_reads_the_dunning_and_nothing_else(setup):
	level = frappe.get_doc("Dunning Type", "Relance 1")
	level.dunning_letter_text[0].body_text = "{{ frappe.db.sql('select 1') }}"
	assert_rejected(level.save, "frappe")
	level.reload()
	level.dunning_letter_text[
		0
	].body_text = "<p>{{ customer_name }} : {{ grand_total | money(currency) }}</p>"
	level.dunning_fee = 15
	level.save()
	frappe.db.set_value("Customer", setup.customer, "customer_name", "Dupont <script>alert(1)</script>")
	first, _second = two_late_invoices(setup)
	dunning = new_dunning(setup, [{"sales_invoice": first.name}]).insert()
	assert dunning.dunning_fee == 15
	assert (dunning.dunning_amount, dunning.grand_total) == (71.64, 1071.64)  # 16.64 + 15 + 40
	assert "<script>" not in dunning.body_text and "&lt;script&gt;" in dunning.body_text
	assert "1 071,64" in dunning.body_text


def test_bad_levels_are_refused(setup):
	base = {"doctype": "Dunning Type", "dunning_type": "Test level", "start_day": 60}
	assert_rejected(lambda: frappe.get_doc({**base, "dunning_level": 1}).insert(), "already the level")
	assert_rejected(
		lambda: frappe.get_doc({**base, "dunning_level": 9, "dunning_fee": -5}).insert(), "negative"
	)


def test_emailed_from_the_email_template_with_the_letter_attached(setup):
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Test Relances",
			"email_id": "relances@test-cycle.example",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"no_smtp_authentication": 1,
		}
	).insert()
	frappe.db.set_value("Customer", setup.customer, "email_id", "compta@dupont.example")
	two_late_invoices(setup)
	dunning = proposal_of(setup.customer)
	dunning.submit()
	communication = frappe.get_doc("Communication", email_document("Dunning", dunning.name))
	assert communication.subject == f"Relance 1 {dunning.name} - {setup.company}"
	assert "1 244,20" in communication.content and "« Relance 1 »" in communication.content
	queue = frappe.get_last_doc("Email Queue", filters={"communication": communication.name})
	assert [row.recipient for row in queue.recipients] == ["compta@dupont.example"]
	[attachment] = json.loads(queue.attachments)
	assert (attachment["print_format"], attachment["name"], attachment["lang"]) == (
		"Relance",
		dunning.name,
		"fr",
	)
