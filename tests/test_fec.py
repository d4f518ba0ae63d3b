"""The accountant's export over HTTP, against the real test server: the FEC file of a period read
back line by line, every entry balanced, and the totals of each account equal to the invoices,
credit notes and payments of the period to the cent; the report shows the same lines with totals.
"""

import csv
import io
import os
from collections import defaultdict
from decimal import Decimal

import frappe
import pytest
import requests
from frappe.utils import add_days, nowdate
from frappe.utils.nestedset import get_root_of
from frappe.utils.password import update_password

from sales_flow.regional.france.fec.export_file import COLUMNS
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from tests.einvoicing_kinds import InvoiceWorld
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Fec-Export-Passw0rd!"
FEC = "/api/method/sales_flow.regional.france.fec.export_file.download_fec"
# where the download answered before the FEC code was split in modules: links and scripts keep it
FORMER_FEC = "/api/method/sales_flow.regional.france.fec.download_fec"
VAT_ACCOUNTS = {"TVA 20": "44571200", "TVA 10": "44571100", "TVA 5,5": "44571055"}


def session_for(user: str) -> requests.Session:
	session = requests.Session()
	response = session.post(f"{URL}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=30)
	assert response.ok, response.text
	return session


@pytest.fixture(scope="module", name="books")
def books_fixture():
	"""Every kind of invoice, with its revenue accounts set in the masters before it is made (goods
	707 on an item group, a service account on an item, the company's 706 for the rest), one
	auxiliary account per customer, and payments by bank, in cash and in dollars."""
	tag = frappe.generate_hash(length=6)
	with committed_cleanup() as cleanup:
		world = InvoiceWorld(tag, cleanup)
		configure_accounts(world)
		world.build()
		pay(world)
		frappe.db.commit()
		accountant, rep = make_user(["Accounts User"]), make_user(["Sales User"])
		for user in (accountant, rep):
			update_password(user, PASSWORD)
		frappe.db.commit()
		world.accountant, world.rep = session_for(accountant), session_for(rep)
		yield world
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


def configure_accounts(world) -> None:
	company = frappe.get_doc("Company", world.setup.company)
	company.fec_customer_sub_accounts = 1
	company.save()
	goods = world.insert(
		{
			"doctype": "Item Group",
			"item_group_name": f"Test Marchandises {world.tag}",
			"parent_item_group": get_root_of("Item Group"),
			"revenue_account": "707000 Ventes de marchandises",
		}
	)
	frappe.db.set_value("Item", world.setup.a, "item_group", goods.name)
	frappe.db.set_value("Item", world.setup.b, "revenue_account", "706100 Conseil")
	frappe.db.set_value("Customer", world.setup.customer, "accounting_code", f"CDUPONT{world.tag}")


def pay(world) -> None:
	"""A bank payment, a cash payment and a payment in dollars."""
	cash = world.insert(
		{"doctype": "Mode of Payment", "mode_of_payment": f"Test Espèces {world.tag}", "type": "Cash"}
	)
	for kind, mode in (
		("several VAT rates", None),
		("line and document discounts", cash.name),
		("foreign currency", None),
	):
		payment = get_payment_entry("Sales Invoice", world.invoices[kind])
		payment.mode_of_payment = mode
		world.submitted(payment)


def fec_lines(world, **params) -> list[dict]:
	params = {
		"company": world.setup.company,
		"from_date": add_days(nowdate(), -1),
		"to_date": nowdate(),
		**params,
	}
	response = world.accountant.get(URL + FEC, params=params, timeout=120)
	assert response.ok, response.text[:500]
	siren = frappe.db.get_value("Company", world.setup.company, "siren")
	assert f"{siren}FEC{params['to_date'].replace('-', '')}.txt" in response.headers["Content-Disposition"]
	text = response.content.decode("utf-8")
	lines = text.split("\r\n")
	assert lines[-1] == "" and all(line.count("\t") == 17 for line in lines[:-1])
	rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
	assert lines[0].split("\t") == list(COLUMNS)
	return rows


def amount(text: str) -> Decimal:
	assert text == "" or "," in text, text  # a decimal comma
	return Decimal(text.replace(",", ".") or "0")


def balances(rows: list[dict], key: str = "CompteNum") -> dict[str, Decimal]:
	"""Debit minus credit of each account (or auxiliary account)."""
	found: dict[str, Decimal] = defaultdict(Decimal)
	for row in rows:
		found[row[key]] += amount(row["Debit"]) - amount(row["Credit"])
	return dict(found)


def cents(value: float) -> Decimal:
	return Decimal(f"{value:.2f}")


def documents(world):
	invoices = [frappe.get_doc("Sales Invoice", name) for name in world.invoices.values()]
	payments = frappe.get_all(
		"Payment Entry",
		filters={"company": world.setup.company, "docstatus": 1},
		fields=["name", "base_paid_amount", "mode_of_payment", "party"],
	)
	return invoices, payments


def test_every_entry_of_the_period_balances_and_each_document_has_one(books):
	rows = fec_lines(books)
	entries = defaultdict(list)
	for row in rows:
		entries[(row["JournalCode"], row["EcritureNum"])].append(row)
	for lines in entries.values():
		assert sum(amount(r["Debit"]) for r in lines) == sum(amount(r["Credit"]) for r in lines), lines
		assert len({(r["PieceRef"], r["EcritureDate"]) for r in lines}) == 1
		for row in lines:
			assert (amount(row["Debit"]) == 0) != (amount(row["Credit"]) == 0), row
			assert (
				len(row["EcritureDate"]) == 8 and row["EcritureDate"] == row["PieceDate"] == row["ValidDate"]
			)
	invoices, payments = documents(books)
	sales = {r["PieceRef"] for r in rows if r["JournalCode"] == "VT"}
	receipts = {r["PieceRef"] for r in rows if r["JournalCode"] == "BQ"}
	assert sales == {invoice.name for invoice in invoices}
	assert receipts == {payment.name for payment in payments}
	assert len(entries) == len(invoices) + len(payments)
	# numbered in order within each journal
	numbers = [number for journal, number in entries if journal == "VT"]
	assert numbers == [f"VT{n:06d}" for n in range(1, len(invoices) + 1)]


def test_each_account_totals_the_invoices_credit_notes_and_payments_to_the_cent(books):
	rows = fec_lines(books)
	invoices, payments = documents(books)
	found = balances(rows)
	expected: dict[str, Decimal] = defaultdict(Decimal)
	setup = books.setup
	revenue = {setup.a: "707000", setup.b: "706100"}
	down_payment = next(invoice for invoice in invoices if invoice.is_down_payment_invoice)
	for invoice in invoices:
		expected["411000"] += cents(invoice.base_grand_total + invoice.base_rounding_adjustment)
		for item in invoice.items:
			account = "419100" if invoice.is_down_payment_invoice else revenue.get(item.item_code, "706000")
			expected[account] -= cents(item.base_net_amount)
		for row in invoice.taxes:
			account = VAT_ACCOUNTS.get(row.account_head) or row.account_head.split()[0]
			expected[account] -= cents(row.base_tax_amount)
		for advance in invoice.advances:
			# the final invoice takes the down payment back: its net amount and its VAT
			assert advance.reference_name == down_payment.name
			assert advance.allocated_amount == down_payment.grand_total
			expected["411000"] -= cents(advance.allocated_amount)
			expected["419100"] += cents(down_payment.base_net_total)
			for row in down_payment.taxes:
				expected[VAT_ACCOUNTS[row.account_head]] += cents(row.base_tax_amount)
	cash_modes = set(frappe.get_all("Mode of Payment", filters={"type": "Cash"}, pluck="name"))
	for payment in payments:
		expected["530000" if payment.mode_of_payment in cash_modes else "512000"] += cents(
			payment.base_paid_amount
		)
		expected["411000"] -= cents(payment.base_paid_amount)
	expected = {account: value for account, value in expected.items() if value}
	found = {account: value for account, value in found.items() if value}
	assert found == expected
	# every kind of account is there: customers, goods, services, default revenue, down payments
	# (taken back in full), VAT by rate, charges, bank and cash
	assert {
		"411000",
		"707000",
		"706100",
		"706000",
		"44571200",
		"44571100",
		"44571055",
		"708500",
		"708800",
	} <= set(found)
	assert {"512000", "530000"} <= set(found) and "419100" not in found
	down = [r for r in rows if r["CompteNum"] == "419100"]
	assert (
		sum(amount(r["Credit"]) for r in down)
		== sum(amount(r["Debit"]) for r in down)
		== cents(down_payment.base_net_total)
	)


def test_customers_have_their_auxiliary_accounts_and_foreign_amounts_their_currency(books):
	rows = fec_lines(books)
	invoices, payments = documents(books)
	by_customer = balances([r for r in rows if r["CompteNum"] == "411000"], key="CompAuxNum")
	owed: dict[str, Decimal] = defaultdict(Decimal)
	codes = {books.setup.customer: f"CDUPONT{books.tag}"}
	for invoice in invoices:
		deducted = sum(advance.allocated_amount for advance in invoice.advances)
		owed[codes.get(invoice.customer, invoice.customer)] += cents(
			invoice.base_grand_total + invoice.base_rounding_adjustment
		) - cents(deducted)
	for payment in payments:
		owed[codes.get(payment.party, payment.party)] -= cents(payment.base_paid_amount)
	assert by_customer == dict(owed)
	assert all(r["CompAuxNum"] == "" for r in rows if r["CompteNum"] != "411000")
	assert {r["CompAuxLib"] for r in rows if r["CompAuxNum"] == f"CDUPONT{books.tag}"} == {
		books.setup.customer
	}

	dollars = frappe.get_doc("Sales Invoice", books.invoices["foreign currency"])
	lines = [r for r in rows if r["PieceRef"] == dollars.name]
	assert {r["Idevise"] for r in lines} == {"USD"}
	customer_line = next(r for r in lines if r["CompteNum"] == "411000")
	assert amount(customer_line["Montantdevise"]) == cents(dollars.grand_total)
	assert amount(customer_line["Debit"]) == cents(dollars.base_grand_total)
	assert all(
		r["Idevise"] == "" and r["Montantdevise"] == ""
		for r in rows
		if r["PieceRef"] != dollars.name and r["JournalCode"] == "VT"
	)


def test_the_period_and_journal_filters(books):
	receipts = fec_lines(books, journal="Cash Receipts")
	payments = documents(books)[1]
	assert len(payments) == 4 and {r["JournalCode"] for r in receipts} == {"BQ"}
	assert {r["EcritureNum"] for r in receipts} == {f"BQ{n:06d}" for n in range(1, 5)}
	yesterday = add_days(nowdate(), -1)
	assert fec_lines(books, from_date=add_days(nowdate(), -30), to_date=yesterday) == []
	refused = books.accountant.get(
		URL + FEC,
		params={"company": books.setup.company, "from_date": nowdate(), "to_date": yesterday},
		timeout=60,
	)
	assert refused.status_code == 417 and "The from date is after the to date" in refused.text
	unknown = books.accountant.get(
		URL + FEC,
		params={
			"company": books.setup.company,
			"from_date": yesterday,
			"to_date": nowdate(),
			"journal": "Achats",
		},
		timeout=60,
	)
	assert unknown.status_code == 417 and "Unknown journal" in unknown.text


def test_the_download_still_answers_at_its_former_path(books):
	params = {"company": books.setup.company, "from_date": add_days(nowdate(), -1), "to_date": nowdate()}
	current = books.accountant.get(URL + FEC, params=params, timeout=120)
	former = books.accountant.get(URL + FORMER_FEC, params=params, timeout=120)
	assert current.ok and former.ok, former.text[:500]
	assert former.content == current.content and "\t" in former.text


def test_the_report_shows_the_same_lines_with_their_totals_to_the_accounts_team_only(books):
	rows = fec_lines(books)
	filters = {"company": books.setup.company, "from_date": add_days(nowdate(), -1), "to_date": nowdate()}
	response = books.accountant.post(
		f"{URL}/api/method/frappe.desk.query_report.run",
		json={"report_name": "FEC Journals", "filters": filters},
		timeout=120,
	)
	assert response.ok, response.text[:500]
	result = response.json()["message"]
	lines = [line for line in result["result"] if isinstance(line, dict) and line.get("JournalCode")]
	assert [(line["EcritureNum"], line["CompteNum"]) for line in lines] == [
		(row["EcritureNum"], row["CompteNum"]) for row in rows
	]
	total = result["result"][-1]  # the total row the desk adds, one cell per column
	debit = sum(amount(row["Debit"]) for row in rows)
	assert cents(total[COLUMNS.index("Debit")]) == cents(total[COLUMNS.index("Credit")]) == debit
	summary = {item["label"]: item["value"] for item in result["report_summary"]}
	assert (
		cents(summary["Total debit"]) == cents(summary["Total credit"]) == debit and summary["Balance"] == 0
	)

	for refused in (
		books.rep.post(
			f"{URL}/api/method/frappe.desk.query_report.run",
			json={"report_name": "FEC Journals", "filters": filters},
			timeout=60,
		),
		books.rep.get(URL + FEC, params=filters, timeout=60),
		requests.get(URL + FEC, params=filters, timeout=60),
	):
		assert refused.status_code == 403, refused.text[:300]
