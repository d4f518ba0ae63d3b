"""What the feature stories sell and name: campaign, lead sources, stages, lost reasons, competitors,
partner, sales team, shipping rule, bundle, coupon, promotion, templates, plans and their items."""

CAMPAIGN = "Salon Numérique Lyon 2026"
LEAD_SOURCES = ("Salon professionnel", "Site web", "Recommandation", "Appel entrant")
SALES_STAGES = ("Prospection", "Qualification", "Proposition", "Négociation")
OPPORTUNITY_LOST_REASONS = ("Budget insuffisant", "Projet reporté")
QUOTATION_LOST_REASONS = ("Prix trop élevé", "Délai trop long", "Projet abandonné")
COMPETITORS = ("Bureau Pro Services", "InfoTech Rhône")
PARTNER = "Réseau Conseil Rhône-Alpes"
SALES_PERSONS = {
	"Équipe commerciale": None,
	"Sophie Commerciale": "Équipe commerciale",
	"Karim Terrain": "Équipe commerciale",
}


SHIPPING_RULE = "Livraison France métropolitaine"
BUNDLE = "PACK-POSTE"
COUPON = "BIENVENUE15"
PROMOTIONAL_SCHEME = "Rentrée fournitures"
TEMPLATES = ("Poste de travail complet", "Formation et accompagnement")
PLANS = {
	"Maintenance mensuelle": ("MAINT-MENS", 49.0, "Month"),
	"Hébergement annuel": ("HEBERG-AN", 480.0, "Year"),
}


# group -> (VAT rate, unit, [(code, name, price)]): sold only by these stories, so the pricing rules
# on them leave the rest of the history as it was
FEATURE_ITEMS = {
	"Fournitures de bureau": (
		20.0,
		"Unit",
		[
			("RAMETTE-A4", "Ramette papier A4 (500 feuilles)", 5.9),
			("CAPSULES", "Capsules de café (boîte de 50)", 19.9),
		],
	),
	"Abonnements": (
		20.0,
		"Unit",
		[
			("MAINT-MENS", "Contrat de maintenance (mois)", 49.0),
			("HEBERG-AN", "Hébergement et sauvegarde (an)", 480.0),
		],
	),
	"Packs": (20.0, "Unit", [(BUNDLE, "Pack poste de travail", 449.0)]),
}


BUNDLE_PARTS = (("ECRAN-27", 1), ("CLAVIER", 1), ("SOURIS", 1), ("STATION", 1))
LEAD_PEOPLE = (
	("Élodie", "Garnier", "Cabinet Garnier Avocats"),
	("Thomas", "Lefèvre", "Lefèvre Transports"),
	("Julie", "Roux", "Mairie de Vénissieux"),
	("Antoine", "Fournier", "Fournier & Fils"),
	("Sarah", "Girard", "Clinique du Parc"),
	("Nicolas", "Bonnet", "Bonnet Immobilier"),
	("Claire", "Mercier", "Association Les Pentes"),
	("Maxime", "Lambert", "Lambert Architectes"),
	("Laura", "Fontaine", "Fontaine Traiteur"),
	("Romain", "Chevalier", "Chevalier Auto-École"),
	("Pauline", "Blanc", "Blanc Conseil RH"),
	("Kevin", "Guerin", "Guérin Plomberie"),
)
