"""The online quotation over HTTP, against the test server: the link opens the printed quotation for
anybody holding it and for nobody else; signing makes the order, declining loses the quotation, a
question reaches its owner; what the customer types is escaped wherever it shows."""

import os
import secrets

import frappe
import pytest
import requests
from frappe.email.doctype.email_template.email_template import get_email_template
from frappe.utils import add_days, nowdate

from sales_flow.portal.acceptance import version_hash
from sales_flow.portal.tokens import quotation_link
from tests.online_quotation import offered_quotation, option_row, signature_data_url, token_of
from tests.sales_setup import sales_setup
from tests.support import as_user, committed_cleanup, default_test_email, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
API = "/api/method/sales_flow.portal.api."
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
REP = default_test_email(["Sales User"])


@pytest.fixture(scope="module")
def world():
	with committed_cleanup() as created:
		# each run starts with the rate limits of the test server's address at zero
		frappe.cache.delete_keys("rl:sales_flow.portal.api.")
		setup = sales_setup(tag="oq" + frappe.generate_hash(length=4))
		created += setup.created
		frappe.db.commit()
		yield setup, created


def quotation_of(world, **values):
	"""A quotation the sales rep made and submitted, committed: the server reads it."""
	setup, created = world
	with as_user(REP):
		doc = offered_quotation(setup, created, **values)
	frappe.db.commit()
	return doc


def page(token: str, http: requests.Session | None = None) -> requests.Response:
	response = (http or requests.Session()).get(f"{URL}/devis/{token}", timeout=60)
	frappe.db.rollback()  # a new snapshot: what the server committed
	return response


def answer(method: str, http: requests.Session | None = None, **data) -> requests.Response:
	response = (http or requests.Session()).post(f"{URL}{API}{method}", json=data, timeout=60)
	frappe.db.rollback()
	return response


def signed(doc, token: str, **extra) -> requests.Response:
	values = {
		"token": token,
		"full_name": "Marie Dupont",
		"signature": signature_data_url(),
		"consent": 1,
		"options": [],
		"version": version_hash(frappe.get_doc("Quotation", doc.name)),
		**extra,
	}
	return answer("accept_quotation", **values)


def orders_of(doc) -> list[str]:
	return frappe.get_all(
		"Sales Order Item", filters={"prevdoc_docname": doc.name}, pluck="parent", distinct=True
	)


def forget_orders(world, doc) -> list[str]:
	"""The orders a signature made, noted for deletion (before their quotation)."""
	names = orders_of(doc)
	world[1].extend(("Sales Order", name) for name in names)
	return names


def test_the_link_opens_the_printed_quotation_and_records_each_opening(world):
	doc = quotation_of(world)
	token = token_of(doc.name)
	assert len(token) >= 43 and frappe.db.get_value("Quotation", doc.name, "view_count") == 0

	first = page(token)
	assert first.status_code == 200, first.text[:500]
	assert doc.name in first.text and "Lot 1 : matériel" in first.text and "Sous-total lot 1" in first.text
	assert 'name="referrer" content="no-referrer"' in first.text
	assert page(token).status_code == 200
	views = frappe.db.get_value(
		"Quotation", doc.name, ["view_count", "first_viewed_on", "last_viewed_on"], as_dict=True
	)
	assert views.view_count == 2
	assert views.first_viewed_on and views.last_viewed_on >= views.first_viewed_on

	pdf = requests.get(f"{URL}{API}quotation_pdf", params={"token": token}, timeout=120)
	assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_link_sent_keeps_opening_after_the_quotation_is_followed_up(world):
	doc = quotation_of(world)
	token = token_of(doc.name)
	with as_user(REP):
		frappe.get_doc("Quotation", doc.name).record_follow_up(
			follow_up_date=nowdate(), channel="Phone", outcome="Call Back", note="Rappeler"
		)
	frappe.db.commit()
	assert token_of(doc.name) == token
	assert page(token).status_code == 200


def test_a_wrong_missing_or_cancelled_token_gets_the_same_404(world):
	doc = quotation_of(world)
	token = token_of(doc.name)
	wrong = [secrets.token_urlsafe(32), token[:-1] + ("A" if token[-1] != "A" else "B"), "x", doc.name]
	for candidate in wrong:
		response = page(candidate)
		assert response.status_code == 404, candidate
		# Frappe's 404 page repeats the address asked for, nothing else of the quotation
		body = response.text.replace(f"devis/{candidate}", "")
		assert doc.name not in body and "Dupont" not in body and "matériel" not in body
	assert requests.get(f"{URL}/devis", timeout=30).status_code == 404
	# a cancelled quotation's link opens nothing any more
	frappe.get_doc("Quotation", doc.name).cancel()
	frappe.db.commit()
	assert page(token).status_code == 404


def test_the_guest_methods_refuse_a_wrong_token_and_the_desk_stays_closed(world):
	doc = quotation_of(world)
	other = quotation_of(world)
	wrong = secrets.token_urlsafe(32)
	bodies = []
	for method, data in (
		("accept_quotation", {"full_name": "X", "signature": signature_data_url(), "consent": 1}),
		("decline_quotation", {"reason": "Trop cher"}),
		("ask_question", {"question": "Délai ?"}),
	):
		response = answer(method, token=wrong, **data)
		assert response.status_code == 404, response.text
		assert doc.name not in response.text and other.name not in response.text
		bodies.append(response.json().get("exc_type"))
	assert set(bodies) == {"DoesNotExistError"}
	assert requests.get(f"{URL}{API}quotation_pdf", params={"token": wrong}, timeout=30).status_code == 404
	# another quotation's token opens that quotation only: the page never names this one
	assert doc.name not in page(token_of(other.name)).text

	anonymous = requests.Session()
	assert anonymous.get(f"{URL}/api/resource/Quotation", timeout=30).status_code == 403
	assert anonymous.get(f"{URL}/api/resource/Quotation/{doc.name}", timeout=30).status_code == 403
	made = anonymous.post(
		f"{URL}/api/method/sales_flow.sales_flow.doctype.quotation.quotation.make_sales_order",
		data={"source_name": doc.name},
		timeout=30,
	)
	assert made.status_code == 403
	assert frappe.db.get_value("Quotation", doc.name, "status") == "Open"


def test_signing_with_an_option_makes_the_order_of_the_chosen_lines(world):
	doc = quotation_of(world)
	token = token_of(doc.name)
	option = option_row(doc)
	response = signed(doc, token, options=[option.name], full_name=f"  Marie {HOSTILE} Dupont ")
	forget_orders(world, doc)
	assert response.status_code == 200, response.text
	order = frappe.get_doc("Sales Order", response.json()["message"]["sales_order"])

	assert order.docstatus == 1 and order.customer == doc.party_name and order.owner == REP
	assert [(row.line_type, row.item_code, row.qty) for row in order.items] == [
		("Section", None, 0),
		("Item", world[0].a, 2),
		("Item", world[0].b, 1),
		("Item", world[0].c, 10),
		("Subtotal", None, 0),
	]
	# 2 x 100 + 55.50 + 10 x 3.79 HT; VAT 40 + 5.55 + 2.08
	assert (order.net_total, order.total_taxes_and_charges, order.grand_total) == (293.4, 47.63, 341.03)
	# the app's sanitizer keeps the text, without what would run
	assert order.signed_by_name.startswith("Marie ") and order.signed_by_name.endswith(" Dupont")
	assert "onerror" not in order.signed_by_name and "<script" not in order.signed_by_name
	assert order.signed_from_ip and order.signed_on
	assert order.signed_version_hash == version_hash(frappe.get_doc("Quotation", doc.name), [option.name])
	signature = frappe.get_doc("File", {"file_url": order.customer_signature})
	assert signature.is_private and signature.attached_to_name == order.name
	assert signature.get_content().startswith(b"\x89PNG")
	assert frappe.db.get_value("Quotation", doc.name, "status") == "Ordered"

	# the page now says so and the link accepts nothing more
	shown = page(token).text
	assert "oq-accept-form" not in shown and HOSTILE not in shown
	again = signed(doc, token)
	assert again.status_code == 417 and len(orders_of(doc)) == 1
	# the quotation's timeline names the signer, escaped
	comment = frappe.get_all(
		"Comment", filters={"reference_name": doc.name, "comment_type": "Info"}, pluck="content"
	)
	assert len(comment) == 1 and "Dupont" in comment[0], comment
	assert "<script" not in comment[0] and "<img" not in comment[0]


def test_without_the_option_and_as_a_draft_when_the_settings_say_so(world):
	doc = quotation_of(world)
	frappe.db.set_single_value("Selling Settings", "submit_orders_signed_online", 0)
	frappe.db.commit()
	try:
		response = signed(doc, token_of(doc.name))
	finally:
		frappe.db.set_single_value("Selling Settings", "submit_orders_signed_online", 1)
		frappe.db.commit()
	forget_orders(world, doc)
	assert response.status_code == 200, response.text
	order = frappe.get_doc("Sales Order", response.json()["message"]["sales_order"])
	assert order.docstatus == 0 and [row.item_code for row in order.items if row.item_code] == [
		world[0].a,
		world[0].b,
	]
	assert order.grand_total == 301.05
	# signed, not ordered yet: the link says so and accepts nothing more
	assert frappe.db.get_value("Quotation", doc.name, "status") == "Open"
	assert "oq-accept-form" not in page(token_of(doc.name)).text
	assert signed(doc, token_of(doc.name)).status_code == 417


@pytest.mark.parametrize(
	"changes, message",
	[
		({"signature": ""}, "Draw your signature"),
		({"signature": signature_data_url(drawn=False)}, "Draw your signature"),
		({"signature": signature_data_url(image_format="JPEG")}, "Draw your signature"),
		({"signature": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="}, "not a valid PNG"),
		({"signature": "data:image/png;base64,%%%"}, "not a valid PNG"),
		({"signature": signature_data_url(size=(1800, 900))[:30] + "A" * 300_000}, "too large"),
		({"full_name": "   "}, "full name"),
		({"consent": 0}, "Tick the box"),
		({"options": ["not-a-line"]}, "optional lines"),
		({"version": "0" * 64}, "changed since you opened it"),
	],
)
def test_a_bad_signature_or_answer_is_refused_and_nothing_is_written(world, changes, message):
	doc = quotation_of(world)
	response = signed(doc, token_of(doc.name), **changes)
	assert response.status_code == 417, response.text
	assert message.lower() in response.text.lower()
	assert not orders_of(doc)
	assert not frappe.db.exists(
		"File", {"file_name": ("like", "signature-%"), "attached_to_name": ("is", "not set")}
	)


def test_declining_with_a_reason_loses_the_quotation_and_notifies_its_owner(world):
	doc = quotation_of(world)
	token = token_of(doc.name)
	assert answer("decline_quotation", token=token, reason="  ").status_code == 417
	response = answer("decline_quotation", token=token, reason=f"Trop cher {HOSTILE}\nDésolé")
	assert response.status_code == 200, response.text
	frappe.db.rollback()
	lost = frappe.get_doc("Quotation", doc.name)
	assert lost.status == "Lost" and len(lost.lost_reasons) == 1
	assert "Trop cher" in lost.order_lost_reason and "<script" not in lost.order_lost_reason
	assert "onerror" not in lost.order_lost_reason
	notification = frappe.get_last_doc("Notification Log", filters={"document_name": doc.name})
	assert notification.for_user == REP and "Trop cher" in notification.email_content
	assert "<script" not in notification.email_content and "<img" not in notification.email_content
	assert "oq-accept-form" not in page(token).text
	assert answer("decline_quotation", token=token, reason="encore").status_code == 417


def test_a_question_becomes_a_comment_for_the_owner_escaped(world):
	doc = quotation_of(world)
	response = answer(
		"ask_question", token=token_of(doc.name), question=f"Délai {HOSTILE} ?", full_name=f"Jean {HOSTILE}"
	)
	assert response.status_code == 200, response.text
	frappe.db.rollback()
	comment = frappe.get_last_doc("Comment", filters={"reference_name": doc.name, "comment_type": "Comment"})
	assert "Délai &lt;img" in comment.content and "Jean" in comment.content
	assert "<script" not in comment.content and "<img" not in comment.content
	notification = frappe.get_last_doc("Notification Log", filters={"document_name": doc.name})
	assert notification.for_user == REP and "<img" not in notification.subject + notification.email_content
	assert frappe.db.get_value("Quotation", doc.name, "status") == "Open"
	assert answer("ask_question", token=token_of(doc.name), question="").status_code == 417


def test_expired_superseded_and_lost_quotations_say_so_and_cannot_be_accepted(world):
	expired = quotation_of(
		world, transaction_date=add_days(nowdate(), -40), valid_till=add_days(nowdate(), -1)
	)
	shown = page(token_of(expired.name))
	assert shown.status_code == 200 and "oq-state" in shown.text and "oq-accept-form" not in shown.text
	assert signed(expired, token_of(expired.name)).status_code == 417

	original = quotation_of(world)
	old_token = token_of(original.name)
	with as_user(REP):
		revision = frappe.get_doc("Quotation", original.make_revision())
		world[1].append(("Quotation", revision.name))
		revision.submit()
	frappe.db.commit()
	new_token = token_of(revision.name)
	assert new_token != old_token
	superseded = page(old_token).text
	assert revision.name in superseded and "oq-accept-form" not in superseded
	assert new_token not in superseded
	assert signed(original, old_token).status_code == 417
	assert "oq-accept-form" in page(new_token).text


def test_the_quotation_email_carries_the_link_for_those_who_may_read_it(world):
	doc = quotation_of(world)
	message = get_email_template("Devis", frappe.get_doc("Quotation", doc.name).as_dict())["message"]
	assert f"/devis/{token_of(doc.name)}" in message
	with as_user(make_user([], "no-roles-oq@test.sales-flow.fr")):
		assert not frappe.has_permission("Quotation", "read", doc.name)
		assert quotation_link(doc.name) == ""


def test_answers_on_one_link_are_rate_limited(world):
	doc = quotation_of(world)
	token = token_of(doc.name)
	statuses = [answer("ask_question", token=token, question=f"Question {n}").status_code for n in range(21)]
	assert statuses == [200] * 20 + [429]
	assert frappe.db.count("Comment", {"reference_name": doc.name, "comment_type": "Comment"}) == 20
