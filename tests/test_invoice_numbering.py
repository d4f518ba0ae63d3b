"""French invoice numbers: one continuous sequence per company and fiscal year (regional/france/numbering.py)."""

import os
import threading
import time

import frappe
import pytest
from frappe.utils import nowdate

from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup


@pytest.fixture
def setup():
	return sales_setup()


def invoice(setup, posting_date: str | None = None, **values):
	doc = transaction(
		"Sales Invoice", setup, [(setup.a, 1)], posting_date=posting_date or nowdate(), **values
	)
	if posting_date:
		doc.due_date = posting_date
	return doc.insert()


def number(name: str) -> int:
	return int(name.rsplit("-", 1)[1])


def prefix(name: str) -> str:
	return name.rsplit("-", 1)[0]


def test_invoices_are_numbered_in_sequence_and_a_cancelled_one_keeps_its_number(setup):
	year = nowdate()[:4]
	first = invoice(setup)
	first.submit()
	assert prefix(first.name) == f"FA-TCS-{year}"
	first.cancel()
	second = invoice(setup)
	second.submit()
	assert number(second.name) == number(first.name) + 1
	assert frappe.db.get_value("Sales Invoice", first.name, "docstatus") == 2

	# the amended invoice takes the next number of the sequence, not first.name + "-1"
	amended = frappe.copy_doc(first)
	amended.update({"docstatus": 0, "amended_from": first.name})
	amended.insert()
	assert number(amended.name) == number(second.name) + 1 and prefix(amended.name) == prefix(first.name)

	# credit notes have their own sequence
	credit = make_sales_return(second.name)
	credit.insert()
	assert prefix(credit.name) == f"AV-TCS-{year}"


def test_each_company_and_each_fiscal_year_has_its_own_sequence(setup):
	december = invoice(setup, "2025-12-31")
	january = invoice(setup, "2026-01-01")
	january_next = invoice(setup, "2026-01-02")
	assert prefix(december.name) == "FA-TCS-2025" and prefix(january.name) == "FA-TCS-2026"
	assert number(january_next.name) == number(january.name) + 1

	other = frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": "Test Numbering SAS",
			"abbr": "TNSAS",
			"default_currency": "EUR",
			"country": "France",
		}
	).insert()
	elsewhere = invoice(setup, "2026-01-03", company=other.name, taxes_and_charges=None)
	assert elsewhere.name == "FA-TNSAS-2026-00001"
	after = invoice(setup, "2026-01-04")
	assert number(after.name) == number(january_next.name) + 1


def test_only_the_last_draft_can_be_deleted_and_gives_its_number_back(setup):
	first, last = invoice(setup), invoice(setup)
	with pytest.raises(frappe.ValidationError, match="cannot be deleted: later invoices are numbered"):
		frappe.delete_doc("Sales Invoice", first.name)
	assert frappe.db.exists("Sales Invoice", first.name)

	frappe.delete_doc("Sales Invoice", last.name)
	assert invoice(setup).name == last.name  # the number is used again: no gap

	first.submit()
	first.cancel()
	with pytest.raises(frappe.ValidationError, match="is cancelled and keeps its number"):
		frappe.delete_doc("Sales Invoice", first.name)


def test_an_invoice_named_before_this_numbering_is_left_alone(setup):
	legacy = transaction("Sales Invoice", setup, [(setup.a, 1)]).insert(set_name="ACC-SINV-2026-99999")
	assert legacy.name == "ACC-SINV-2026-99999"
	legacy.save()
	frappe.delete_doc("Sales Invoice", legacy.name)
	assert not frappe.db.exists("Sales Invoice", legacy.name)


def test_a_numbered_invoice_cannot_move_to_another_fiscal_year(setup):
	draft = invoice(setup, "2026-03-01")
	draft.posting_date = "2027-01-05"
	draft.due_date = "2027-01-05"
	with pytest.raises(frappe.ValidationError, match="is numbered in its fiscal year"):
		draft.save()


@pytest.mark.commits
def test_two_invoices_inserted_at_once_get_consecutive_numbers():
	"""The second insert waits for the first transaction's lock on the counter, then takes the next."""
	site = frappe.local.site
	tag = "NUM" + frappe.generate_hash(length=4).upper()
	with committed_cleanup() as created:
		setup = sales_setup(tag)
		created.extend(setup.created)
		frappe.db.commit()
		results: dict[str, tuple[str, float]] = {}
		errors: list[BaseException] = []

		def insert_and_commit(key: str, hold: float) -> None:
			frappe.init(site=site, sites_path=os.getcwd())
			frappe.connect()
			frappe.set_user("Administrator")
			try:
				doc = transaction("Sales Invoice", setup, [(setup.a, 1)]).insert()
				results[key] = (doc.name, time.time())
				time.sleep(hold)  # the counter stays locked until the commit
				doc.submit()
				frappe.db.commit()
			except BaseException as error:
				errors.append(error)
				frappe.db.rollback()
			finally:
				frappe.destroy()

		first = threading.Thread(target=insert_and_commit, args=("first", 1.0))
		first.start()
		while "first" not in results and not errors:
			time.sleep(0.01)
		started = time.time()
		second = threading.Thread(target=insert_and_commit, args=("second", 0))
		second.start()
		first.join()
		second.join()
		assert not errors, errors
		created.extend(("Sales Invoice", name) for name, _ in results.values())
		(first_name, _), (second_name, second_at) = results["first"], results["second"]
		assert number(second_name) == number(first_name) + 1 and prefix(second_name) == prefix(first_name)
		assert second_at - started > 0.5  # it waited for the first commit
		frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag}-%",))
		frappe.db.commit()


def test_an_invoice_refused_by_validation_takes_no_number(setup):
	"""Numbered just before its row is written: an insert refused by validation never took a number."""
	before = invoice(setup)
	refused = transaction("Sales Invoice", setup, [(setup.a, 1)], posting_date=nowdate())
	refused.due_date = "2000-01-01"
	with pytest.raises(frappe.ValidationError, match="due date cannot be before the invoice date"):
		refused.insert()
	assert number(invoice(setup).name) == number(before.name) + 1


def blocked_on_the_counter(connection_id: int) -> bool:
	"""The connection waits for the sequence's counter row (another insert holds it until its commit)."""
	query = frappe.db.sql("select info from information_schema.processlist where id = %s", connection_id)
	return bool(query and query[0][0] and "tabSeries" in query[0][0])


def wait_for(condition, what: str, errors: list) -> None:
	deadline = time.monotonic() + 120
	while not condition():
		assert not errors, errors
		assert time.monotonic() < deadline, f"still waiting for {what}"
		time.sleep(0.01)


@pytest.mark.commits
def test_a_second_invoice_is_validated_while_the_first_holds_the_counter_and_a_rollback_leaves_no_gap():
	"""The counter is locked from the moment the number is taken, just before the row is written, to
	the commit: a concurrent insert of the same sequence runs its validation meanwhile and waits only
	for its number; the first rolled back, the second takes the number given back."""
	site = frappe.local.site
	tag = "NUM" + frappe.generate_hash(length=4).upper()
	first_numbered, finish_first = threading.Event(), threading.Event()
	results: dict = {}
	errors: list[BaseException] = []

	def writer(key: str, setup) -> None:
		frappe.init(site=site, sites_path=os.getcwd())
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			results[f"{key} connection"] = frappe.db.sql("select connection_id()")[0][0]
			doc = results[f"{key} doc"] = transaction("Sales Invoice", setup, [(setup.a, 2)])
			doc.insert()
			results[key] = doc.name
			if key == "first":
				first_numbered.set()
				finish_first.wait(300)
				frappe.db.rollback()  # gives its number back
			else:
				frappe.db.commit()
		except BaseException as error:
			errors.append(error)
			frappe.db.rollback()
		finally:
			frappe.destroy()

	with committed_cleanup() as created:
		setup = sales_setup(tag)
		created.extend(setup.created)
		frappe.db.commit()
		threads = [threading.Thread(target=writer, args=(key, setup)) for key in ("first", "second")]
		try:
			threads[0].start()
			wait_for(first_numbered.is_set, "the first invoice's number", errors)
			threads[1].start()
			wait_for(lambda: "second connection" in results, "the second connection", errors)
			wait_for(
				lambda: blocked_on_the_counter(results["second connection"]), "the second to wait", errors
			)
			waiting = results["second doc"]
			# validated (priced and taxed) before it asked for its number
			assert waiting.name.startswith("new-sales-invoice-") and waiting.grand_total > 0
		finally:
			finish_first.set()
			for thread in threads:
				thread.join()
		assert not errors, errors
		created.append(("Sales Invoice", results["second"]))
		assert results["second"] == results["first"]  # no gap: the rolled-back number is used again
		assert frappe.db.get_value("Sales Invoice", results["second"], "grand_total") == waiting.grand_total
		frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag}-%",))
		frappe.db.commit()
