"""Switching to sales_flow, over HTTP against the test server: the previous program's French exports
(Windows-1252, `;`, decimal commas, dd/mm/yyyy) read right by Frappe's own Data Import and brought
over by the migration assistant (run by the background worker), idempotent, broken rows refused
whole, unpaid invoices in the receivables under their own numbers, outside the numbering."""

import io
import os
import time

import frappe
import pytest
import requests
from frappe.utils.password import update_password
from openpyxl import Workbook

from sales_flow.migration.csv_reading import UnreadableFile, parse_date, parse_number, read_csv, read_table
from sales_flow.migration.mapping import all_target_labels
from tests.support import committed_cleanup, make_user
from tests.switching_support import (
	SAMPLE_FILES,
	add,
	cp1252,
	make_firm_masters,
	purge_sample_records,
	sample,
	sample_firm_cleanup,
)

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Switch-Passw0rd!"
DONE = ("Completed", "Completed with Errors", "Failed")
METHODS = "sales_flow.sales_flow.doctype.data_migration.data_migration"


def session_for(email: str) -> requests.Session:
	http = requests.Session()
	response = http.post(f"{URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30)
	assert response.status_code == 200, response.text
	return http


@pytest.fixture(scope="module")
def firm():
	"""The company the sample firm moves into (VAT classes, price list, VAT template) and its users:
	the manager who moves everything (masters, quotations, invoices), a Sales Master Manager and a
	sales rep."""
	with committed_cleanup() as cleanup:
		tag = frappe.generate_hash(length=4).upper()
		company = add(
			cleanup,
			{
				"doctype": "Company",
				"company_name": f"Test Reprise {tag}",
				"abbr": f"TSW{tag}",
				"default_currency": "EUR",
				"country": "France",
			},
		)
		price_list, taxes = make_firm_masters(company, tag, cleanup)
		users = {}
		for key, roles in (
			("manager", ["Sales Master Manager", "Sales Manager", "Accounts User"]),
			("master", ["Sales Master Manager"]),
			("rep", ["Sales User"]),
			("admin", ["System Manager"]),
		):
			users[key] = make_user(roles, f"switch-{key}@test.sales-flow.fr")
			update_password(users[key], PASSWORD)
			cleanup.append(("User", users[key]))
		frappe.db.commit()
		with sample_firm_cleanup(company, f"TSW{tag}"):
			yield frappe._dict(
				company=company,
				abbr=f"TSW{tag}",
				price_list=price_list,
				taxes=taxes,
				users=users,
				cleanup=cleanup,
			)


@pytest.fixture
def clean_firm(firm):
	"""Each test starts without the sample firm's records."""
	purge_sample_records()
	yield firm
	purge_sample_records()


# ---------------------------------------------------------------- the assistant over HTTP


def new_migration(http: requests.Session, firm, files: dict[str, tuple[str, bytes]]) -> str:
	"""A Data Migration with these files attached (field -> (file name, content)), as the browser's
	attach fields do: the file uploaded against the saved document, then the field set."""
	response = http.post(
		f"{URL}/api/resource/Data Migration",
		json={"company": firm.company, "price_list": firm.price_list, "taxes_and_charges": firm.taxes},
		timeout=30,
	)
	assert response.status_code == 200, response.text
	name = response.json()["data"]["name"]
	values = {}
	for field, (file_name, content) in files.items():
		uploaded = http.post(
			f"{URL}/api/method/upload_file",
			files={"file": (file_name, content)},
			data={"is_private": 1, "doctype": "Data Migration", "docname": name, "fieldname": field},
			timeout=30,
		)
		assert uploaded.status_code == 200, uploaded.text
		values[field] = uploaded.json()["message"]["file_url"]
	response = http.put(f"{URL}/api/resource/Data Migration/{name}", json=values, timeout=30)
	assert response.status_code == 200, response.text
	return name


def call(http: requests.Session, name: str, method: str) -> requests.Response:
	return http.post(f"{URL}/api/method/{METHODS}.{method}", data={"name": name}, timeout=120)


def get_migration(http: requests.Session, name: str) -> dict:
	response = http.get(f"{URL}/api/resource/Data Migration/{name}", timeout=30)
	assert response.status_code == 200, response.text
	return response.json()["data"]


def check(http: requests.Session, name: str) -> dict:
	response = call(http, name, "check_files")
	assert response.status_code == 200, response.text
	migration = get_migration(http, name)
	assert migration["status"] == "Checked", migration
	return migration


def run(http: requests.Session, name: str, timeout: int = 300) -> dict:
	"""Start the checked migration and wait for the background worker to finish it."""
	response = call(http, name, "start_migration")
	assert response.status_code == 200, response.text
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		migration = get_migration(http, name)
		if migration["status"] in DONE:
			return migration
		time.sleep(1)
	raise AssertionError(f"the migration never finished: {get_migration(http, name)}")


def counts(migration: dict) -> tuple[int, int, int, int]:
	return migration["created"], migration["updated"], migration["skipped"], migration["refused"]


def preview(migration: dict) -> dict:
	return frappe.parse_json(migration["preview"])


def sample_files() -> dict[str, tuple[str, bytes]]:
	return {field: (name, sample(name)) for field, name in SAMPLE_FILES.items()}


def test_the_assistant_brings_the_sample_firm_over_and_a_second_run_changes_nothing(clean_firm):
	firm = clean_firm
	http = session_for(firm.users["manager"])
	name = new_migration(http, firm, sample_files())
	migration = check(http, name)
	assert (migration["checked_rows"], migration["problem_rows"]) == (18, 0), preview(migration)
	targets = {(c["file_kind"], c["header"]): c["target"] for c in migration["columns"]}
	assert targets[("Customers", "Raison sociale")] == "Customer Name"
	assert targets[("Customers", "N° TVA")] == "VAT Number"
	assert targets[("Items", "Prix HT")] == "Price (excl. VAT)"
	assert targets[("Invoices", "Reste dû")] == "Amount Due"
	assert {row["vat_rate"] for row in migration["vat_rates"] if row["item_tax_template"]} == {
		5.5,
		10.0,
		20.0,
	}
	# nothing is written by the check
	assert not frappe.db.exists("Customer", {"legacy_code": "C0001"})

	migration = run(http, name)
	assert migration["status"] == "Completed", migration
	assert counts(migration) == (
		15,
		0,
		1,
		0,
	), migration["report"]
	frappe.db.rollback()  # see what the worker committed

	# names with their accents (Windows-1252 read as such, not as 1250: no "Crčme", no "Dubśuf")
	customer = frappe.get_doc("Customer", {"legacy_code": "C0001"})
	assert customer.customer_name == "Boulangerie Crème & Café"
	assert (customer.siret, customer.tax_id, customer.customer_type) == (
		"82345678500018",
		"FR72823456785",
		"Company",
	)
	assert frappe.db.get_value("Customer", {"legacy_code": "C0003"}, ["customer_name", "customer_type"]) == (
		"Agnès Dubœuf",
		"Individual",
	)
	contact = frappe.get_doc("Contact", customer.customer_primary_contact)
	assert (contact.first_name, contact.last_name, contact.email_id) == (
		"Hélène",
		"Müller",
		"helene.muller@creme-cafe.example",
	)
	address = frappe.get_doc("Address", customer.customer_primary_address)
	assert (address.address_line1, address.pincode, address.city, address.country) == (
		"12, rue des Écoles",
		"69002",
		"Lyon",
		"France",
	)
	assert frappe.db.get_value("Address", {"address_title": "Brasserie L'Étoile"}, "country") == "Belgium"

	# items: units, groups, VAT classes and prices to the cent ("1 249,00", "1,85", "5,5")
	drill = frappe.get_doc("Item", "PERCEUSE-18V")
	assert (drill.item_name, drill.item_group, drill.stock_uom) == (
		"Perceuse-visseuse 18 V à batterie",
		"Outillage",
		"Unit",
	)
	assert frappe.db.get_value("Item", "POSE-HEURE", ["stock_uom", "item_name"]) == (
		"Hour",
		"Main-d'œuvre de pose (l'heure)",
	)
	assert frappe.db.get_value("Item", "GUIDE-BRICO", "item_tax_template").startswith("Test Reprise TVA 5.5")
	prices = dict(
		frappe.get_all(
			"Item Price",
			filters={"price_list": firm.price_list},
			fields=["item_code", "price_list_rate"],
			as_list=True,
		)
	)
	assert prices == {
		"VIS-INOX-4X40": 12.9,
		"PERCEUSE-18V": 1249.0,
		"CABLE-3G15": 1.85,
		"POSE-HEURE": 48.5,
		"GUIDE-BRICO": 24.0,
	}

	# open quotations: submitted, their dates kept, priced as the previous program priced them
	quotation = frappe.get_doc("Quotation", {"legacy_code": "D2026-0107"})
	assert (quotation.docstatus, quotation.status, quotation.party_name) == (1, "Open", customer.name)
	assert (
		str(quotation.transaction_date),
		str(quotation.valid_till),
		str(quotation.next_follow_up_date),
	) == (
		"2026-11-12",
		"2027-01-31",
		"2026-11-26",
	)
	# 2 x 1 249,00 - 5 % + 10 x 12,90 = 2 373,10 + 129,00; VAT 20 %
	assert (quotation.net_total, quotation.total_taxes_and_charges, quotation.grand_total) == (
		2502.1,
		500.42,
		3002.52,
	)
	lines = frappe.get_doc("Quotation", {"legacy_code": "D2026-0112"})
	assert [(row.item_code, row.qty, row.rate) for row in lines.items] == [
		("CABLE-3G15", 150.0, 1.85),
		("POSE-HEURE", 6.5, 48.5),
	]
	assert lines.net_total == 592.75

	# opening balances: their own numbers and dates, what remains due, marked as imported
	opening = frappe.get_doc("Sales Invoice", "F2026-0421")
	assert (opening.is_opening_balance, opening.docstatus, opening.customer) == (1, 1, customer.name)
	assert (str(opening.posting_date), str(opening.due_date), opening.outstanding_amount) == (
		"2026-10-03",
		"2026-11-02",
		498.8,
	)
	assert not frappe.db.exists("Sales Invoice", "F2026-0455")  # paid in full: nothing to bring over

	# the report: every row, downloadable, Excel-ready
	report = http.get(f"{URL}{migration['report_file']}", timeout=30)
	assert report.status_code == 200, report.text
	text = report.content.decode("utf-8-sig")
	assert len(text.strip().splitlines()) == 1 + 16  # a row per record: a quotation's lines are one
	assert "F2026-0455;" in text and ";Boulangerie Crème & Café;" in text

	# a second run finds everything again and changes nothing
	modified = {
		(doctype, n): frappe.db.get_value(doctype, n, "modified")
		for doctype, n in (
			("Customer", customer.name),
			("Contact", contact.name),
			("Address", address.name),
			("Item", "PERCEUSE-18V"),
			("Quotation", quotation.name),
			("Sales Invoice", "F2026-0421"),
		)
	}
	check(http, name)
	migration = run(http, name)
	assert counts(migration) == (
		0,
		0,
		16,
		0,
	), migration["report"]
	frappe.db.rollback()
	assert {key: frappe.db.get_value(key[0], key[1], "modified") for key in modified} == modified
	assert frappe.db.count("Quotation", {"legacy_code": "D2026-0107"}) == 1
	assert frappe.db.count("Customer", {"legacy_code": "C0001"}) == 1
	assert frappe.db.count("Contact Email", {"email_id": "helene.muller@creme-cafe.example"}) == 1

	# a changed row updates what it made: the customer's new e-mail and the item's new price
	customers = read_csv(sample("clients.csv"))
	customers[1][11] = "commandes@creme-cafe.example"
	items = read_csv(sample("articles.csv"))
	items[2][4] = "1 299,00"
	second = new_migration(
		http,
		firm,
		{
			"customers_file": ("clients.csv", cp1252([";".join(v or "" for v in row) for row in customers])),
			"items_file": ("articles.csv", cp1252([";".join(v or "" for v in row) for row in items])),
		},
	)
	check(http, second)
	migration = run(http, second)
	assert counts(migration) == (
		0,
		2,
		7,
		0,
	), migration["report"]
	frappe.db.rollback()
	assert (
		frappe.db.get_value(
			"Item Price", {"item_code": "PERCEUSE-18V", "price_list": firm.price_list}, "price_list_rate"
		)
		== 1299.0
	)
	assert frappe.db.count("Contact Email", {"email_id": "commandes@creme-cafe.example"}) == 1


def test_a_broken_row_is_listed_before_the_run_and_nothing_of_it_is_written(clean_firm):
	firm = clean_firm
	http = session_for(firm.users["manager"])
	customers = sample("clients.csv").decode("windows-1252").splitlines()
	customers.append(
		"C0005;Ébénisterie Faussaire;Société;12345678900000;;1 rue du Faux;75001;Paris;France;Jean;Faux;jean@faux.example;"
	)
	quotations = sample("devis.csv").decode("windows-1252").splitlines()
	quotations += [
		"D2026-0199;30/11/2026;C0001;31/01/2027;;VIS-INOX-4X40;Vis;5;12,90;",
		"D2026-0199;30/11/2026;C0001;31/01/2027;;INCONNU-42;Article inconnu;1;10,00;",
	]
	invoices = sample("factures.csv").decode("windows-1252").splitlines()
	in_sequence = f"FA-{firm.abbr}-2026-00007"
	invoices += ["F2026-9999;31/12/2026;30/01/2027;C0002;12,3,4;", f"{in_sequence};01/12/2026;;C0002;100,00;"]
	name = new_migration(
		http,
		firm,
		{
			**sample_files(),
			"customers_file": ("clients.csv", cp1252(customers)),
			"quotations_file": ("devis.csv", cp1252(quotations)),
			"invoices_file": ("factures.csv", cp1252(invoices)),
		},
	)
	migration = check(http, name)
	problems = {(row["kind"], row["line"]): " ".join(row["problems"]) for row in preview(migration)["rows"]}
	assert set(problems) == {
		("Customers", 6),
		("Quotations", 7),
		("Quotations", 8),
		("Invoices", 6),
	}, problems
	assert "SIRET 12345678900000 is not valid" in problems[("Customers", 6)]
	assert (
		"Item code INCONNU-42 is neither in the items file nor brought over before"
		in problems[("Quotations", 8)]
	)
	assert "Refused with its quotation D2026-0199: see line 8" in problems[("Quotations", 7)]
	assert "Column 5 (Montant TTC): «12,3,4» cannot be read as Total (incl. VAT)" in problems[("Invoices", 6)]
	assert not frappe.db.exists("Customer", {"legacy_code": "C0001"})  # still nothing written

	migration = run(http, name)
	assert migration["status"] == "Completed with Errors", migration
	# 4 refused: the customer, both lines of its quotation, the unreadable invoice; the invoice whose
	# number reads like the new sequence is refused by the numbering when written
	assert (migration["created"], migration["refused"]) == (15, 5), frappe.parse_json(migration["report"])
	report = {(row["kind"], row["line"]): row for row in frappe.parse_json(migration["report"])}
	assert "reads like the invoice numbers of sales_flow" in report[("Invoices", 7)]["message"]
	frappe.db.rollback()
	assert not frappe.db.exists("Customer", {"legacy_code": "C0005"})
	assert not frappe.db.exists("Contact Email", {"email_id": "jean@faux.example"})
	assert not frappe.db.exists("Address", {"address_line1": "1 rue du Faux"})
	assert not frappe.db.exists("Quotation", {"legacy_code": "D2026-0199"})
	assert not frappe.db.exists("Sales Invoice", "F2026-9999")
	assert not frappe.db.exists("Sales Invoice", in_sequence)
	assert frappe.db.exists("Customer", {"legacy_code": "C0001"})
	assert frappe.db.exists("Quotation", {"legacy_code": "D2026-0107"})


def test_opening_balances_are_receivables_under_their_numbers_outside_the_sequence(clean_firm):
	firm = clean_firm
	http = session_for(firm.users["manager"])
	name = new_migration(
		http,
		firm,
		{f: sample_files()[f] for f in ("customers_file", "invoices_file")},
	)
	check(http, name)
	assert run(http, name)["refused"] == 0
	frappe.db.rollback()

	receivable = http.post(
		f"{URL}/api/method/frappe.desk.query_report.run",
		json={
			"report_name": "Accounts Receivable",
			"filters": {"company": firm.company, "report_date": "2026-12-31"},
		},
		timeout=60,
	)
	assert receivable.status_code == 200, receivable.text
	rows = {
		row["invoice"]: row
		for row in receivable.json()["message"]["result"]
		if isinstance(row, dict) and row.get("invoice")
	}
	assert {n: rows[n]["outstanding"] for n in rows} == {
		"F2026-0398": 2340.0,
		"F2026-0421": 498.8,
		"F2026-0450": 356.4,
	}
	assert str(rows["F2026-0398"]["posting_date"]) == "2026-09-15"

	# the first invoice made in sales_flow is still number 1 of the sequence
	customer = frappe.db.get_value("Customer", {"legacy_code": "C0002"})
	invoice = http.post(
		f"{URL}/api/resource/Sales Invoice",
		json={
			"customer": customer,
			"company": firm.company,
			"posting_date": "2026-12-01",
			"items": [{"item_code": "REPRISE-SOLDE", "qty": 1, "rate": 10}],
		},
		timeout=30,
	)
	assert invoice.status_code == 200, invoice.text
	firm.cleanup.append(("Sales Invoice", invoice.json()["data"]["name"]))
	assert invoice.json()["data"]["name"] == f"FA-{firm.abbr}-2026-00001"
	assert not invoice.json()["data"]["is_opening_balance"]

	# nobody marks an invoice as an opening balance by hand
	forged = http.post(
		f"{URL}/api/resource/Sales Invoice",
		json={
			"customer": customer,
			"company": firm.company,
			"posting_date": "2026-12-01",
			"is_opening_balance": 1,
			"items": [{"item_code": "REPRISE-SOLDE", "qty": 1, "rate": 10}],
		},
		timeout=30,
	)
	assert forged.status_code == 417, forged.text
	assert "Only the data migration" in forged.text


def test_each_role_brings_over_what_it_may_create(clean_firm):
	firm = clean_firm
	rep = session_for(firm.users["rep"])
	refused = rep.post(f"{URL}/api/resource/Data Migration", json={"company": firm.company}, timeout=30)
	assert refused.status_code == 403, refused.text

	http = session_for(firm.users["master"])
	name = new_migration(http, firm, sample_files())
	files = {f["kind"]: f["problems"] for f in preview(check(http, name))["files"]}
	assert files["Customers"] == [] and files["Items"] == []
	assert "Your roles may not create a Quotation" in files["Quotations"][0]
	assert "Your roles may not create a Sales Invoice" in files["Invoices"][0]
	migration = run(http, name)
	assert (migration["created"], migration["refused"]) == (9, 9)
	frappe.db.rollback()
	assert frappe.db.exists("Item", "PERCEUSE-18V")
	assert not frappe.db.exists("Quotation", {"legacy_code": "D2026-0107"})
	assert not frappe.db.exists("Sales Invoice", "F2026-0398")


def test_an_excel_workbook_is_read_with_its_numbers_dates_and_french_text(clean_firm):
	firm = clean_firm
	workbook = Workbook()
	sheet = workbook.active
	sheet.append(["Code article", "Désignation", "Unité", "Prix HT", "Taux TVA"])
	sheet.append(["XLS-1", "Pièce détachée", "u", 1249, 0.2])  # Excel's 20 % is 0.2
	sheet.append(["XLS-2", "Étagère", "pce", "1 234,56", "5,5"])
	content = io.BytesIO()
	workbook.save(content)
	http = session_for(firm.users["manager"])
	name = new_migration(http, firm, {"items_file": ("articles.xlsx", content.getvalue())})
	assert check(http, name)["problem_rows"] == 0
	assert run(http, name)["created"] == 2
	frappe.db.rollback()
	prices = dict(
		frappe.get_all(
			"Item Price",
			filters={"item_code": ("in", ("XLS-1", "XLS-2"))},
			fields=["item_code", "price_list_rate"],
			as_list=True,
		)
	)
	assert prices == {"XLS-1": 1249.0, "XLS-2": 1234.56}
	assert frappe.db.get_value("Item", "XLS-2", "item_name") == "Étagère"
	assert "5.5" in frappe.db.get_value("Item", "XLS-2", "item_tax_template")
	assert "20.0" in frappe.db.get_value("Item", "XLS-1", "item_tax_template")


# ---------------------------------------------------------------- Frappe's own Data Import


def test_frappes_data_import_reads_a_french_windows_1252_file(firm):
	frappe.db.set_value("User", firm.users["admin"], "language", "fr")
	frappe.db.commit()
	frappe.cache.hdel("lang", firm.users["admin"])
	http = session_for(firm.users["admin"])
	tag = frappe.generate_hash(length=4)
	price_list = f"Tarif général {tag}"
	customers = cp1252(
		[
			"Raison sociale;Type de client;N° TVA",
			f"Crème Brûlée & Cœur {tag};Société;FR72823456785",
			f"Agnès Dubœuf {tag};Particulier;",
		]
	)
	prices = cp1252(
		[
			"Code article;Liste de prix;Prix;Valable du;Valable jusqu'au",
			f"PERCEUSE-18V;{price_list};1 234,56;05/03/2026;31/12/2026",
			f"VIS-INOX-4X40;{price_list};0,5;15/01/2026;",
		]
	)
	with committed_cleanup() as cleanup:
		frappe.get_doc(
			{"doctype": "Price List", "price_list_name": price_list, "currency": "EUR", "selling": 1}
		).insert()
		cleanup.append(("Price List", price_list))
		for code in ("PERCEUSE-18V", "VIS-INOX-4X40"):
			if not frappe.db.exists("Item", code):
				frappe.get_doc(
					{
						"doctype": "Item",
						"item_code": code,
						"item_name": code,
						"item_group": "All Item Groups",
						"stock_uom": "Unit",
					}
				).insert()
				cleanup.append(("Item", code))
		frappe.db.commit()
		cleanup += [("Customer", f"Crème Brûlée & Cœur {tag}"), ("Customer", f"Agnès Dubœuf {tag}")]

		data_import = data_import_over_http(http, "Customer", "clients.csv", customers, cleanup)
		shown = preview_over_http(http, data_import)
		assert shown["data"][0][1:] == [f"Crème Brûlée & Cœur {tag}", "Company", "FR72823456785"]
		assert [c.get("df", {}).get("fieldname") for c in shown["columns"][1:]] == [
			"customer_name",
			"customer_type",
			"tax_id",
		]
		assert start_import(data_import) == ("Success", [])
		assert frappe.db.get_value("Customer", f"Crème Brûlée & Cœur {tag}", ["customer_type", "tax_id"]) == (
			"Company",
			"FR72823456785",
		)
		assert frappe.db.get_value("Customer", f"Agnès Dubœuf {tag}", "customer_type") == "Individual"

		data_import = data_import_over_http(http, "Item Price", "prix.csv", prices, cleanup)
		assert start_import(data_import) == ("Success", [])
		imported = frappe.get_all(
			"Item Price",
			filters={"price_list": price_list},
			fields=["name", "item_code", "price_list_rate", "valid_from", "valid_upto"],
			order_by="item_code",
		)
		cleanup += [("Item Price", p.name) for p in imported]
		assert [(p.item_code, p.price_list_rate, str(p.valid_from), str(p.valid_upto)) for p in imported] == [
			("PERCEUSE-18V", 1234.56, "2026-03-05", "2026-12-31"),
			("VIS-INOX-4X40", 0.5, "2026-01-15", "None"),
		]

		# a cell that cannot be read: said in French, naming the line and the column; nothing imported
		broken = cp1252(["Code article;Liste de prix;Prix", f"PERCEUSE-18V;{price_list};12,3,4"])
		data_import = data_import_over_http(http, "Item Price", "faux.csv", broken, cleanup)
		warnings = [w["message"] for w in preview_over_http(http, data_import)["warnings"]]
		assert any("Ligne 2, colonne 3" in w and "12,3,4" in w for w in warnings), warnings
		assert start_import(data_import)[0] != "Success"
		assert frappe.db.count("Item Price", {"price_list": price_list}) == 2


def data_import_over_http(
	http: requests.Session, doctype: str, file_name: str, content: bytes, cleanup: list
) -> str:
	uploaded = http.post(
		f"{URL}/api/method/upload_file",
		files={"file": (file_name, content)},
		data={"is_private": 1},
		timeout=30,
	)
	assert uploaded.status_code == 200, uploaded.text
	response = http.post(
		f"{URL}/api/resource/Data Import",
		json={
			"reference_doctype": doctype,
			"import_type": "Insert New Records",
			"import_file": uploaded.json()["message"]["file_url"],
		},
		timeout=60,
	)
	assert response.status_code == 200, response.text
	name = response.json()["data"]["name"]
	cleanup += [("File", uploaded.json()["message"]["name"]), ("Data Import", name)]
	return name


def preview_over_http(http: requests.Session, data_import: str) -> dict:
	response = http.post(
		f"{URL}/api/method/frappe.core.doctype.data_import.data_import.get_preview_from_template",
		data={"data_import": data_import},
		timeout=60,
	)
	assert response.status_code == 200, response.text
	return response.json()["message"]


def start_import(data_import: str) -> tuple[str, list]:
	"""The site's scheduler is off under test: Frappe's start_import runs the job here (in_test).
	Returns the import's status and the messages of its failed rows."""
	frappe.db.rollback()
	frappe.get_doc("Data Import", data_import).start_import()
	frappe.db.commit()  # as the worker does at the end of a job
	failures = frappe.get_all(
		"Data Import Log", filters={"data_import": data_import, "success": 0}, pluck="messages"
	)
	return frappe.db.get_value("Data Import", data_import, "status"), failures


# ---------------------------------------------------------------- the reader itself


def test_the_reader_prefers_windows_1252_honours_a_bom_and_finds_the_separator():
	# Frappe's own reader tries Windows-1250 first: "Crème" comes out "Crčme", "Dubœuf" "Dubśuf"
	assert read_csv("Nom;Prix\r\nCrème Dubœuf;1 234,56\r\n".encode("windows-1252")) == [
		["Nom", "Prix"],
		["Crème Dubœuf", "1 234,56"],
	]
	assert read_csv("\ufeffNom,Ville\nÉtoile,Besançon\n".encode()) == [
		["Nom", "Ville"],
		["Étoile", "Besançon"],
	]
	assert read_csv("Nom\tPrix\n« Crème »\t3,5\n".encode("utf-16")) == [["Nom", "Prix"], ["« Crème »", "3,5"]]
	assert read_csv(b'Nom;Adresse\n"Durand";"12, rue de la Paix; B\xe2t. A"\n') == [
		["Nom", "Adresse"],
		["Durand", "12, rue de la Paix; Bât. A"],
	]
	assert read_table(cp1252(["a;b", "1;2"]), "CSV") == [["a", "b"], ["1", "2"]]


def test_unreadable_files_name_their_line_and_column():
	with pytest.raises(UnreadableFile, match=r"line 2, column 5: byte 0x81"):
		read_csv(b"Nom;Prix\nabcd\x81;1\n")
	with pytest.raises(UnreadableFile, match=r"line 2"):
		read_csv(b'Nom;Prix\n"abc"d;1\n')
	with pytest.raises(UnreadableFile, match=r"\.pdf"):
		read_table(b"%PDF", "pdf")


@pytest.mark.parametrize(
	"text, number",
	[
		("1 234,56", 1234.56),
		("1\u202f234,56 €", 1234.56),
		("1.234,56", 1234.56),
		("1234.56", 1234.56),
		("-12,5 %", -12.5),
		("0,5", 0.5),
		("7", 7.0),
	],
)
def test_french_numbers(text, number):
	assert parse_number(text) == number


@pytest.mark.parametrize("text", ["12,3,4", "abc", "1 2a", ""])
def test_what_is_not_a_number_is_refused(text):
	with pytest.raises(ValueError):
		parse_number(text)


def test_french_dates_are_day_first():
	assert str(parse_date("05/03/2026")) == "2026-03-05"
	assert str(parse_date("31.12.26")) == "2026-12-31"
	assert str(parse_date("2026-03-05")) == "2026-03-05"
	for wrong in ("31/02/2026", "2026/13/01", "demain"):
		with pytest.raises(ValueError):
			parse_date(wrong)


def test_the_column_table_offers_every_target_and_refuses_one_of_another_file(firm):
	options = frappe.get_meta("Data Migration Column").get_field("target").options.split("\n")
	assert options[1:] == all_target_labels()
	migration = frappe.get_doc(
		{
			"doctype": "Data Migration",
			"company": firm.company,
			"columns": [
				{"file_kind": "Items", "column_number": 1, "header": "Code", "target": "Customer Code"}
			],
		}
	)
	with pytest.raises(frappe.ValidationError, match="cannot be imported as Customer Code"):
		migration.insert()
