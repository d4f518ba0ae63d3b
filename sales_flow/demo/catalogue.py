"""The demo's items, customers and users, drawn from a seeded random generator: the same seed
always gives the same records, and a larger scale adds to them."""

import random
import unicodedata

import frappe
from frappe.utils import getdate

from sales_flow.demo.data import (
	BUSINESS_GROUPS,
	CATALOGUE,
	CITIES,
	DEMO_PASSWORD,
	DEMO_USERS,
	FIRST_NAMES,
	ITEM_TAX_TEMPLATES,
	LAST_NAMES,
	PRICES_VALID_FROM,
	SEED,
	STREETS,
	TRADES,
)
from sales_flow.demo.masters import insert


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
		services = group == "Services"
		insert_item(
			(group, rate, uom, code, name, price),
			max_discount=30 if services else 15,
			weight_per_unit=0 if services else round(0.2 + rng.random() * 5, 2),
			weight_uom=None if services else "Kg",
			is_stock_item=0 if services else 1,
		)
	return frappe.db.count("Item")


def insert_item(row: tuple, **fields) -> None:
	"""An item of a catalogue row (group, VAT rate, unit, code, name, price), with its price in the
	general price list and, 15 % off, in the resellers' one."""
	group, rate, uom, code, name, price = row
	insert(
		{
			"doctype": "Item",
			"item_code": code,
			"item_name": name,
			"description": name,
			"item_group": group,
			"stock_uom": uom,
			"standard_rate": price,
			"item_tax_template": ITEM_TAX_TEMPLATES[rate],
			**fields,
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
