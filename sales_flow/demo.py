"""Deterministic demo data: a French company selling in EUR with 20 / 10 / 5.5 % VAT.

`make_demo(scale=1)` is idempotent and additive: running it again creates only what is missing, and
a larger scale adds customers and items up to the new counts (scale 100 gives 1,200 customers and
2,000 items). The same seed always gives the same records, so benchmarks compare like with like.

    bench --site SITE execute sales_flow.demo.make_demo --kwargs "{'scale': 10}"
"""

import random
import unicodedata

import frappe
from frappe.utils import getdate

from sales_flow.sales_flow.identifiers import french_vat_key

COMPANY = "Atelier Démo SAS"
ABBR = "ADS"
SIREN = "812345676"
SEED = 20261123
DEMO_PASSWORD = "demo-password"

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


def make_demo(scale: int = 1) -> dict:
	"""Create what is missing of the demo data set; returns the counts."""
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
	frappe.db.commit()
	counts = {"customers": customers, "items": items, "item_prices": frappe.db.count("Item Price")}
	print(f"demo data ready: {counts}")
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
					"valid_from": getdate("2026-01-01"),
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
