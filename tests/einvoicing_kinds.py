"""Every kind of invoice the e-invoicing reform asks about, built on the sales set-up of
tests/sales_setup.py and committed for the tests that read them over HTTP (test_einvoicing.py,
test_fec.py); everything made is listed, as it is made, in the list committed_cleanup deletes.
"""

import frappe
from frappe.utils import add_days, nowdate
from frappe.utils.nestedset import get_root_of

from sales_flow.regional.france.identifiers import french_vat_key
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import (
	make_down_payment_invoice,
	make_sales_invoice,
)
from tests.printing import LEGAL
from tests.sales_setup import SalesSetup, transaction

EU_VAT_NUMBER = "DE129273398"
SIREN = "732829320"
TRAINING_MENTION = "Exonération de TVA, art. 261-4-4° du CGI"


class InvoiceWorld:
	"""A company with its legal mentions, customers in France, Germany and Switzerland, the VAT
	classes and tax templates of each VAT category, and one submitted invoice of each kind."""

	def __init__(self, tag: str, created: list[tuple[str, str]]):
		"""Everything made is appended to `created` (committed_cleanup's list), as it is made."""
		self.tag = tag
		self.sales = SalesSetup(tag)
		self.setup = self.sales.build()
		created += self.setup.created
		self.created = created
		company = frappe.get_doc("Company", self.setup.company)
		company.update(LEGAL)
		company.save()
		self.invoices: dict[str, str] = {}

	def record(self, doc):
		self.created.append((doc.doctype, doc.name))
		return doc

	def insert(self, values: dict):
		return self.record(frappe.get_doc(values).insert())

	def submitted(self, doc):
		doc.insert()
		self.record(doc)
		doc.submit()
		return doc

	# ------------------------------------------------------------ masters

	def customer(self, label: str, country: str, tax_id: str | None = None) -> str:
		name = f"Test {label} {self.tag}"
		self.insert(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_group": get_root_of("Customer Group"),
				"territory": get_root_of("Territory"),
				"default_price_list": self.setup.price_list,
				"tax_id": tax_id,
			}
		)
		address = self.insert(
			{
				"doctype": "Address",
				"address_title": name,
				"address_type": "Billing",
				"address_line1": "1 Hauptstrasse" if country != "France" else "1 rue de la Paix",
				"pincode": "10115" if country != "France" else "75002",
				"city": {"Germany": "Berlin", "Switzerland": "Genève"}.get(country, "Paris"),
				"country": country,
				"links": [{"link_doctype": "Customer", "link_name": name}],
			}
		)
		frappe.db.set_value("Customer", name, "customer_primary_address", address.name)
		return name

	def vat_class(self, title: str, category: str, **values) -> str:
		taxes = [{"tax_type": account, "tax_rate": 0} for account in ("TVA 20", "TVA 10", "TVA 5,5")]
		doc = {"doctype": "Item Tax Template", "title": f"{title} {self.tag}", "taxes": taxes}
		return self.insert({**doc, "vat_category": category, **values}).name

	def item(self, code: str, vat_class: str, price: float) -> str:
		code = f"{code}-{self.tag}".upper()
		self.insert(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": get_root_of("Item Group"),
				"stock_uom": "Unit",
				"item_tax_template": vat_class,
			}
		)
		self.insert(
			{
				"doctype": "Item Price",
				"item_code": code,
				"price_list": self.setup.price_list,
				"uom": "Unit",
				"price_list_rate": price,
				"valid_from": "2020-01-01",
			}
		)
		return code

	def template(self, title: str, rows: list[dict]) -> str:
		return self.insert(
			{
				"doctype": "Sales Taxes and Charges Template",
				"title": f"{title} {self.tag}",
				"company": self.setup.company,
				"taxes": rows,
			}
		).name

	def regime(self, title: str, category: str, **values) -> str:
		"""A template whose one VAT row, at 0 %, gives the lines its category."""
		row = {
			"charge_type": "On Net Total",
			"account_head": f"44571 {title}",
			"description": title,
			"rate": 0,
			"vat_category": category,
			**values,
		}
		return self.template(title, [row])

	# ------------------------------------------------------------ invoices

	def invoice(self, kind: str, lines: list[tuple], **values) -> str:
		doc = transaction("Sales Invoice", self.setup, lines, due_date=add_days(nowdate(), 30), **values)
		self.invoices[kind] = self.submitted(doc).name
		return self.invoices[kind]

	def build(self) -> "InvoiceWorld":
		s = self.setup
		self.invoice("several VAT rates", [(s.a, 3), (s.b, 2), (s.c, 7)], po_no="PO-EINV-1")
		self.invoice(
			"line and document discounts",
			[(s.a, 3, {"discount_percentage": 10}), (s.b, 2), (s.c, 7)],
			apply_discount_on="Net Total",
			additional_discount_percentage=5,
		)
		self.invoice(
			"discount on the grand total",
			[(s.a, 2), (s.b, 1)],
			apply_discount_on="Grand Total",
			discount_amount=10,
		)
		self.build_charges()
		self.invoice("prices including VAT", [(s.a, 1), (s.b, 3), (s.c, 5)], taxes_and_charges=s.ttc)
		self.invoice("foreign currency", [(s.a, 2), (s.b, 1)], currency="USD", conversion_rate=0.92)
		self.build_down_payment()
		self.build_credit_note()
		self.build_vat_categories()
		return self

	def build_charges(self) -> None:
		s = self.setup
		shipping = self.template(
			"TVA avec port",
			[
				{
					"charge_type": "Actual",
					"account_head": "708500 Ports",
					"description": "Port",
					"tax_amount": 0,
				},
				{"charge_type": "On Previous Row Total", "row_id": "1", "account_head": "TVA 20", "rate": 20},
				{"charge_type": "On Previous Row Total", "row_id": "1", "account_head": "TVA 10", "rate": 10},
			],
		)
		rule = self.insert(
			{
				"doctype": "Shipping Rule",
				"label": f"Test Port {self.tag}",
				"calculate_based_on": "Fixed",
				"shipping_amount": 21.1,
				"account_head": "708500 Ports",
			}
		)
		self.invoice(
			"shipping charge", [(s.a, 1), (s.b, 2)], taxes_and_charges=shipping, shipping_rule=rule.name
		)
		fees = self.template(
			"TVA et frais",
			[
				{"charge_type": "On Net Total", "account_head": "TVA 20", "rate": 20},
				{"charge_type": "Actual", "account_head": "708800 Frais de dossier", "tax_amount": 15},
				{
					"charge_type": "On Previous Row Amount",
					"row_id": "2",
					"account_head": "TVA 20",
					"rate": 20,
				},
			],
		)
		self.invoice("other charges", [(s.a, 2)], taxes_and_charges=fees)

	def build_down_payment(self) -> None:
		s = self.setup
		order = self.submitted(transaction("Sales Order", s, [(s.a, 10), (s.b, 4)], po_no="PO-EINV-ORDER"))
		down = self.submitted(make_down_payment_invoice(order.name, 30))
		self.invoices["down payment (386)"] = down.name
		self.payment = self.submitted(get_payment_entry("Sales Invoice", down.name))
		final = make_sales_invoice(order.name)
		final.due_date = add_days(nowdate(), 30)
		self.invoices["final invoice after a down payment"] = self.submitted(final).name

	def build_credit_note(self) -> None:
		credit = make_sales_return(self.invoices["several VAT rates"])
		for row in credit.items:
			row.qty = -1
		self.invoices["credit note (381)"] = self.submitted(credit).name

	def build_vat_categories(self) -> None:
		s = self.setup
		self.german = german = self.customer("Kunde GmbH", "Germany", EU_VAT_NUMBER)
		swiss = self.customer("Client SA", "Switzerland")
		self.french_business = self.customer("Client SAS", "France", f"FR{french_vat_key(SIREN):02d}{SIREN}")
		self.invoice(
			"EU reverse charge (AE)",
			[(s.a, 2)],
			customer=german,
			taxes_and_charges=self.regime("Autoliquidation", "AE"),
		)
		self.invoice(
			"intra-EU supply of goods (K)",
			[(s.a, 1), (s.b, 3)],
			customer=german,
			taxes_and_charges=self.regime("Livraison intracommunautaire", "K"),
		)
		self.invoice(
			"export outside the EU (G)",
			[(s.a, 1), (s.c, 4)],
			customer=swiss,
			taxes_and_charges=self.regime("Exportation", "G"),
		)
		training = self.item(
			"TEST-TRAINING",
			self.vat_class(
				"Test exempt training",
				"E",
				vatex_code="VATEX-FR-CGI261-4",
				exemption_reason=TRAINING_MENTION,
			),
			450,
		)
		self.invoice("exempt (E with a VATEX code)", [(training, 2)])
		self.invoice(
			"VAT franchise (293 B)",
			[(s.a, 1), (s.b, 1)],
			taxes_and_charges=self.regime("Franchise en base", "E", vatex_code="VATEX-FR-FRANCHISE"),
		)
		books = self.item("TEST-ZERO", self.vat_class("Test zero rate", "Z"), 12.5)
		self.invoice("zero rate (Z)", [(s.a, 1), (books, 4)])


def invoice_world(tag: str, created: list[tuple[str, str]]) -> InvoiceWorld:
	return InvoiceWorld(tag, created).build()
