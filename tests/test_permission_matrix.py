"""The permission matrix over Frappe's REST API, against a real server on the test site.

Each role (and a desk user without any sales role, and Guest) x each DocType of the app x read /
create / write / submit / cancel. The expected matrix is the table below, written by hand as a sales
office wants it; it is NOT read from the DocType JSONs (a test that reads what it tests cannot fail).

The records acted on are committed under unique names (the server must see them) and deleted
afterwards; a permitted create, write, submit or cancel acts on test records only.
"""

import os

import frappe
import pytest
import requests
from frappe.utils import add_days, nowdate
from frappe.utils.nestedset import get_root_of
from frappe.utils.password import update_password

from tests.sales_setup import sales_setup, transaction
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "Perm-Matrix-Passw0rd!"
NO_SALES_ROLE = "no sales role"
ROLES = {  # column of the table -> the roles the test user gets
	"Sales User": ["Sales User"],
	"Sales Manager": ["Sales Manager"],
	"Sales Master Manager": ["Sales Master Manager"],
	"Accounts User": ["Accounts User"],
	NO_SALES_ROLE: ["Blogger"],  # a desk user (System User) whose only role has nothing to do with sales
}
RIGHTS = {"r": "read", "c": "create", "w": "write", "s": "submit", "x": "cancel"}

# r read (list + one record), c create, w write, s submit, x cancel, - nothing
MATRIX = """
DocType                          | Sales User | Sales Manager | Sales Master Manager | Accounts User | no sales role
Company                          | r          | r             | r                    | r             | -
Campaign                         | r          | rcw           | rcw                  | -             | -
Lead                             | rcw        | rcw           | -                    | -             | -
Lead Source                      | r          | rcw           | rcw                  | -             | -
Opportunity                      | rcw        | rcw           | -                    | -             | -
Opportunity Lost Reason          | r          | rcw           | rcw                  | -             | -
Sales Stage                      | r          | rcw           | rcw                  | -             | -
Competitor                       | rc         | rcw           | rcw                  | -             | -
Quotation Lost Reason            | r          | rcw           | rcw                  | -             | -
Currency Exchange                | r          | r             | rcw                  | rcw           | -
Customer                         | rcw        | rcw           | rcw                  | rw            | -
Customer Group                   | r          | r             | rcw                  | r             | -
Item                             | r          | r             | rcw                  | r             | -
Item Group                       | r          | r             | rcw                  | r             | -
Item Attribute                   | r          | r             | rcw                  | r             | -
Item Price                       | r          | r             | rcw                  | r             | -
Item Tax Template                | r          | r             | r                    | rcw           | -
Mode of Payment                  | r          | r             | r                    | rcw           | -
Monthly Distribution             | r          | rcw           | rcw                  | r             | -
Payment Terms Template           | r          | r             | r                    | rcw           | -
Price List                       | r          | r             | rcw                  | r             | -
Pricing Rule                     | r          | rcw           | rcw                  | r             | -
Promotional Scheme               | r          | rcw           | rcw                  | r             | -
Coupon Code                      | r          | rcw           | rcw                  | r             | -
Product Bundle                   | r          | rcw           | rcw                  | r             | -
Sales Partner                    | r          | rcw           | rcw                  | r             | -
Sales Person                     | r          | rcw           | rcw                  | r             | -
Shipping Rule                    | r          | rcw           | rcw                  | r             | -
Sales Taxes and Charges Template | r          | r             | r                    | rcw           | -
Terms and Conditions             | r          | r             | rcw                  | r             | -
Quotation Template               | rcw        | rcw           | rcw                  | -             | -
Territory                        | r          | r             | rcw                  | r             | -
UOM                              | r          | r             | rcw                  | r             | -
Selling Settings                 | r          | r             | rw                   | r             | -
Subscription Plan                | r          | r             | rcw                  | r             | -
Subscription                     | r          | rcw           | -                    | rcw           | -
Subscription Settings            | r          | r             | r                    | rw            | -
Quotation                        | rcwsx      | rcwsx         | -                    | r             | -
Sales Order                      | rcwsx      | rcwsx         | -                    | r             | -
Delivery Note                    | rcwsx      | rcwsx         | -                    | r             | -
Sales Invoice                    | r          | r             | -                    | rcwsx         | -
Payment Entry                    | r          | r             | -                    | rcwsx         | -
Data Migration                   | -          | rcw           | rcw                  | rcw           | -
Dunning Type                     | -          | r             | -                    | r             | -
Dunning                          | -          | rcwsx         | -                    | rcwsx         | -
Payment Reconciliation           | -          | -             | -                    | rw            | -
Sales Daily Customer Summary     | -          | r             | -                    | -             | -
Sales Daily Item Summary         | -          | r             | -                    | -             | -
Sales Monthly Customer Summary   | -          | r             | -                    | -             | -
Sales Monthly Item Summary       | -          | r             | -                    | -             | -
"""


def parse_matrix(text: str) -> dict[str, dict[str, frozenset[str]]]:
	header, *rows = [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]
	table: dict[str, dict[str, frozenset[str]]] = {role: {} for role in header[1:]}
	for doctype, *cells in rows:
		for role, cell in zip(header[1:], cells, strict=True):
			table[role][doctype] = frozenset(RIGHTS[c] for c in cell if c != "-")
	return table


EXPECTED = parse_matrix(MATRIX)
DOCTYPES = list(EXPECTED["Sales User"])
SINGLE = "Selling Settings"
# no list and no create: their one record is all there is
SINGLES = (SINGLE, "Subscription Settings", "Payment Reconciliation")
SUBMITTABLE = ("Quotation", "Sales Order", "Delivery Note", "Sales Invoice", "Payment Entry", "Dunning")
# kept by the submits and cancels of the sales documents, read by managers' reports, written by no one
SUMMARIES = (
	"Sales Daily Customer Summary",
	"Sales Daily Item Summary",
	"Sales Monthly Customer Summary",
	"Sales Monthly Item Summary",
)
# a field PUT back with its current value: the save runs the permission check, changes nothing
WRITE_FIELD = {
	"Company": "rcs",
	"Campaign": "description",
	"Lead": "notes",
	"Lead Source": "details",
	"Opportunity": "probability",
	"Opportunity Lost Reason": "lost_reason",
	"Sales Stage": "stage_name",
	"Competitor": "website",
	"Quotation Lost Reason": "order_lost_reason",
	"Currency Exchange": "exchange_rate",
	"Customer": "customer_details",
	"Customer Group": "default_price_list",
	"Item": "description",
	"Item Group": "description",
	"Item Attribute": "increment",
	"Item Price": "note",
	"Item Tax Template": "title",
	"Mode of Payment": "type",
	"Monthly Distribution": "fiscal_year",
	"Payment Terms Template": "template_name",
	"Price List": "price_list_name",
	"Pricing Rule": "title",
	"Promotional Scheme": "valid_upto",
	"Coupon Code": "description",
	"Product Bundle": "description",
	"Sales Partner": "commission_rate",
	"Sales Person": "commission_rate",
	"Shipping Rule": "shipping_amount",
	"Sales Taxes and Charges Template": "title",
	"Terms and Conditions": "terms",
	"Quotation Template": "validity_days",
	"Territory": "default_price_list",
	"UOM": "must_be_whole_number",
	"Selling Settings": "default_valid_till",
	"Subscription Plan": "cost",
	"Subscription": "days_until_due",
	"Subscription Settings": "grace_period",
	"Quotation": "remarks",
	"Sales Order": "remarks",
	"Delivery Note": "remarks",
	"Sales Invoice": "remarks",
	"Payment Entry": "remarks",
	"Data Migration": "price_list",
	"Dunning Type": "start_day",
	"Dunning": "contact_email",
	"Payment Reconciliation": "from_invoice_date",
	**{summary: "base_net_amount" for summary in SUMMARIES},
}


def test_the_table_covers_every_document_doctype_of_the_app():
	"""A new DocType must get its row in the table (this reads the list of DocTypes, not their rights)."""
	doctypes = frappe.get_all("DocType", filters={"module": "Sales Flow", "istable": 0}, pluck="name")
	assert sorted(doctypes) == sorted(DOCTYPES)
	assert sorted(d for d in doctypes if frappe.get_meta(d).is_submittable) == sorted(SUBMITTABLE)
	assert set(EXPECTED) == set(ROLES)


def permitted(response: requests.Response) -> bool:
	"""403 is Frappe's PermissionError; 417 is a validation error, raised after the permission check."""
	if response.status_code == 403:
		return False
	if response.status_code in (200, 202, 417):
		return True
	raise AssertionError(
		f"{response.request.method} {response.url}: unexpected {response.status_code} {response.text[:800]}"
	)


class World:
	"""Everything the matrix acts on, committed as Administrator, and one HTTP session per role."""

	def __init__(self, cleanup: list[tuple[str, str]]):
		self.cleanup = cleanup
		self.tag = frappe.generate_hash(length=6)
		self.day0 = add_days("1990-01-01", int(self.tag, 16) % 5000)
		self.setup = sales_setup(tag=self.tag)
		cleanup += self.setup.created
		self.records = self.masters()
		self.drafts: dict[tuple[str, str], str] = {}
		self.submitted: dict[tuple[str, str], str] = {}
		self.users = {
			role: self.user(f"perm-{i}-{self.tag}@test.sales-flow.fr", roles)
			for i, (role, roles) in enumerate(ROLES.items())
		}
		self.users["System Manager"] = self.user(f"perm-sm-{self.tag}@test.sales-flow.fr", ["System Manager"])
		for role in ROLES:
			for doctype in SUBMITTABLE:
				self.drafts[role, doctype] = self.draft(doctype).name
				submitted = self.draft(doctype)
				submitted.submit()
				self.submitted[role, doctype] = submitted.name
		self.records |= self.summary_rows()
		frappe.db.commit()
		self.sessions = {role: self.login(email) for role, email in self.users.items()}
		self.guest = requests.Session()

	def add(self, values: dict) -> str:
		doc = frappe.get_doc(values).insert()
		self.cleanup.append((doc.doctype, doc.name))
		return doc.name

	def first_created(self, doctype: str) -> str:
		return next(name for dt, name in self.setup.created if dt == doctype)

	def masters(self) -> dict[str, str]:
		s, tag = self.setup, self.tag
		return {
			"Company": s.company,
			**self.crm_masters(),
			"Competitor": self.add(
				{"doctype": "Competitor", "competitor_name": f"Test Perm Competitor {tag}"}
			),
			"Quotation Lost Reason": self.add(
				{"doctype": "Quotation Lost Reason", "order_lost_reason": f"Test Perm Reason {tag}"}
			),
			"Currency Exchange": self.add(
				{
					"doctype": "Currency Exchange",
					"date": self.day0,
					"from_currency": "USD",
					"to_currency": "EUR",
					"exchange_rate": 0.9,
				}
			),
			"Customer": s.customer,
			"Customer Group": self.add(
				{
					"doctype": "Customer Group",
					"customer_group_name": f"Test Perm Group {tag}",
					"parent_customer_group": get_root_of("Customer Group"),
				}
			),
			"Item": s.a,
			"Item Attribute": self.add(
				{
					"doctype": "Item Attribute",
					"attribute_name": f"Test Perm Attribute {tag}",
					"item_attribute_values": [{"attribute_value": "Rouge", "abbr": "RGE"}],
				}
			),
			"Item Group": self.add(
				{
					"doctype": "Item Group",
					"item_group_name": f"Test Perm Item Group {tag}",
					"parent_item_group": get_root_of("Item Group"),
				}
			),
			"Item Price": self.first_created("Item Price"),
			"Item Tax Template": self.first_created("Item Tax Template"),
			"Mode of Payment": self.add(
				{"doctype": "Mode of Payment", "mode_of_payment": f"Test Perm {tag}"}
			),
			"Payment Terms Template": self.add(
				{
					"doctype": "Payment Terms Template",
					"template_name": f"Test Perm Terms {tag}",
					"terms": [
						{
							"invoice_portion": 100,
							"due_date_based_on": "Day(s) after invoice date",
							"credit_days": 30,
						}
					],
				}
			),
			"Price List": s.price_list,
			**self.pricing_masters(),
			"Product Bundle": self.bundle_master(),
			"Sales Partner": self.add(
				{"doctype": "Sales Partner", "partner_name": f"Test Perm Partner {tag}", "commission_rate": 5}
			),
			"Monthly Distribution": self.add(
				{
					"doctype": "Monthly Distribution",
					"distribution_id": f"Test Perm Distribution {tag}",
					"percentages": [{"month": "January", "percentage_allocation": 100}],
				}
			),
			"Sales Person": self.add(
				{
					"doctype": "Sales Person",
					"sales_person_name": f"Test Perm Person {tag}",
					"commission_rate": 2,
				}
			),
			"Shipping Rule": self.add(
				{"doctype": "Shipping Rule", "label": f"Test Perm Shipping {tag}", "shipping_amount": 9}
			),
			"Sales Taxes and Charges Template": s.ht,
			"Terms and Conditions": self.add(
				{"doctype": "Terms and Conditions", "title": f"Test Perm CGV {tag}", "terms": "CGV"}
			),
			"Quotation Template": self.add(
				{
					"doctype": "Quotation Template",
					"template_name": f"Test Perm Modèle {tag}",
					"items": [{"item_code": s.a, "qty": 1}],
				}
			),
			"Territory": self.add(
				{
					"doctype": "Territory",
					"territory_name": f"Test Perm Territory {tag}",
					"parent_territory": get_root_of("Territory"),
				}
			),
			"UOM": self.add({"doctype": "UOM", "uom_name": f"Test Perm UOM {tag}"}),
			"Selling Settings": "Selling Settings",
			"Payment Reconciliation": "Payment Reconciliation",
			**self.subscription_masters(),
			"Data Migration": self.add({"doctype": "Data Migration", "company": s.company}),
			**self.dunning_masters(),
		}

	def dunning_masters(self) -> dict[str, str]:
		"""A level of its own, and a late invoice for the dunnings to claim (priced: after 2020)."""
		late = transaction("Sales Invoice", self.setup, [(self.setup.a, 1)], posting_date="2020-06-01")
		late.update({"due_date": "2020-06-01", "set_posting_time": 1})
		late.insert()
		late.submit()
		self.cleanup.append((late.doctype, late.name))
		self.late_invoice = late.name
		level = {"dunning_type": f"Test Perm Level {self.tag}", "start_day": 365}
		return {
			"Dunning Type": self.add({"doctype": "Dunning Type", **level, "dunning_level": self.level(99)})
		}

	def summary_rows(self) -> dict[str, str]:
		"""A row of each sales summary, written by the documents submitted above."""
		company = self.setup.company
		return {summary: frappe.db.get_value(summary, {"company": company}) for summary in SUMMARIES}

	def level(self, n: int) -> int:
		return 1000 + (int(self.tag, 16) % 100000) * 100 + n

	def subscription_masters(self) -> dict[str, str]:
		plan = self.add(
			{
				"doctype": "Subscription Plan",
				"plan_name": f"Test Perm Plan {self.tag}",
				"item": self.setup.a,
				"cost": 10,
				"billing_interval": "Month",
				"billing_interval_count": 1,
			}
		)
		subscription = self.add({"doctype": "Subscription", **self.subscription_body(plan)})
		return {
			"Subscription Plan": plan,
			"Subscription": subscription,
			"Subscription Settings": "Subscription Settings",
		}

	def subscription_body(self, plan: str) -> dict:
		s = self.setup
		return {
			"party_type": "Customer",
			"party": s.customer,
			"company": s.company,
			"start_date": "2024-01-01",
			"plans": [{"plan": plan, "qty": 1}],
		}

	def kit_code(self, n: int) -> str:
		return f"TEST-PERM-KIT-{n}-{self.tag}".upper()

	def bundle_master(self) -> str:
		"""A bundle to read and write, and one unbundled item per role's create attempt (a parent
		item takes one bundle only)."""
		for n in [*range(len(ROLES)), 99]:
			item = {
				"item_code": self.kit_code(n),
				"item_group": get_root_of("Item Group"),
				"stock_uom": "Unit",
			}
			self.add({"doctype": "Item", **item})
		items = [{"item_code": self.setup.a, "qty": 2}]
		return self.add({"doctype": "Product Bundle", "new_item_code": self.setup.c, "items": items})

	def pricing_masters(self) -> dict[str, str]:
		"""A coupon-based rule (it applies to no document without its coupon), its coupon, and a
		disabled promotional scheme."""
		rule = self.add(self.new_pricing_body("Pricing Rule", f"Test Perm Rule {self.tag}"))
		return {
			"Pricing Rule": rule,
			"Promotional Scheme": self.add(
				self.new_pricing_body("Promotional Scheme", f"Test Perm Scheme {self.tag}")
			),
			"Coupon Code": self.add(
				{
					"doctype": "Coupon Code",
					"coupon_name": f"Test Perm Coupon {self.tag}",
					"pricing_rule": rule,
				}
			),
		}

	def new_pricing_body(self, doctype: str, name: str) -> dict:
		company = self.setup.company
		return {
			"Pricing Rule": {
				"doctype": doctype,
				"title": name,
				"apply_on": "Transaction",
				"coupon_code_based": 1,
				"discount_percentage": 1,
				"company": company,
			},
			"Promotional Scheme": {
				"doctype": doctype,
				"__newname": name,
				"name": name,
				"apply_on": "Transaction",
				"disable": 1,
				"company": company,
				"price_discount_slabs": [{"min_amount": 1000000, "discount_percentage": 1}],
			},
		}[doctype]

	def crm_masters(self) -> dict[str, str]:
		tag = self.tag
		lead = self.add({"doctype": "Lead", "lead_name": f"Test Perm Lead {tag}"})
		return {
			"Campaign": self.add({"doctype": "Campaign", "campaign_name": f"Test Perm Campaign {tag}"}),
			"Lead": lead,
			"Lead Source": self.add({"doctype": "Lead Source", "source_name": f"Test Perm Source {tag}"}),
			"Opportunity": self.add(
				{"doctype": "Opportunity", "opportunity_from": "Lead", "party_name": lead}
			),
			"Opportunity Lost Reason": self.add(
				{"doctype": "Opportunity Lost Reason", "lost_reason": f"Test Perm Lost {tag}"}
			),
			"Sales Stage": self.add({"doctype": "Sales Stage", "stage_name": f"Test Perm Stage {tag}"}),
		}

	def user(self, email: str, roles: list[str]) -> str:
		make_user(roles, email=email)
		update_password(email, PASSWORD)
		self.cleanup.append(("User", email))
		return email

	def draft(self, doctype: str):
		if doctype in ("Payment Entry", "Dunning"):
			doc = frappe.get_doc(self.new_doc_body(doctype, 0) | {"doctype": doctype})
		else:
			doc = transaction(doctype, self.setup, [(self.setup.a, 1)])
		doc.insert()
		self.cleanup.append((doc.doctype, doc.name))
		return doc

	def login(self, email: str) -> requests.Session:
		http = requests.Session()
		response = http.post(f"{URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}, timeout=30)
		assert response.status_code == 200, response.text
		return http

	def new_doc_body(self, doctype: str, n: int) -> dict:
		"""A minimal valid new document; `n` keeps the names of the roles' attempts apart."""
		s, name = self.setup, f"Test Perm New {n} {self.tag}"
		lines = [{"item_code": s.a, "qty": 1}]
		sale = {"company": s.company, "taxes_and_charges": s.ht, "items": lines}
		return {
			"Company": {
				"company_name": name,
				"abbr": f"TPN{n}{self.tag}".upper(),
				"default_currency": "EUR",
				"country": "France",
			},
			"Currency Exchange": {
				"date": add_days(self.day0, n + 1),
				"from_currency": "USD",
				"to_currency": "EUR",
				"exchange_rate": 0.9,
			},
			"Customer": {"customer_name": name, "customer_type": "Company"},
			"Campaign": {"campaign_name": name},
			"Lead": {"lead_name": name},
			"Lead Source": {"source_name": name},
			"Opportunity": {"opportunity_from": "Lead", "party_name": self.records["Lead"]},
			"Opportunity Lost Reason": {"lost_reason": name},
			"Sales Stage": {"stage_name": name},
			"Subscription Plan": {
				"plan_name": name,
				"item": s.a,
				"cost": 10,
				"billing_interval": "Month",
				"billing_interval_count": 1,
			},
			"Subscription": self.subscription_body(self.records["Subscription Plan"]),
			"Competitor": {"competitor_name": name},
			"Quotation Lost Reason": {"order_lost_reason": name},
			"Customer Group": {
				"customer_group_name": name,
				"parent_customer_group": get_root_of("Customer Group"),
			},
			"Item": {
				"item_code": name,
				"item_name": name,
				"item_group": get_root_of("Item Group"),
				"stock_uom": "Unit",
			},
			"Item Group": {"item_group_name": name, "parent_item_group": get_root_of("Item Group")},
			"Item Attribute": {
				"attribute_name": name,
				"item_attribute_values": [{"attribute_value": "Rouge", "abbr": "RGE"}],
			},
			"Item Price": {
				"item_code": s.b,
				"price_list": s.price_list,
				"uom": "Box",
				"price_list_rate": 10,
				"valid_from": add_days("2021-01-01", n),
			},
			"Item Tax Template": {"title": name, "taxes": [{"tax_type": "TVA 20", "tax_rate": 20}]},
			"Mode of Payment": {"mode_of_payment": name},
			"Monthly Distribution": {
				"distribution_id": name,
				"percentages": [{"month": "January", "percentage_allocation": 100}],
			},
			"Payment Terms Template": {
				"template_name": name,
				"terms": [{"invoice_portion": 100, "due_date_based_on": "Day(s) after invoice date"}],
			},
			"Price List": {"price_list_name": name, "currency": "EUR", "selling": 1},
			"Pricing Rule": self.new_pricing_body("Pricing Rule", name),
			"Promotional Scheme": self.new_pricing_body("Promotional Scheme", name),
			"Coupon Code": {"coupon_name": name, "pricing_rule": self.records["Pricing Rule"]},
			"Product Bundle": {"new_item_code": self.kit_code(n), "items": [{"item_code": s.a, "qty": 1}]},
			"Sales Partner": {"partner_name": name, "commission_rate": 5},
			"Sales Person": {"sales_person_name": name},
			"Shipping Rule": {"label": name, "shipping_amount": 9},
			"Sales Taxes and Charges Template": {
				"title": name,
				"company": s.company,
				"taxes": [
					{
						"charge_type": "On Net Total",
						"account_head": "TVA 20",
						"description": "TVA",
						"rate": 20,
					}
				],
			},
			"Terms and Conditions": {"title": name, "terms": "CGV"},
			"Quotation Template": {"template_name": name, "items": lines},
			"Territory": {"territory_name": name, "parent_territory": get_root_of("Territory")},
			"UOM": {"uom_name": name},
			"Quotation": {
				"quotation_to": "Customer",
				"party_name": s.customer,
				"transaction_date": nowdate(),
				**sale,
			},
			"Sales Order": {
				"customer": s.customer,
				"transaction_date": nowdate(),
				"delivery_date": add_days(nowdate(), 10),
				**sale,
			},
			"Delivery Note": {"customer": s.customer, **sale},
			"Sales Invoice": {"customer": s.customer, **sale},
			"Data Migration": {"company": s.company},
			"Dunning Type": {"dunning_type": name, "dunning_level": self.level(n), "start_day": 365},
			"Dunning": {
				"customer": s.customer,
				"company": s.company,
				"overdue_payments": [{"sales_invoice": self.late_invoice}],
			},
			**{summary: {"company": s.company, "base_net_amount": 1} for summary in SUMMARIES},
			"Payment Entry": {
				"payment_type": "Receive",
				"party_type": "Customer",
				"party": s.customer,
				"company": s.company,
				"paid_amount": 10,
			},
		}[doctype]

	# --- the checks, through HTTP -------------------------------------------------------------------

	def rights(self, role: str, doctype: str) -> set[str]:
		http, n = self.sessions[role], list(self.sessions).index(role)
		submittable = doctype in SUBMITTABLE
		record = self.drafts[role, doctype] if submittable else self.records[doctype]
		got = set()

		one = permitted(http.get(self.url(doctype, record), timeout=30))
		# a single DocType has no list: its one record is all there is to read
		listed = one if doctype in SINGLES else permitted(http.get(self.url(doctype), timeout=30))
		if one and listed:
			got.add("read")
		elif one or listed:
			got.add("read (only one record)" if one else "read (only the list)")

		if doctype not in SINGLES:
			created = http.post(self.url(doctype), json=self.new_doc_body(doctype, n), timeout=60)
			if created.status_code == 200:
				self.cleanup.append((doctype, created.json()["data"]["name"]))
			if permitted(created):
				got.add("create")

		field = WRITE_FIELD[doctype]
		value = frappe.get_doc(doctype, record).get(field)  # typed (a single's db value is a string)
		if permitted(http.put(self.url(doctype, record), json={field: value}, timeout=60)):
			got.add("write")

		if submittable:
			if permitted(http.put(self.url(doctype, record), json={"docstatus": 1}, timeout=60)):
				got.add("submit")
			cancelled = http.put(
				self.url(doctype, self.submitted[role, doctype]), json={"docstatus": 2}, timeout=60
			)
			if permitted(cancelled):
				got.add("cancel")
		return got

	@staticmethod
	def url(doctype: str, name: str | None = None) -> str:
		return f"{URL}/api/resource/{doctype}" + (f"/{name}" if name else "")


@pytest.fixture(scope="module")
def world():
	with committed_cleanup() as cleanup:
		world = World(cleanup)
		try:
			yield world
		finally:
			for http in [*world.sessions.values(), world.guest]:
				http.close()


@pytest.mark.parametrize("doctype", DOCTYPES)
@pytest.mark.parametrize("role", list(ROLES))
def test_rights_of_each_role_over_rest(world, role, doctype):
	expected = EXPECTED[role][doctype]
	got = world.rights(role, doctype)
	assert (
		got == expected
	), f"{role} on {doctype}: missing {sorted(expected - got) or '-'}, unexpected {sorted(got - expected) or '-'}"


def test_only_system_and_master_managers_change_the_selling_settings(world):
	assert world.rights("System Manager", SINGLE) == {"read", "write"}
	writers = {role for role in ROLES if "write" in EXPECTED[role][SINGLE]}
	assert writers == {"Sales Master Manager"}
	readers = {role for role in ROLES if "read" in EXPECTED[role][SINGLE]}
	assert readers == {"Sales User", "Sales Manager", "Sales Master Manager", "Accounts User"}


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_guest_gets_nothing(world, doctype):
	http = world.guest
	record = world.drafts["Sales User", doctype] if doctype in SUBMITTABLE else world.records[doctype]
	responses = [http.get(world.url(doctype, record), timeout=30)]
	if doctype not in SINGLES:
		responses.append(http.get(world.url(doctype), params={"limit_page_length": 0}, timeout=30))
		body = world.new_doc_body(doctype, 99)
		responses.append(http.post(world.url(doctype), json=body, timeout=30))
	for response in responses:
		assert response.status_code == 403, (response.request.method, response.url, response.text[:500])
		assert "data" not in response.json()
		if doctype not in SINGLES:
			assert record not in response.text
	if doctype not in SINGLES:
		frappe.db.rollback()  # a fresh snapshot, to see what the server committed
		assert not frappe.db.exists(doctype, {"owner": "Guest"})
