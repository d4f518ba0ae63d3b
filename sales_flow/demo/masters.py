"""The demo's masters, each made once: company, taxes, payment terms, terms and conditions, trees,
price lists, selling settings and the outgoing e-mail account."""

import frappe

from sales_flow.demo.data import (
	ABBR,
	CATALOGUE,
	COMPANY,
	CUSTOMER_GROUPS,
	ITEM_TAX_TEMPLATES,
	PRICE_LISTS,
	SIREN,
	TERRITORIES,
	VAT_ACCOUNTS,
)
from sales_flow.regional.france.identifiers import french_vat_key


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
	make_reverse_charge_template()


def make_reverse_charge_template() -> None:
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
					"vat_category": "AE",
				}
			],
		},
	)
	# a demo site made before VAT categories existed gets its reverse charge marked as such
	frappe.db.set_value(
		"Sales Taxes and Charges",
		{"parent": f"Autoliquidation UE - {ABBR}", "vat_category": ("is", "not set")},
		"vat_category",
		"AE",
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
				"<p>Offre valable jusqu'au {{ valid_till | date }}.</p>"
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


def make_outbox() -> None:
	"""An outgoing e-mail account, so that the rep can e-mail a quotation (Frappe queues no e-mail
	without one). It points at a mail server on this machine, if any: the Email Queue is the outbox.
	A default outgoing account set up by the user stays the default."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1}):
		return
	# Frappe tries the server when the account is saved: not at install, nor here
	in_install, frappe.local.flags.in_install = frappe.local.flags.in_install, True
	try:
		ensure(
			"Email Account",
			"Ventes",
			{
				"email_account_name": "Ventes",
				"email_id": "ventes@demo.sales-flow.fr",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
				"add_signature": 1,
				"signature": f"Le service commercial\n{COMPANY}",
			},
		)
	finally:
		frappe.local.flags.in_install = in_install
