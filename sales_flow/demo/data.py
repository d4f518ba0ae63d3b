"""The demo firm's fixed data: company, VAT, groups, territories, price lists, catalogue, names and
cities to draw customers from, users, and the French system settings."""

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


HT_TAXES = f"TVA France - {ABBR}"
TTC_TAXES = f"TVA France TTC - {ABBR}"
MODE_OF_PAYMENT = "Bank Transfer"
TRANSACTION_DOCTYPES = ("Quotation", "Sales Order", "Delivery Note", "Sales Invoice", "Payment Entry")
