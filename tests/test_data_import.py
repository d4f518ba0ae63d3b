"""Masters come in through Frappe's own Data Import (CSV), row by row, bad rows reported."""

import frappe
import pytest
from frappe.utils.nestedset import get_root_of

from tests.support import committed_cleanup

pytestmark = pytest.mark.commits


def run_data_import(doctype: str, csv_text: str, cleanup: list) -> "frappe.model.document.Document":
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"import-{frappe.generate_hash(length=8)}.csv",
			"is_private": 1,
			"content": csv_text,
		}
	).insert()
	cleanup.append(("File", file.name))
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": doctype,
			"import_type": "Insert New Records",
			"import_file": file.file_url,
		}
	).insert()
	cleanup.append(("Data Import", data_import.name))
	frappe.db.commit()
	data_import.start_import()  # runs in-process under tests, as the worker would
	data_import.reload()
	return data_import


def import_log(data_import) -> list[dict]:
	return frappe.get_all(
		"Data Import Log",
		filters={"data_import": data_import.name},
		fields=["success", "docname", "messages"],
		order_by="row_indexes",
	)


def test_customers_import_from_csv_and_a_bad_row_is_reported_not_written():
	root = get_root_of("Territory")
	csv_text = (
		"Customer Name,Customer Type,Customer Group,Territory,VAT Number\n"
		f"Test Import Alpha,Company,{get_root_of('Customer Group')},{root},FR40303265045\n"
		f"Test Import Beta,Individual,{get_root_of('Customer Group')},{root},\n"
		f"Test Import Gamma,Company,{get_root_of('Customer Group')},{root},FR00000000000\n"
	)
	with committed_cleanup() as cleanup:
		cleanup += [("Customer", n) for n in ("Test Import Alpha", "Test Import Beta", "Test Import Gamma")]
		data_import = run_data_import("Customer", csv_text, cleanup)
		assert data_import.status == "Partial Success"
		log = import_log(data_import)
		assert [row.success for row in log] == [1, 1, 0]
		assert "FR00000000000" in log[2].messages  # the bad value is named, in the importing user's language
		assert frappe.db.get_value("Customer", "Test Import Alpha", "tax_id") == "FR40303265045"
		assert frappe.db.get_value("Customer", "Test Import Beta", "customer_type") == "Individual"
		assert not frappe.db.exists("Customer", "Test Import Gamma")


def test_item_prices_import_from_csv_and_an_overlapping_price_is_refused():
	with committed_cleanup() as cleanup:
		frappe.get_doc(
			{"doctype": "Price List", "price_list_name": "Test Import Tarif", "currency": "EUR", "selling": 1}
		).insert()
		cleanup.append(("Price List", "Test Import Tarif"))
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": "TEST-IMPORT-ITEM",
				"item_group": get_root_of("Item Group"),
				"stock_uom": "Unit",
			}
		).insert()
		cleanup.append(("Item", "TEST-IMPORT-ITEM"))
		frappe.db.commit()
		csv_text = (
			"Item Code,Price List,UOM,Rate,Valid From,Valid Upto\n"
			"TEST-IMPORT-ITEM,Test Import Tarif,Unit,12.50,2026-01-01,2026-06-30\n"
			"TEST-IMPORT-ITEM,Test Import Tarif,Unit,13.75,2026-07-01,\n"
			"TEST-IMPORT-ITEM,Test Import Tarif,Unit,99.00,2026-03-01,2026-03-31\n"
		)
		data_import = run_data_import("Item Price", csv_text, cleanup)
		prices = frappe.get_all(
			"Item Price",
			filters={"item_code": "TEST-IMPORT-ITEM"},
			fields=["name", "price_list_rate"],
			order_by="valid_from",
		)
		cleanup += [("Item Price", p.name) for p in prices]
		assert [p.price_list_rate for p in prices] == [12.5, 13.75]
		assert [row.success for row in import_log(data_import)] == [1, 1, 0]
		assert data_import.status == "Partial Success"
