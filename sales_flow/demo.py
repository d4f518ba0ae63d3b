"""Deterministic demo data: a French company selling in EUR with 20 / 10 / 5.5 % VAT.

`make_demo(scale=1)` is idempotent and additive: running it again creates only what is missing, and
a larger scale adds customers and items up to the new counts (scale 100 gives 1,200 customers and
2,000 items). The same seed always gives the same records, so benchmarks compare like with like.
It then replays six months of sales (40 quotations per unit of scale, with their orders, deliveries,
invoices and payments) through the real "Create ..." mappers, so the desk looks lived in.

    bench --site SITE execute sales_flow.demo.make_demo --kwargs "{'scale': 10}"
"""

import heapq
import itertools
import random
import unicodedata
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest.mock import patch

import frappe
import frappe.model.naming
import frappe.utils.data
from frappe.model.document import Document
from frappe.utils import flt, getdate

from sales_flow.engine.jobs import TIME_BASED
from sales_flow.engine.progress import refresh_parent
from sales_flow.sales_flow.doctype.delivery_note.delivery_note import make_sales_invoice as invoice_delivery
from sales_flow.sales_flow.doctype.payment_entry.payment_entry import get_payment_entry
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_delivery_note as deliver_invoice
from sales_flow.sales_flow.doctype.sales_invoice.sales_invoice import make_sales_return
from sales_flow.sales_flow.doctype.sales_order.sales_order import (
	make_delivery_note,
	make_down_payment_invoice,
	make_sales_invoice,
)
from sales_flow.sales_flow.doctype.selling_settings.selling_settings import get_selling_settings
from sales_flow.sales_flow.identifiers import french_vat_key

COMPANY = "Atelier Démo SAS"
ABBR = "ADS"
SIREN = "812345676"
SEED = 20261123
DEMO_PASSWORD = "demo-password"
PRICES_VALID_FROM = "2026-01-01"

VAT_ACCOUNTS = {
	20.0: "44571 TVA collectée 20 %",
	10.0: "44571 TVA collectée 10 %",
	5.5: "44571 TVA collectée 5,5 %",
}
ITEM_TAX_TEMPLATES = {rate: f"TVA {str(rate).replace('.0', '').replace('.', ',')} %" for rate in VAT_ACCOUNTS}

CUSTOMER_GROUPS = ("Entreprises", "Particuliers", "Administrations", "Revendeurs")
BUSINESS_GROUPS = ("Entreprises", "Entreprises", "Administrations", "Revendeurs")
TERRITORIES = {
	"France": ("Auvergne-Rhône-Alpes", "Île-de-France", "Occitanie", "Nouvelle-Aquitaine", "Hauts-de-France"),
	"Europe": ("Belgique", "Suisse", "Allemagne"),
}
PRICE_LISTS = ("Tarif général", "Tarif revendeurs")

# item group -> (VAT rate, unit, [(code, name, price)])
CATALOGUE = {
	"Services": (
		20.0,
		"Hour",
		[("CONSEIL", "Conseil", 95.0), ("FORMATION", "Formation", 120.0), ("INSTALL", "Installation", 75.0)],
	),
	"Matériel": (
		20.0,
		"Unit",
		[
			("ECRAN-27", "Écran 27 pouces", 249.0),
			("CLAVIER", "Clavier sans fil", 39.9),
			("SOURIS", "Souris ergonomique", 24.5),
			("STATION", "Station d'accueil", 159.0),
		],
	),
	"Travaux de rénovation": (
		10.0,
		"Meter",
		[("CABLAGE", "Câblage réseau posé", 18.0), ("GOULOTTE", "Goulotte posée", 12.5)],
	),
	"Alimentation": (
		5.5,
		"Unit",
		[("CAFE-1KG", "Café en grains 1 kg", 17.9), ("THE-BIO", "Thé bio (boîte)", 8.4)],
	),
	"Livres": (5.5, "Unit", [("GUIDE-RGPD", "Guide pratique du RGPD", 29.0)]),
}
FIRST_NAMES = (
	"Camille",
	"Louis",
	"Léa",
	"Hugo",
	"Chloé",
	"Arthur",
	"Manon",
	"Jules",
	"Inès",
	"Gabriel",
	"Zoé",
	"Lucas",
)
LAST_NAMES = (
	"Martin",
	"Bernard",
	"Dubois",
	"Thomas",
	"Robert",
	"Richard",
	"Petit",
	"Durand",
	"Leroy",
	"Moreau",
)
TRADES = (
	"Boulangerie",
	"Cabinet",
	"Garage",
	"Imprimerie",
	"Menuiserie",
	"Pharmacie",
	"Agence",
	"Atelier",
	"Librairie",
)
CITIES = (
	("Lyon", "69002", "Auvergne-Rhône-Alpes"),
	("Grenoble", "38000", "Auvergne-Rhône-Alpes"),
	("Paris", "75011", "Île-de-France"),
	("Versailles", "78000", "Île-de-France"),
	("Toulouse", "31000", "Occitanie"),
	("Montpellier", "34000", "Occitanie"),
	("Bordeaux", "33000", "Nouvelle-Aquitaine"),
	("Lille", "59000", "Hauts-de-France"),
	("Bruxelles", "1000", "Belgique"),
	("Genève", "1201", "Suisse"),
)
STREETS = (
	"rue de la République",
	"avenue Jean Jaurès",
	"place du Marché",
	"rue Victor Hugo",
	"boulevard Pasteur",
)

DEMO_USERS = {
	"commercial@demo.sales-flow.fr": ("Sophie", "Commerciale", ["Sales User"]),
	"direction.ventes@demo.sales-flow.fr": ("Marc", "Directeur", ["Sales User", "Sales Manager"]),
	"referentiel@demo.sales-flow.fr": ("Nadia", "Référentiel", ["Sales User", "Sales Master Manager"]),
	"comptable@demo.sales-flow.fr": ("Paul", "Comptable", ["Accounts User"]),
}


FRENCH_SYSTEM_SETTINGS = {
	"language": "fr",
	"country": "France",
	"time_zone": "Europe/Paris",
	"currency": "EUR",
	"date_format": "dd/mm/yyyy",
	"number_format": "# ###,##",
	"first_day_of_the_week": "Monday",
	"float_precision": "3",
	"currency_precision": "2",
}


def complete_setup() -> None:
	"""What Frappe's setup wizard does for a French firm, for the sites our scripts create.

	Until setup is complete the desk sends every user but the Administrator to the wizard."""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	settings = frappe.get_single("System Settings")
	settings.update(FRENCH_SYSTEM_SETTINGS)
	settings.setup_complete = 1
	settings.save(ignore_permissions=True)
	frappe.db.set_default("desktop:home_page", "workspace")
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	frappe.db.commit()


def make_demo(scale: int = 1, commit: bool = True) -> dict:
	"""Create what is missing of the demo data set; returns the counts.

	`commit=False` leaves everything in the caller's transaction (the tests roll it back)."""
	scale = max(1, int(scale))
	rng = random.Random(SEED)
	make_company()
	make_taxes()
	make_payment_terms()
	make_terms()
	make_price_lists()
	make_trees()
	make_settings()
	items = make_items(scale, rng)
	customers = make_customers(scale, random.Random(SEED + 1))
	make_users()
	make_feature_masters()
	counts = {"customers": customers, "items": items, "item_prices": frappe.db.count("Item Price")}
	print(f"demo data ready: {counts}")
	counts["transactions"] = make_demo_transactions(scale)
	if commit:
		frappe.db.commit()
	return counts


def insert(doc: dict) -> "frappe.model.document.Document":
	return frappe.get_doc(doc).insert(ignore_permissions=True)


def ensure(doctype: str, name: str, doc: dict) -> None:
	if not frappe.db.exists(doctype, name):
		insert({"doctype": doctype, **doc})


def make_company() -> None:
	ensure(
		"Company",
		COMPANY,
		{
			"company_name": COMPANY,
			"abbr": ABBR,
			"default_currency": "EUR",
			"country": "France",
			"legal_form": "SAS",
			"share_capital": 50000,
			"siren": SIREN,
			"siret": SIREN + "00009",
			"tax_id": f"FR{french_vat_key(SIREN):02d}{SIREN}",
			"rcs": "RCS Lyon B 812 345 676",
			"naf_code": "6202A",
			"address_line1": "24 rue de la République",
			"pincode": "69002",
			"city": "Lyon",
			"phone_no": "04 78 00 00 00",
			"email": "contact@demo.sales-flow.fr",
			"website": "https://demo.sales-flow.fr",
			"bank_details": "IBAN FR76 3000 6000 0112 3456 7890 189 - BIC AGRIFRPP",
		},
	)
	frappe.defaults.set_global_default("company", COMPANY)


def make_taxes() -> None:
	for rate, title in ITEM_TAX_TEMPLATES.items():
		ensure(
			"Item Tax Template",
			title,
			{
				"title": title,
				"company": COMPANY,
				"taxes": [
					{"tax_type": account, "tax_rate": rate if r == rate else 0}
					for r, account in VAT_ACCOUNTS.items()
				],
			},
		)
	templates = {
		"TVA France": (0, 1),
		"TVA France TTC": (1, 0),
	}
	for title, (included, is_default) in templates.items():
		ensure(
			"Sales Taxes and Charges Template",
			f"{title} - {ABBR}",
			{
				"title": title,
				"company": COMPANY,
				"is_default": is_default,
				"taxes": [
					{
						"charge_type": "On Net Total",
						"account_head": account,
						"description": f"TVA {str(rate).replace('.0', '').replace('.', ',')} %",
						"rate": rate if rate == 20.0 else 0,
						"included_in_print_rate": included,
					}
					for rate, account in VAT_ACCOUNTS.items()
				],
			},
		)
	ensure(
		"Sales Taxes and Charges Template",
		f"Autoliquidation UE - {ABBR}",
		{
			"title": "Autoliquidation UE",
			"company": COMPANY,
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": "44571 TVA autoliquidée",
					"description": "Autoliquidation - article 283-2 du CGI",
					"rate": 0,
				}
			],
		},
	)


def make_payment_terms() -> None:
	templates = {
		"Comptant": [("Day(s) after invoice date", 0, 0, 100)],
		"30 jours": [("Day(s) after invoice date", 30, 0, 100)],
		"45 jours fin de mois": [("Day(s) after the end of the invoice month", 45, 0, 100)],
		"Acompte 30 % et solde à 30 jours": [
			("Day(s) after invoice date", 0, 0, 30),
			("Day(s) after invoice date", 30, 0, 70),
		],
	}
	for name, rows in templates.items():
		ensure(
			"Payment Terms Template",
			name,
			{
				"template_name": name,
				"terms": [
					{
						"due_date_based_on": based_on,
						"credit_days": days,
						"credit_months": months,
						"invoice_portion": portion,
					}
					for based_on, days, months, portion in rows
				],
			},
		)


def make_terms() -> None:
	ensure(
		"Terms and Conditions",
		"Conditions générales de vente",
		{
			"title": "Conditions générales de vente",
			"selling": 1,
			"terms": (
				"<p>Offre valable jusqu'au {{ frappe.utils.formatdate(valid_till) if valid_till else '' }}.</p>"
				"<p>Paiement à réception de facture. Tout retard de paiement entraîne des pénalités au taux de 10 % "
				"et une indemnité forfaitaire de 40 € pour frais de recouvrement (art. L441-10 du Code de commerce).</p>"
			),
		},
	)


def make_trees() -> None:
	for group in CUSTOMER_GROUPS:
		ensure(
			"Customer Group",
			group,
			{
				"customer_group_name": group,
				"parent_customer_group": "All Customer Groups",
				"default_price_list": "Tarif revendeurs" if group == "Revendeurs" else None,
			},
		)
	for region, children in TERRITORIES.items():
		ensure(
			"Territory",
			region,
			{"territory_name": region, "parent_territory": "All Territories", "is_group": 1},
		)
		for child in children:
			ensure("Territory", child, {"territory_name": child, "parent_territory": region})
	for group in CATALOGUE:
		ensure("Item Group", group, {"item_group_name": group, "parent_item_group": "All Item Groups"})


def make_price_lists() -> None:
	for name in PRICE_LISTS:
		ensure("Price List", name, {"price_list_name": name, "currency": "EUR", "selling": 1})


def make_settings() -> None:
	settings = frappe.get_single("Selling Settings")
	settings.update(
		{
			"customer_group": "Entreprises",
			"territory": "Auvergne-Rhône-Alpes",
			"selling_price_list": "Tarif général",
			"default_valid_till": 30,
			"follow_up_delay_days": 7,
		}
	)
	settings.save(ignore_permissions=True)


def catalogue_rows(scale: int) -> list[tuple]:
	"""The base catalogue, then numbered variants of it up to 20 items per unit of scale."""
	base = [
		(group, rate, uom, code, name, price)
		for group, (rate, uom, rows) in CATALOGUE.items()
		for code, name, price in rows
	]
	rows = list(base)
	variant = 2
	while len(rows) < 20 * scale:
		for group, rate, uom, code, name, price in base:
			if len(rows) >= 20 * scale:
				break
			rows.append(
				(
					group,
					rate,
					uom,
					f"{code}-{variant:04d}",
					f"{name} (modèle {variant})",
					round(price * (1 + variant % 7 / 10), 2),
				)
			)
		variant += 1
	return rows


def make_items(scale: int, rng: random.Random) -> int:
	for group, rate, uom, code, name, price in catalogue_rows(scale):
		if frappe.db.exists("Item", code):
			continue
		insert(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": name,
				"description": name,
				"item_group": group,
				"stock_uom": uom,
				"standard_rate": price,
				"max_discount": 30 if group == "Services" else 15,
				"item_tax_template": ITEM_TAX_TEMPLATES[rate],
				"weight_per_unit": 0 if group == "Services" else round(0.2 + rng.random() * 5, 2),
				"weight_uom": None if group == "Services" else "Kg",
			}
		)
		for price_list, factor in (("Tarif général", 1.0), ("Tarif revendeurs", 0.85)):
			insert(
				{
					"doctype": "Item Price",
					"item_code": code,
					"price_list": price_list,
					"uom": uom,
					"price_list_rate": round(price * factor, 2),
					"valid_from": getdate(PRICES_VALID_FROM),
				}
			)
	return frappe.db.count("Item")


def customer_rows(scale: int, rng: random.Random) -> list[dict]:
	rows = []
	for i in range(12 * scale):
		first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
		city, pincode, territory = CITIES[i % len(CITIES)]
		individual = i % 4 == 1
		group = "Particuliers" if individual else BUSINESS_GROUPS[i % len(BUSINESS_GROUPS)]
		name = f"{first} {last}" if individual else f"{rng.choice(TRADES)} {last} {city}"
		rows.append(
			{
				"code": f"{i + 1:05d}",
				"customer_name": f"{name} ({i + 1:05d})" if i >= 12 else name,
				"customer_type": "Individual" if individual else "Company",
				"customer_group": group,
				"territory": territory,
				"payment_terms": None
				if individual
				else ("30 jours", "45 jours fin de mois", "Comptant")[i % 3],
				"first_name": first,
				"last_name": last,
				"email": ascii_email(f"{first}.{last}.{i + 1}@client.demo.sales-flow.fr"),
				"phone": f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
				"address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
				"city": city,
				"pincode": pincode,
				"country": {"Belgique": "Belgium", "Suisse": "Switzerland"}.get(territory, "France"),
			}
		)
	return rows


def ascii_email(address: str) -> str:
	"""Léa -> lea: accents are not valid in the local part of an address."""
	return unicodedata.normalize("NFKD", address).encode("ascii", "ignore").decode().lower()


def make_customers(scale: int, rng: random.Random) -> int:
	for row in customer_rows(scale, rng):
		if frappe.db.exists("Customer", row["customer_name"]):
			continue
		customer = insert(
			{
				"doctype": "Customer",
				"customer_name": row["customer_name"],
				"customer_type": row["customer_type"],
				"customer_group": row["customer_group"],
				"territory": row["territory"],
				"payment_terms": row["payment_terms"],
				"language": "fr",
			}
		)
		link = [{"link_doctype": "Customer", "link_name": customer.name}]
		contact = insert(
			{
				"doctype": "Contact",
				"first_name": row["first_name"],
				"last_name": row["last_name"],
				"email_ids": [{"email_id": row["email"], "is_primary": 1}],
				"phone_nos": [{"phone": row["phone"], "is_primary_mobile_no": 1}],
				"is_primary_contact": 1,
				"links": link,
			}
		)
		address = insert(
			{
				"doctype": "Address",
				"address_title": customer.customer_name,
				"address_type": "Billing",
				"address_line1": row["address"],
				"city": row["city"],
				"pincode": row["pincode"],
				"country": row["country"],
				"is_primary_address": 1,
				"is_shipping_address": 1,
				"links": link,
			}
		)
		customer.customer_primary_contact = contact.name
		customer.customer_primary_address = address.name
		customer.save(ignore_permissions=True)
	return frappe.db.count("Customer")


def make_users() -> None:
	for email, (first, last, roles) in DEMO_USERS.items():
		if not frappe.db.exists("User", email):
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": first,
					"last_name": last,
					"language": "fr",
					"default_workspace": "Ventes",
					"send_welcome_email": 0,
					"new_password": DEMO_PASSWORD,
				}
			)
			user.flags.no_welcome_mail = True
			user.insert(ignore_permissions=True)
			user.add_roles(*roles)


def make_feature_masters() -> None:
	from sales_flow.demo_features import make_feature_masters as make  # it builds on this module

	make()


def start_feature_stories(replay: "Replay", unit: int, first_day: date) -> None:
	from sales_flow.demo_features import start_feature_stories as start

	start(replay, unit, first_day)


# --- transactions: six months of sales, replayed day by day ------------------------------------------

HT_TAXES = f"TVA France - {ABBR}"
TTC_TAXES = f"TVA France TTC - {ABBR}"
MODE_OF_PAYMENT = "Bank Transfer"
TRANSACTION_DOCTYPES = ("Quotation", "Sales Order", "Delivery Note", "Sales Invoice", "Payment Entry")

# a story yields the days until its next step; some return the document they ended with
Story = Generator[int, None, Document | None]


class Replay:
	"""Sales stories told in date order, with Frappe's clock set to each day as it comes.

	Steps of all stories run in date order, so document numbers follow document dates (French
	invoices are numbered chronologically); a step due after today happens some day until today."""

	def __init__(self, rng: random.Random, today: date, customers: list[dict], items: list[tuple]):
		self.rng = rng
		self.today = today
		self.customers = customers
		self.items = items
		self.validity = int(get_selling_settings().default_valid_till or 0)
		self.queue: list[tuple[date, int, Story]] = []
		self.sequence = itertools.count()
		self.real_now = frappe.utils.data.now_datetime
		self.moment: datetime | None = None
		self.day: date | None = None
		self.steps_today = 0

	# --- running the stories

	def start(self, day: date, story: Story) -> None:
		heapq.heappush(self.queue, (day, next(self.sequence), story))

	def run(self) -> None:
		with self.clock():
			while self.queue:
				day, _, story = heapq.heappop(self.queue)
				self.move_to(day)
				wait = next(story, None)
				if wait is None:
					continue
				if day + timedelta(days=wait) > self.today:
					# recent stories go faster rather than all ending today
					wait = self.days(0, (self.today - day).days)
				self.start(day + timedelta(days=wait), story)

	@contextmanager
	def clock(self) -> Iterator[None]:
		"""Frappe's "now" is the replayed day: statuses, defaults, timestamps and numbering read as they
		did then (a quotation ordered while valid is not refused as expired today)."""
		with (
			patch.object(frappe.utils.data, "now_datetime", self.now),
			patch.object(frappe.model.naming, "now_datetime", self.now),
		):
			yield

	def now(self) -> datetime:
		return self.moment or self.real_now()

	def move_to(self, day: date) -> None:
		if day != self.day:
			self.day, self.steps_today = day, 0
		self.steps_today += 1
		# office hours, a few minutes between steps, never after the real now; microseconds never 0, or
		# the timestamp reads back without them and Frappe takes the document for modified meanwhile
		step = timedelta(seconds=min(self.steps_today * 420, 36000 + self.steps_today), microseconds=1)
		self.moment = min(datetime.combine(day, time(8, 30)) + step, self.real_now())

	# --- choices

	def days(self, least: int, most: int) -> int:
		return self.rng.randint(least, most)

	def customer(self, terms: tuple | None) -> dict:
		"""Any customer, or one whose payment terms are among `terms` (None: a private customer's)."""
		return self.rng.choice([c for c in self.customers if terms is None or c["terms"] in terms])

	def order_delay(self) -> int:
		"""Ordered while the quotation is valid."""
		return min(self.days(2, 20), max(self.validity - 1, 0))

	def payment_delay(self, invoice: Document) -> int:
		"""Paid about when due, some customers early, some late; cash terms within days."""
		posted = getdate(invoice.posting_date)
		term = (getdate(invoice.due_date) - posted).days
		paid_on = posted + timedelta(days=max(0, term + self.days(-12, 6)) if term else self.days(0, 3))
		return max(0, (paid_on - self.day).days)

	# --- documents, all through the mappers

	def quotation(self, customer: dict) -> Document:
		private = customer["group"] == "Particuliers"
		chosen = self.rng.sample(self.items, self.days(2, min(8, len(self.items))))
		doc = frappe.get_doc(
			{
				"doctype": "Quotation",
				"quotation_to": "Customer",
				"party_name": customer["name"],
				"company": COMPANY,
				"transaction_date": self.day,
				"taxes_and_charges": TTC_TAXES if private else HT_TAXES,
				"items": [self.line(item, private) for item in chosen],
			}
		)
		if not private and self.rng.random() < 0.2:
			doc.apply_discount_on = "Net Total"
			doc.additional_discount_percentage = self.rng.choice((2, 3, 5))
		return submit(doc)

	def line(self, item: tuple, private: bool) -> dict:
		_group, vat, uom, code, _name, price = item
		# private customers buy less
		if uom == "Hour":
			qty = self.rng.choice((1, 2, 3) if private else (2, 4, 7, 8, 14, 21))
		elif uom == "Meter":
			qty = self.rng.randrange(5, 40 if private else 160, 5)
		else:
			qty = self.days(1, 3 if private else 12)
		row = {"item_code": code, "qty": qty}
		if self.rng.random() < 0.25:
			row["discount_percentage"] = self.rng.choice((5, 10, 15))
		if private:
			# quoted with VAT included: the general list's price (without VAT), shown with it
			row["price_list_rate"] = round(price * (1 + vat / 100), 2)
		return row

	def order(self, quotation: Document, part: bool = False) -> Document:
		order = make_sales_order(quotation.name)
		if part:
			take_part(order)
		order.transaction_date = self.day
		order.delivery_date = min(self.day + timedelta(days=self.days(5, 20)), self.today)
		if quotation.customer_group != "Particuliers":
			order.po_no = f"BC-{self.day:%y%m}-{self.days(100, 999)}"
		return submit(order)

	def deliver(self, source: Document, part: bool = False) -> Document:
		make = make_delivery_note if source.doctype == "Sales Order" else deliver_invoice
		delivery = make(source.name)
		if part:
			take_part(delivery)
		delivery.posting_date = self.day
		return submit(delivery)

	def invoice(self, source: Document) -> Document:
		make = make_sales_invoice if source.doctype == "Sales Order" else invoice_delivery
		invoice = make(source.name)
		invoice.posting_date = self.day
		return submit(invoice)

	def down_payment(self, order: Document) -> Document:
		invoice = make_down_payment_invoice(order.name, 30)
		invoice.posting_date = self.day
		return submit(invoice)

	def credit_note(self, invoice: Document) -> Document:
		"""Part of the first line comes back."""
		credit = make_sales_return(invoice.name)
		credit.items = credit.items[:1]
		credit.items[0].qty = -max(1, abs(flt(credit.items[0].qty)) // 3)
		credit.posting_date = self.day
		return submit(credit)

	def pay(self, doc: Document, share: float = 1) -> Document:
		"""A bank transfer for `share` of what is open on an invoice, or of an order's total (an advance)."""
		amount = None
		if share < 1:
			base = (
				frappe.db.get_value("Sales Invoice", doc.name, "outstanding_amount")
				if doc.doctype == "Sales Invoice"
				else doc.rounded_total or doc.grand_total
			)
			amount = round(flt(base) * share, 2)
		payment = get_payment_entry(doc.doctype, doc.name, party_amount=amount)
		payment.update(
			{
				"posting_date": self.day,
				"reference_date": self.day,
				"mode_of_payment": MODE_OF_PAYMENT,
				"reference_no": f"VIR-{self.day:%Y%m%d}-{self.days(100000, 999999)}",
			}
		)
		return submit(payment)

	def set_order_status(self, order: Document, status: str) -> None:
		order.reload()
		order.update_status(status)


def submit(doc: Document) -> Document:
	doc.insert(ignore_permissions=True)
	doc.submit()
	return doc


def take_part(doc: Document) -> None:
	"""Part of a mapped draft: the first half of its lines, the first of those halved when it can be."""
	doc.items = doc.items[: (len(doc.items) + 1) // 2]
	for row in doc.items:
		if flt(row.qty) >= 2:
			row.qty = flt(row.qty) // 2
			break


# --- the stories ---------------------------------------------------------------------------------------


def quotation_only(r: Replay, customer: dict) -> Story:
	r.quotation(customer)
	yield from ()


def ordered(r: Replay, customer: dict) -> Story:
	"""A quotation, and its order a few days later."""
	quotation = r.quotation(customer)
	yield r.order_delay()
	return r.order(quotation)


def settle(r: Replay, invoice: Document, payment: str) -> Story:
	"""Paid in full ("paid"), 40 % of it ("partly"), or not yet ("unpaid")."""
	if payment == "unpaid":
		return
	yield r.payment_delay(invoice)
	r.pay(invoice, 0.4 if payment == "partly" else 1)


def fulfil(r: Replay, order: Document, invoice_first: bool, payment: str = "paid") -> Story:
	"""Delivered and invoiced, in either order of steps, then settled; returns the invoice."""
	if invoice_first:
		yield r.days(0, 5)
		invoice = r.invoice(order)
		yield r.days(1, 10)
		r.deliver(r.rng.choice((order, invoice)))
	else:
		yield r.days(3, 15)
		delivery = r.deliver(order)
		yield r.days(0, 7)
		invoice = r.invoice(delivery)
	yield from settle(r, invoice, payment)
	return invoice


def cycle(payment: str, invoice_first: bool | None = None) -> Callable[[Replay, dict], Story]:
	"""The whole cycle, settled as `payment` says; invoice_first None draws the order of steps."""

	def story(r: Replay, customer: dict) -> Story:
		order = yield from ordered(r, customer)
		first = r.rng.random() < 0.5 if invoice_first is None else invoice_first
		yield from fulfil(r, order, first, payment)

	return story


def split_order(r: Replay, customer: dict) -> Story:
	"""Ordered in two goes, the second order taking what the first left; both fulfilled."""
	quotation = r.quotation(customer)
	yield r.order_delay()
	r.start(r.day, fulfil(r, r.order(quotation, part=True), invoice_first=True))
	yield r.days(7, 20)
	yield from fulfil(r, r.order(quotation), invoice_first=False)


def partial_order(r: Replay, customer: dict) -> Story:
	"""Only part of the quotation is ordered: it stays Partially Ordered."""
	quotation = r.quotation(customer)
	yield r.order_delay()
	yield from fulfil(r, r.order(quotation, part=True), r.rng.random() < 0.5)


def partly_delivered(r: Replay, customer: dict) -> Story:
	"""Half delivered and that half invoiced and paid: To Deliver and Bill."""
	order = yield from ordered(r, customer)
	yield r.days(3, 12)
	delivery = r.deliver(order, part=True)
	yield r.days(0, 5)
	yield from settle(r, r.invoice(delivery), "paid")


def delivered_not_invoiced(r: Replay, customer: dict) -> Story:
	order = yield from ordered(r, customer)
	yield r.days(1, 4)
	r.deliver(order)


def invoiced_not_delivered(r: Replay, customer: dict) -> Story:
	order = yield from ordered(r, customer)
	yield r.days(0, 2)
	yield from settle(r, r.invoice(order), "paid")


def on_hold(r: Replay, customer: dict) -> Story:
	order = yield from ordered(r, customer)
	yield r.days(2, 6)
	r.set_order_status(order, "On Hold")


def credit_note_and_close(r: Replay, customer: dict) -> Story:
	"""Paid, then part of it sent back: a credit note, and the order closed (nothing more to bill)."""
	order = yield from ordered(r, customer)
	invoice = yield from fulfil(r, order, r.rng.random() < 0.5)
	yield r.days(10, 20)
	r.credit_note(invoice)
	r.set_order_status(order, "Closed")


def down_payment(r: Replay, customer: dict) -> Story:
	"""A 30 % down-payment invoice, paid; the final invoice deducts it."""
	order = yield from ordered(r, customer)
	yield r.days(0, 2)
	yield from settle(r, r.down_payment(order), "paid")
	yield r.days(5, 20)
	r.deliver(order)
	yield r.days(0, 3)
	yield from settle(r, r.invoice(order), "paid")


def advance_payment(r: Replay, customer: dict) -> Story:
	"""30 % paid on the order; the invoice deducts it."""
	order = yield from ordered(r, customer)
	yield r.days(1, 3)
	r.pay(order, 0.3)
	yield from fulfil(r, order, invoice_first=False)


# customers whose invoices fall due later, or within 30 days (None: private customers, paid on receipt)
DUE_LATER = ("30 jours", "45 jours fin de mois")
DUE_SOON = (None, "Comptant", "30 jours")

# (story, how many per unit of scale, age of its quotation in days, payment terms of its customer)
STORIES: tuple[tuple[Callable[[Replay, dict], Story], int, tuple[int, int], tuple | None], ...] = (
	(quotation_only, 11, (35, 178), None),  # Expired by now
	(quotation_only, 5, (0, 25), None),  # still Open
	(split_order, 2, (70, 170), None),
	(partial_order, 2, (40, 150), None),
	(cycle("paid", invoice_first=True), 4, (45, 178), None),
	(cycle("paid", invoice_first=False), 4, (45, 178), None),
	(cycle("unpaid"), 1, (90, 170), DUE_SOON),  # Overdue
	(cycle("partly"), 1, (90, 170), DUE_SOON),  # Overdue, part paid
	(cycle("partly"), 1, (18, 26), DUE_LATER),  # Partly Paid
	(cycle("unpaid"), 1, (6, 14), DUE_LATER),  # Unpaid
	(partly_delivered, 1, (30, 60), None),
	(delivered_not_invoiced, 1, (5, 15), None),
	(invoiced_not_delivered, 1, (10, 30), None),
	(ordered, 1, (3, 10), None),  # nothing done yet
	(on_hold, 1, (15, 40), None),
	(credit_note_and_close, 1, (100, 170), None),
	(down_payment, 1, (60, 120), None),
	(advance_payment, 1, (45, 100), None),
)
# the feature stories of demo_features.py add as many per unit
FEATURE_QUOTATIONS = 20
QUOTATIONS_PER_UNIT = sum(count for _story, count, _ages, _terms in STORIES) + FEATURE_QUOTATIONS


def make_demo_transactions(scale: int = 1) -> dict[str, dict[str, int]]:
	"""About six months of sales, 40 quotations per unit of scale and what followed from them, made
	through the mappers and submit like a user would. Units of scale the company already has
	quotations for are skipped. Never commits: make_demo does."""
	scale = max(1, int(scale))
	done = frappe.db.count("Quotation", {"company": COMPANY}) // QUOTATIONS_PER_UNIT
	if done < scale:
		rng = random.Random(SEED + 2 + done)
		today = getdate()
		replay = Replay(rng, today, demo_customers(scale), catalogue_rows(scale))
		# no history before the list prices start
		first_day = max(today - timedelta(days=180), getdate(PRICES_VALID_FROM))
		for unit in range(done, scale):
			for story, count, (least, most), terms in STORIES:
				for _ in range(count):
					day = max(today - timedelta(days=rng.randint(least, most)), first_day)
					replay.start(day, story(replay, replay.customer(terms)))
			start_feature_stories(replay, unit, first_day)
		# invented customers are never written to, whatever notifications the site has
		muted, frappe.flags.mute_emails = frappe.flags.mute_emails, True
		try:
			replay.run()
		finally:
			frappe.flags.mute_emails = muted
		catch_up_daily_job()
	counts = transaction_counts()
	print("demo transactions: " + " | ".join(f"{dt}: {counts[dt]}" for dt in TRANSACTION_DOCTYPES))
	return counts


def demo_customers(scale: int) -> list[dict]:
	"""The demo's own customers, as make_customers made them."""
	return [
		{
			"name": row["customer_name"],
			"group": row["customer_group"],
			"terms": row["payment_terms"],
			"country": row["country"],
		}
		for row in customer_rows(scale, random.Random(SEED + 1))
	]


def catch_up_daily_job() -> None:
	"""What the daily job (engine/jobs.py) did while the history went by: open quotations past their
	validity Expired, invoices past due Overdue. The job commits, so its loop is here."""
	for doctype, (statuses, date_field) in TIME_BASED.items():
		filters = {
			"company": COMPANY,
			"docstatus": 1,
			"status": ("in", statuses),
			date_field: ("<", getdate()),
		}
		for name in frappe.get_all(doctype, filters=filters, pluck="name"):
			refresh_parent(doctype, name)


def transaction_counts() -> dict[str, dict[str, int]]:
	return {
		doctype: dict(
			frappe.db.sql(
				f"select status, count(*) from `tab{doctype}` where company = %s group by status order by status",
				COMPANY,
			)
		)
		for doctype in TRANSACTION_DOCTYPES
	}
