"""A small French sales set-up for the cycle tests, created inside each test's transaction."""

from types import SimpleNamespace

import frappe
from frappe.utils import add_days, nowdate
from frappe.utils.nestedset import get_root_of

COMPANY = "Test Cycle SARL"
VAT = {20.0: "TVA 20", 10.0: "TVA 10", 5.5: "TVA 5,5"}


def insert(doc: dict):
	return frappe.get_doc(doc).insert()


def ensure(doctype: str, name: str, doc: dict):
	if frappe.db.exists(doctype, name):
		return frappe.get_doc(doctype, name)
	return insert({"doctype": doctype, **doc})


def vat_class(rate: float) -> str:
	title = f"Test VAT {rate}"
	ensure(
		"Item Tax Template",
		title,
		{
			"title": title,
			"taxes": [
				{"tax_type": account, "tax_rate": rate if r == rate else 0} for r, account in VAT.items()
			],
		},
	)
	return title


def tax_template(title: str, included: bool) -> str:
	return ensure(
		"Sales Taxes and Charges Template",
		f"{title} - TCS",
		{
			"title": title,
			"company": COMPANY,
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": account,
					"description": account,
					"rate": 20 if rate == 20 else 0,
					"included_in_print_rate": int(included),
				}
				for rate, account in VAT.items()
			],
		},
	).name


def item(code: str, rate: float, price: float, uom: str = "Unit") -> str:
	ensure(
		"Item",
		code,
		{
			"item_code": code,
			"item_name": code,
			"item_group": get_root_of("Item Group"),
			"stock_uom": uom,
			"item_tax_template": vat_class(rate),
		},
	)
	ensure_price(code, "Test Tarif", price, uom)
	return code


def ensure_price(code: str, price_list: str, price: float, uom: str = "Unit") -> None:
	if not frappe.db.exists("Item Price", {"item_code": code, "price_list": price_list, "uom": uom}):
		insert(
			{
				"doctype": "Item Price",
				"item_code": code,
				"price_list": price_list,
				"uom": uom,
				"price_list_rate": price,
				"valid_from": "2020-01-01",
			}
		)


def sales_setup() -> SimpleNamespace:
	ensure(
		"Company",
		COMPANY,
		{"company_name": COMPANY, "abbr": "TCS", "default_currency": "EUR", "country": "France"},
	)
	ensure("Price List", "Test Tarif", {"price_list_name": "Test Tarif", "currency": "EUR", "selling": 1})
	customer = ensure(
		"Customer",
		"Test Client Dupont",
		{
			"customer_name": "Test Client Dupont",
			"default_price_list": "Test Tarif",
			"customer_group": get_root_of("Customer Group"),
			"territory": get_root_of("Territory"),
		},
	)
	return SimpleNamespace(
		company=COMPANY,
		customer=customer.name,
		price_list="Test Tarif",
		ht=tax_template("Test TVA", included=False),
		ttc=tax_template("Test TVA TTC", included=True),
		a=item("TEST-A20", 20, 100.0),
		b=item("TEST-B10", 10, 55.5),
		c=item("TEST-C55", 5.5, 3.79),
	)


def transaction(doctype: str, setup: SimpleNamespace, lines: list[tuple], **values):
	"""A draft sales document; lines are (item_code, qty) or (item_code, qty, {extra fields})."""
	doc = {
		"doctype": doctype,
		"company": setup.company,
		"taxes_and_charges": setup.ht,
		"items": [
			{"item_code": line[0], "qty": line[1], **(line[2] if len(line) > 2 else {})} for line in lines
		],
	}
	if doctype == "Quotation":
		doc.update({"quotation_to": "Customer", "party_name": setup.customer, "transaction_date": nowdate()})
	else:
		doc["customer"] = setup.customer
	if doctype == "Sales Order":
		doc.update({"transaction_date": nowdate(), "delivery_date": add_days(nowdate(), 10)})
	doc.update(values)
	return frappe.get_doc(doc)
