"""A small French sales set-up for the cycle tests, created inside each test's transaction.

Tests that must commit it (a real server reads it) pass a `tag`, so its names collide with no
other test's, and delete `setup.created` afterwards.
"""

from types import SimpleNamespace

import frappe
from frappe.utils import add_days, nowdate
from frappe.utils.nestedset import get_root_of

VAT = {20.0: "TVA 20", 10.0: "TVA 10", 5.5: "TVA 5,5"}


class SalesSetup:
	def __init__(self, tag: str = ""):
		self.tag = f" {tag}" if tag else ""
		self.code_tag = f"-{tag.upper()}" if tag else ""
		self.created: list[tuple[str, str]] = []

	def ensure(self, doctype: str, name: str, doc: dict):
		if frappe.db.exists(doctype, name):
			return frappe.get_doc(doctype, name)
		created = frappe.get_doc({"doctype": doctype, **doc}).insert()
		self.created.append((doctype, created.name))
		return created

	def vat_class(self, rate: float) -> str:
		title = f"Test VAT {rate}{self.tag}"
		taxes = [{"tax_type": account, "tax_rate": rate if r == rate else 0} for r, account in VAT.items()]
		return self.ensure("Item Tax Template", title, {"title": title, "taxes": taxes}).name

	def tax_template(self, title: str, company: str, abbr: str, included: bool) -> str:
		rows = [
			{
				"charge_type": "On Net Total",
				"account_head": account,
				"description": account,
				"rate": 20 if rate == 20 else 0,
				"included_in_print_rate": int(included),
			}
			for rate, account in VAT.items()
		]
		doc = {"title": title, "company": company, "taxes": rows}
		return self.ensure("Sales Taxes and Charges Template", f"{title} - {abbr}", doc).name

	def item(self, code: str, rate: float, price: float, price_list: str, uom: str = "Unit") -> str:
		code += self.code_tag
		doc = {
			"item_code": code,
			"item_name": code,
			"item_group": get_root_of("Item Group"),
			"stock_uom": uom,
			"item_tax_template": self.vat_class(rate),
		}
		self.ensure("Item", code, doc)
		if not frappe.db.exists("Item Price", {"item_code": code, "price_list": price_list, "uom": uom}):
			price_doc = {"item_code": code, "price_list": price_list, "uom": uom, "price_list_rate": price}
			self.ensure("Item Price", "", {**price_doc, "valid_from": "2020-01-01"})
		return code

	def build(self) -> SimpleNamespace:
		company = f"Test Cycle SARL{self.tag}"
		abbr = "TCS" + self.code_tag.replace("-", "")
		self.ensure(
			"Company",
			company,
			{"company_name": company, "abbr": abbr, "default_currency": "EUR", "country": "France"},
		)
		price_list = f"Test Tarif{self.tag}"
		self.ensure(
			"Price List", price_list, {"price_list_name": price_list, "currency": "EUR", "selling": 1}
		)
		customer = f"Test Client Dupont{self.tag}"
		customer_doc = {
			"customer_name": customer,
			"default_price_list": price_list,
			"customer_group": get_root_of("Customer Group"),
			"territory": get_root_of("Territory"),
		}
		self.ensure("Customer", customer, customer_doc)
		return SimpleNamespace(
			company=company,
			customer=customer,
			price_list=price_list,
			ht=self.tax_template(f"Test TVA{self.tag}", company, abbr, included=False),
			ttc=self.tax_template(f"Test TVA TTC{self.tag}", company, abbr, included=True),
			a=self.item("TEST-A20", 20, 100.0, price_list),
			b=self.item("TEST-B10", 10, 55.5, price_list),
			c=self.item("TEST-C55", 5.5, 3.79, price_list),
			created=self.created,
		)


def sales_setup(tag: str = "") -> SimpleNamespace:
	return SalesSetup(tag).build()


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


def submitted(doc):
	"""The document inserted and submitted."""
	doc.insert()
	doc.submit()
	return doc


def two_customers(prefix: str, *items: tuple[str, int, float]) -> SimpleNamespace:
	"""A sales set-up whose customer `a` has a second customer `b` beside it (same price list), and
	the items given as (code suffix, stock, rate), e.g. ("X", 20, 100.0) -> `w.x`."""
	builder = SalesSetup(prefix)
	setup = builder.build()
	w = SimpleNamespace(setup=setup, company=setup.company, a=setup.customer)
	for suffix, stock, rate in items:
		setattr(w, suffix.lower(), builder.item(f"{prefix}{suffix}", stock, rate, setup.price_list))
	customer = {"doctype": "Customer", "customer_name": f"Test Client {prefix} B"}
	w.b = frappe.get_doc({**customer, "default_price_list": setup.price_list}).insert().name
	return w
