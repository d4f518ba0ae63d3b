"""The sample firm of sales_flow/demo/switching/ for the switching tests (HTTP and browser): its
files, the masters a company needs to take them in, and the purge of what a run brought over (the
files hold fixed codes, so a run starts and ends without them)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import frappe

from sales_flow.migration.csv_reading import read_csv
from tests.support import delete_test_record

SAMPLES = Path(frappe.get_app_path("sales_flow", "demo", "switching"))
SAMPLE_FILES = {
	"customers_file": "clients.csv",
	"items_file": "articles.csv",
	"quotations_file": "devis.csv",
	"invoices_file": "factures.csv",
}
VAT_ACCOUNTS = {20.0: "44571 TVA 20", 10.0: "44571 TVA 10", 5.5: "44571 TVA 5,5"}


def sample(name: str) -> bytes:
	return (SAMPLES / name).read_bytes()


def cp1252(lines: list[str]) -> bytes:
	return ("\r\n".join(lines) + "\r\n").encode("windows-1252")


def sample_codes() -> dict[str, set[str]]:
	"""The previous program's codes the sample files (and the broken rows below) hold."""
	codes = {
		"customers": {"C0005"},
		"items": {"XLS-1", "XLS-2"},
		"quotations": {"D2026-0199"},
		"invoices": set(),
	}
	for key, name, column in (
		("customers", "clients.csv", 0),
		("items", "articles.csv", 0),
		("quotations", "devis.csv", 0),
		("invoices", "factures.csv", 0),
	):
		codes[key] |= {row[column] for row in read_csv(sample(name))[1:]}
	codes["invoices"].add("F2026-9999")
	return codes


def purge_sample_records() -> None:
	"""What an earlier run left of the sample firm (the tests create it under fixed codes)."""
	frappe.db.rollback()
	codes = sample_codes()
	invoices = frappe.get_all(
		"Sales Invoice", filters={"name": ("in", list(codes["invoices"]))}, pluck="name"
	)
	invoices += frappe.get_all("Sales Invoice", filters={"company": ("like", "Test Reprise%")}, pluck="name")
	quotations = frappe.get_all(
		"Quotation", filters={"legacy_code": ("in", list(codes["quotations"]))}, pluck="name"
	)
	for doctype, names in (("Sales Invoice", invoices), ("Quotation", quotations)):
		for name in set(names):
			delete_test_record(doctype, name)
	for name in frappe.get_all(
		"Customer", filters={"legacy_code": ("in", list(codes["customers"]))}, pluck="name"
	):
		# its contact and address go with it (Customer.on_trash), once it no longer points at them
		frappe.db.set_value(
			"Customer", name, {"customer_primary_contact": None, "customer_primary_address": None}
		)
		frappe.delete_doc("Customer", name, force=True, ignore_permissions=True, delete_permanently=True)
	for name in frappe.get_all(
		"Item Price", filters={"item_code": ("in", list(codes["items"]))}, pluck="name"
	):
		frappe.delete_doc("Item Price", name, force=True, ignore_permissions=True, delete_permanently=True)
	for code in codes["items"]:
		frappe.delete_doc(
			"Item", code, force=True, ignore_permissions=True, ignore_missing=True, delete_permanently=True
		)
	frappe.db.commit()


def make_firm_masters(company: str, tag: str, cleanup: list) -> tuple[str, str]:
	"""VAT classes of the company at 20, 10 and 5,5 %, a price list and an "On Net Total" VAT
	template: what the sample files need; returns the price list and the template."""
	for rate in VAT_ACCOUNTS:
		add(
			cleanup,
			{
				"doctype": "Item Tax Template",
				"title": f"Test Reprise TVA {rate} {tag}",
				"company": company,
				"taxes": [
					{"tax_type": account, "tax_rate": rate if r == rate else 0}
					for r, account in VAT_ACCOUNTS.items()
				],
			},
		)
	price_list = add(
		cleanup,
		{
			"doctype": "Price List",
			"price_list_name": f"Test Reprise Tarif {tag}",
			"currency": "EUR",
			"selling": 1,
		},
	)
	taxes = add(
		cleanup,
		{
			"doctype": "Sales Taxes and Charges Template",
			"title": f"Test Reprise TVA {tag}",
			"company": company,
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": a,
					"description": a,
					"rate": 20 if r == 20 else 0,
				}
				for r, a in VAT_ACCOUNTS.items()
			],
		},
	)
	return price_list, taxes


def add(cleanup: list, values: dict) -> str:
	doc = frappe.get_doc(values).insert()
	cleanup.append((doc.doctype, doc.name))
	return doc.name


@contextmanager
def sample_firm_cleanup(company: str, abbr: str) -> Iterator[None]:
	"""Around a test taking the sample firm in: none of its records before, none after, nor the
	company's migrations, the item groups and opening balance item its runs made, the company's
	invoice numbering."""
	purge_sample_records()
	groups_before = set(frappe.get_all("Item Group", pluck="name"))
	opening_item_before = frappe.db.exists("Item", "REPRISE-SOLDE")
	try:
		yield
	finally:
		purge_sample_records()
		for name in frappe.get_all("Data Migration", filters={"company": company}, pluck="name"):
			frappe.delete_doc("Data Migration", name, force=True, ignore_permissions=True)
		if not opening_item_before:
			frappe.delete_doc(
				"Item", "REPRISE-SOLDE", force=True, ignore_permissions=True, ignore_missing=True
			)
		for group in set(frappe.get_all("Item Group", pluck="name")) - groups_before:
			frappe.delete_doc("Item Group", group, force=True, ignore_permissions=True, ignore_missing=True)
		frappe.db.delete("Series", {"name": ("like", f"%-{abbr}-%")})
		frappe.db.commit()
