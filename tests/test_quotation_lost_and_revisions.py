"""Lost quotations with reasons and competitors (issue #4.8) and revisions without cancel and amend
(issue #4.9); the printed comment carried along the cycle (issue #4.5)."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_invoice, make_sales_order
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_delivery_note
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice as order_to_invoice
from tests.quotation_desk import competitors, lost_reasons, quotation, status_of, value_of
from tests.sales_setup import sales_setup
from tests.support import as_user, assert_rejected, make_user


@pytest.fixture
def setup():
	return sales_setup()


def rows_of(doc, child: str, field: str) -> list[str]:
	return frappe.get_all(
		child, filters={"parent": doc.name, "parenttype": "Quotation"}, pluck=field, order_by="idx"
	)


# --- lost --------------------------------------------------------------------------------------


def test_set_as_lost_with_reasons_and_competitors(setup):
	doc = quotation(setup)
	doc.set_as_lost(
		lost_reasons("Test Prix", "Test Délai"), competitors("Test Concurrent SA"), "Trop cher de 8 %"
	)
	assert status_of(doc) == "Lost"
	assert value_of(doc, "order_lost_reason") == "Trop cher de 8 %"
	assert rows_of(doc, "Quotation Lost Reason Detail", "lost_reason") == ["Test Prix", "Test Délai"]
	assert rows_of(doc, "Competitor Detail", "competitor") == ["Test Concurrent SA"]
	assert_rejected(lambda: make_sales_order(doc.name), "is Lost")
	assert_rejected(lambda: make_sales_invoice(doc.name), "is Lost")


def test_erpnext_declare_enquiry_lost_takes_rows_as_dicts(setup):
	doc = quotation(setup)
	lost_reasons("Test Prix")
	competitors("Test Concurrent SA")
	doc.declare_enquiry_lost([{"lost_reason": "Test Prix"}], [{"competitor": "Test Concurrent SA"}], "Prix")
	assert status_of(doc) == "Lost"
	assert rows_of(doc, "Quotation Lost Reason Detail", "lost_reason") == ["Test Prix"]


@pytest.mark.parametrize(
	("reasons", "message"),
	[([], "at least one reason"), (None, "at least one reason"), (["Test No Such Reason"], "not found")],
)
def test_set_as_lost_without_a_known_reason_is_refused_and_writes_nothing(setup, reasons, message):
	doc = quotation(setup)
	assert_rejected(lambda: doc.set_as_lost(reasons, competitors("Test Concurrent SA"), "x"), message)
	assert status_of(doc) == "Open"
	assert value_of(doc, "order_lost_reason") is None
	assert rows_of(doc, "Competitor Detail", "competitor") == []


def test_an_unknown_competitor_is_refused(setup):
	doc = quotation(setup)
	assert_rejected(lambda: doc.set_as_lost(lost_reasons("Test Prix"), ["Test Nobody"]), "not found")
	assert status_of(doc) == "Open"
	assert rows_of(doc, "Quotation Lost Reason Detail", "lost_reason") == []


def test_lost_reason_and_competitor_masters_by_role(setup):
	with as_user(make_user(["Sales User"])):
		competitors("Test Concurrent Vendeur")  # a rep records the competitor they met
		assert_rejected(lambda: lost_reasons("Test Raison Vendeur"), "", frappe.PermissionError)
	with as_user(make_user(["Sales Manager"])):
		lost_reasons("Test Raison Chef")
	assert frappe.db.exists("Competitor", "Test Concurrent Vendeur")
	assert frappe.db.exists("Quotation Lost Reason", "Test Raison Chef")
	assert not frappe.db.exists("Quotation Lost Reason", "Test Raison Vendeur")


# --- revisions ---------------------------------------------------------------------------------


def submit_revision(doc):
	name = doc.make_revision()
	revision = frappe.get_doc("Quotation", name)
	revision.submit()
	return revision


def test_a_chain_of_three_revisions(setup):
	first = quotation(setup, qty=2, printed_comment="<p>Offre spéciale</p>")
	r1 = submit_revision(first)
	assert (r1.name, r1.revised_from, r1.revision) == (f"{first.name}-R1", first.name, 1)
	assert [(row.item_code, row.qty) for row in r1.items] == [(setup.a, 2)]
	assert r1.printed_comment == "<p>Offre spéciale</p>" and r1.grand_total == first.grand_total
	assert (status_of(first), status_of(r1)) == ("Superseded", "Open")

	r2 = submit_revision(r1)  # revising a revision: next suffix of the same base
	assert (r2.name, r2.revised_from, r2.revision) == (f"{first.name}-R2", r1.name, 2)
	r3 = submit_revision(r2)
	assert r3.name == f"{first.name}-R3"
	assert [status_of(d) for d in (first, r1, r2, r3)] == ["Superseded", "Superseded", "Superseded", "Open"]

	# the history the form shows, oldest first, from any quotation of the chain
	r1.reload()
	r1.run_method("onload")
	history = r1.get_onload().revision_history
	assert [(h.name, h.status) for h in history] == [
		(first.name, "Superseded"),
		(r1.name, "Superseded"),
		(r2.name, "Superseded"),
		(r3.name, "Open"),
	]

	# a superseded quotation is not ordered (nor revised again); the last revision is
	assert_rejected(lambda: make_sales_order(r2.name), "superseded")
	assert_rejected(lambda: frappe.get_doc("Quotation", r2.name).make_revision(), "is Superseded")
	order = make_sales_order(r3.name)
	order.delivery_date = nowdate()
	order.insert()
	order.submit()
	assert status_of(r3) == "Ordered"


def test_cancelling_a_revision_gives_the_previous_quotation_back_its_status(setup):
	first = quotation(setup)
	draft_name = first.make_revision()
	assert status_of(first) == "Open"  # a draft revision changes nothing yet
	assert_rejected(first.make_revision, "already in progress")
	revision = frappe.get_doc("Quotation", draft_name)
	revision.submit()
	assert status_of(first) == "Superseded"
	revision.cancel()
	assert status_of(first) == "Open"
	# the next revision of the base takes the next number, the cancelled one keeps its own
	assert first.make_revision() == f"{first.name}-R2"


def test_an_expired_quotation_can_be_revised_into_a_valid_one(setup):
	first = quotation(setup, transaction_date=add_days(nowdate(), -40), valid_till=add_days(nowdate(), -10))
	assert status_of(first) == "Expired"
	revision = frappe.get_doc("Quotation", first.make_revision())
	assert str(revision.transaction_date) == nowdate() and str(revision.valid_till) >= nowdate()


def test_an_ordered_or_lost_or_draft_quotation_is_not_revised(setup):
	ordered = quotation(setup)
	order = make_sales_order(ordered.name)
	order.delivery_date = nowdate()
	order.insert()
	order.submit()
	ordered.reload()
	assert_rejected(ordered.make_revision, "only a submitted open or expired quotation")
	lost = quotation(setup)
	lost.set_as_lost(lost_reasons("Test Prix"))
	assert_rejected(lost.make_revision, "is Lost")
	draft = quotation(setup, submit=False)
	assert_rejected(draft.make_revision, "only a submitted")
	assert not frappe.db.exists("Quotation", {"revised_from": ("in", [ordered.name, lost.name, draft.name])})


def test_a_lost_or_superseded_quotation_is_not_set_as_lost_again(setup):
	first = quotation(setup)
	submit_revision(first)
	first.reload()
	assert_rejected(lambda: first.set_as_lost(lost_reasons("Test Prix")), "cannot be set as lost")
	assert status_of(first) == "Superseded"


# --- printed comment ---------------------------------------------------------------------------


def test_the_printed_comment_follows_the_quotation_to_order_delivery_and_invoice(setup):
	comment = "<p>Livraison offerte pour toute commande avant le 31 janvier.</p>"
	doc = quotation(setup, printed_comment=comment)
	order = make_sales_order(doc.name)
	assert order.printed_comment == comment
	order.delivery_date = nowdate()
	order.insert()
	order.submit()
	assert make_delivery_note(order.name).printed_comment == comment
	assert order_to_invoice(order.name).printed_comment == comment
	assert make_sales_invoice(quotation(setup, printed_comment=comment).name).printed_comment == comment
