"""The migration assistant ("Reprise de données") in a real browser, as the Sales Master Manager, in
French: a new migration, the previous program's customers and items attached through the form's
attach fields, a first check listing the broken row, a column the assistant did not recognise
mapped by hand, a second check, the run in the background with its progress bar, the report; a
next migration remembers the column. Every step leaves a screenshot in test-artifacts/browser/."""

import time

import frappe
import pytest

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world
from tests.switching_support import cp1252, make_firm_masters, sample, sample_firm_cleanup

pytestmark = [pytest.mark.browser, pytest.mark.commits]
DONE = ("Completed", "Completed with Errors", "Failed")
# a title the assistant does not know: the user says what the column is
OFFICE_PHONE = "Tél. bureau"
BROKEN_ROW = "C0005;Ébénisterie Faussaire;Société;12345678900000;;1 rue du Faux;75001;Paris;France;Jean;Faux;jean@faux.example;01 02 03 04 05"


def fr(text: str) -> str:
	return frappe._(text, lang="fr")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
	with committed_world({"master": ("desk-migration", ["Sales Master Manager"])}) as base:
		master = base.users["master"]
		frappe.db.set_value("User", master, "language", "fr")
		frappe.cache.hdel("lang", master)
		company = base.setup.company
		price_list, _taxes = make_firm_masters(company, base.tag, base.created)
		frappe.db.commit()
		folder = tmp_path_factory.mktemp("exports")
		lines = sample("clients.csv").decode("windows-1252").splitlines()
		lines[0] = lines[0].replace("Téléphone", OFFICE_PHONE)
		customers = folder / "clients.csv"
		customers.write_bytes(cp1252([*lines, BROKEN_ROW]))
		items = folder / "articles.csv"
		items.write_bytes(sample("articles.csv"))
		abbr = frappe.db.get_value("Company", company, "abbr")
		with sample_firm_cleanup(company, abbr):
			yield frappe._dict(
				master=master,
				company=company,
				price_list=price_list,
				customers_path=customers,
				items_path=items,
			)


def click_button(desk: Desk, label: str) -> None:
	desk.settle()
	desk.page.locator(".page-head button:visible", has_text=label).first.click()


def attach(desk: Desk, fieldname: str, path) -> None:
	"""The attach field's button, the uploader's file input, Upload: the form saves itself."""
	desk.page.locator(f"{desk.field(fieldname)} .btn-attach").first.click()
	with desk.page.expect_file_chooser() as chooser:
		desk.page.locator(".modal.show .btn-file-upload", has_text=fr("My Device")).first.click()
	chooser.value.set_files(str(path))
	desk.page.locator(".modal.show .btn-primary:visible", has_text=fr("Upload")).click()
	desk.wait_doc("doc[arg] && !doc.__unsaved", fieldname)
	desk.settle()


def check_files(desk: Desk) -> None:
	click_button(desk, fr("Check Files"))
	desk.wait_doc("doc.status === 'Checked' && !doc.__unsaved")
	desk.settle()


def column_index(desk: Desk, header: str) -> int:
	return next(row["idx"] for row in desk.doc()["columns"] if row["header"] == header)


def wait_until_done(desk: Desk, timeout: float = 240) -> dict:
	"""The form reloads itself when the worker says it is done (realtime); reload it now and then in
	case that message is missed."""
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		try:
			desk.page.wait_for_function(
				"(done) => done.includes(cur_frm.doc.status)", arg=list(DONE), timeout=5000
			)
			return desk.doc()
		except Exception:
			desk.page.evaluate("() => cur_frm.reload_doc()")
	raise AssertionError(f"the migration never finished: {desk.summary()}")


def test_the_sales_master_manager_brings_the_customers_and_items_over(world):
	with chromium() as browser:
		desk = Desk(browser, URL, ARTIFACTS, "migration")
		desk.login(world.master)
		desk.new_form("Data Migration")
		desk.set_link("company", world.company)
		desk.set_link("price_list", world.price_list)
		desk.save()
		name = desk.doc()["name"]
		desk.shot("new-migration")

		attach(desk, "customers_file", world.customers_path)
		attach(desk, "items_file", world.items_path)
		desk.shot("files-attached")

		# first check: the columns recognised from their French titles, the broken row listed
		check_files(desk)
		doc = desk.doc()
		assert (doc["checked_rows"], doc["problem_rows"]) == (10, 1), doc
		targets = {row["header"]: row["target"] for row in doc["columns"]}
		assert targets["Raison sociale"] == "Customer Name" and targets["Prix HT"] == "Price (excl. VAT)"
		assert not targets[OFFICE_PHONE]
		problems = desk.page.locator(".data-migration-preview")
		assert "12345678900000" in problems.inner_text()
		assert frappe.db.count("Customer", {"legacy_code": ("like", "C000%")}) == 0  # nothing written
		desk.shot("checked-problems-listed")

		# the office phone column, mapped by hand, saved, checked again
		idx = column_index(desk, OFFICE_PHONE)
		row = desk.grid_row("columns", idx)
		desk.page.locator(f'{row} [data-fieldname="target"]').first.click()  # the row turns editable
		select = desk.page.locator(f'{row} .frappe-control[data-fieldname="target"] select').first
		select.wait_for(state="visible")
		select.select_option("Phone")
		desk.wait_doc(f"doc.columns[{idx - 1}].target === 'Phone'")
		desk.save()
		desk.wait_doc("doc.status === 'Draft'")
		desk.wait_doc(f"doc.columns[{idx - 1}].recognised_by === 'Chosen'")
		desk.shot("column-mapped-by-hand")
		check_files(desk)

		# the run, in the background, with its progress bar
		desk.settle()
		desk.page.locator(".page-actions .primary-action:visible", has_text=fr("Start Migration")).click()
		desk.page.wait_for_function("() => window.cur_dialog && cur_dialog.display")
		desk.shot("confirm-start")
		desk.page.locator(".modal.show .btn-primary:visible", has_text=fr("Yes")).click()
		desk.page.wait_for_function(
			"(done) => done.includes(cur_frm.doc.status) || !!document.querySelector('.form-dashboard .progress')",
			arg=list(DONE),
		)
		desk.shot("running")
		doc = wait_until_done(desk)
		assert doc["status"] == "Completed with Errors", doc
		assert (doc["created"], doc["updated"], doc["skipped"], doc["refused"]) == (9, 0, 0, 1), doc["report"]
		desk.page.locator(".data-migration-report").wait_for()
		assert "C0005" in desk.page.locator(".data-migration-report").inner_text()
		desk.shot("report")

		# the report file, as its button opens it
		assert desk.page.locator(".page-head button:visible", has_text=fr("Download Report")).count()
		report = desk.page.request.get(f"{URL}{doc['report_file']}")
		assert report.ok, report.text()
		text = report.body().decode("utf-8-sig")
		assert "C0005" in text and "Boulangerie Crème & Café" in text
		assert desk.errors == [], desk.errors

		frappe.db.rollback()
		customer = frappe.db.get_value(
			"Customer", {"legacy_code": "C0001"}, ["name", "customer_primary_contact"], as_dict=True
		)
		assert customer.name == "Boulangerie Crème & Café"
		assert frappe.db.get_value("Contact", customer.customer_primary_contact, "phone") == "04 78 12 34 56"
		assert not frappe.db.exists("Customer", {"legacy_code": "C0005"})
		assert (
			frappe.db.get_value(
				"Item Price", {"item_code": "PERCEUSE-18V", "price_list": world.price_list}, "price_list_rate"
			)
			== 1249.0
		)

		# the next migration knows what that column is
		desk.new_form("Data Migration")
		desk.set_link("company", world.company)
		desk.save()
		attach(desk, "customers_file", world.customers_path)
		check_files(desk)
		row = next(row for row in desk.doc()["columns"] if row["header"] == OFFICE_PHONE)
		assert (row["target"], row["recognised_by"]) == ("Phone", "Earlier Migration")
		desk.shot("next-migration-remembers")
		assert desk.errors == [], desk.errors
	assert name
