"""The demo's second half: every feature of the sales cycle alive on the demo site, in French.

Masters (campaign, lead sources, templates, pricing rules, partners, bundles, shipping rule,
subscription plans) are made once; the stories below are told by demo.Replay with the other ones,
in date order and through the same whitelisted methods and mappers a user's clicks call:
leads becoming opportunities and customers, quotations followed up, lost, revised, made from
templates, priced by rules and coupons, sold through a partner and a sales team, and subscriptions
billed month after month by the app's own generator on the replayed day.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import frappe
from frappe.model.document import Document
from frappe.utils import add_months

from sales_flow.demo import (
	COMPANY,
	HT_TAXES,
	ITEM_TAX_TEMPLATES,
	PRICES_VALID_FROM,
	Replay,
	Story,
	ensure,
	insert,
	submit,
)
from sales_flow.sales_flow.doctype.lead.lead import make_opportunity
from sales_flow.sales_flow.doctype.lead.lead import make_quotation as quote_lead
from sales_flow.sales_flow.doctype.opportunity.opportunity import make_quotation as quote_opportunity
from sales_flow.sales_flow.doctype.quotation.quotation import make_sales_order
from sales_flow.sales_flow.doctype.quotation_template.quotation_template import (
	apply_quotation_template,
	make_quotation_from_template,
)
from sales_flow.sales_flow.doctype.sales_order.sales_order import make_sales_invoice
from sales_flow.sales_flow.doctype.subscription.subscription import cancel_subscription
from sales_flow.subscriptions.billing import process_batch
from sales_flow.subscriptions.status import refresh_status

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


# --- masters -----------------------------------------------------------------------------------------


def make_feature_masters() -> None:
	make_crm_masters()
	make_feature_items()
	make_templates()
	make_pricing()
	make_partners()
	make_plans()


def make_crm_masters() -> None:
	ensure(
		"Campaign",
		CAMPAIGN,
		{
			"campaign_name": CAMPAIGN,
			"from_date": "2026-06-01",
			"to_date": "2026-12-31",
			"description": "Stand au salon du numérique de Lyon et relances des contacts.",
		},
	)
	for source in LEAD_SOURCES:
		ensure("Lead Source", source, {"source_name": source})
	for stage in SALES_STAGES:
		ensure("Sales Stage", stage, {"stage_name": stage})
	for reason in OPPORTUNITY_LOST_REASONS:
		ensure("Opportunity Lost Reason", reason, {"lost_reason": reason})
	for reason in QUOTATION_LOST_REASONS:
		ensure("Quotation Lost Reason", reason, {"order_lost_reason": reason})
	for rival in COMPETITORS:
		ensure("Competitor", rival, {"competitor_name": rival})


def make_feature_items() -> None:
	for group, (rate, uom, rows) in FEATURE_ITEMS.items():
		ensure("Item Group", group, {"item_group_name": group, "parent_item_group": "All Item Groups"})
		for code, name, price in rows:
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
					"max_discount": 20,
					"item_tax_template": ITEM_TAX_TEMPLATES[rate],
					"weight_per_unit": 2.5 if group == "Fournitures de bureau" else 0,
					"weight_uom": "Kg" if group == "Fournitures de bureau" else None,
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
						"valid_from": PRICES_VALID_FROM,
					}
				)
	ensure(
		"Product Bundle",
		BUNDLE,
		{
			"new_item_code": BUNDLE,
			"description": "Écran, clavier, souris et station d'accueil",
			"items": [{"item_code": code, "qty": qty} for code, qty in BUNDLE_PARTS],
		},
	)


def make_templates() -> None:
	ensure(
		"Quotation Template",
		TEMPLATES[0],
		{
			"template_name": TEMPLATES[0],
			"company": COMPANY,
			"pricing": "Price list prices",
			"validity_days": 30,
			"printed_comment": "<p>Installation sur site comprise dans le délai indiqué.</p>",
			"items": [
				{"line_type": "Section", "item_name": "Matériel"},
				{"item_code": "ECRAN-27", "qty": 2},
				{"item_code": "STATION", "qty": 1},
				{"item_code": "CLAVIER", "qty": 1},
				{"item_code": "SOURIS", "qty": 1},
				{"line_type": "Subtotal", "item_name": "Sous-total matériel"},
				{"line_type": "Section", "item_name": "Services"},
				{"item_code": "INSTALL", "qty": 2},
				{"item_code": "FORMATION", "qty": 1, "is_alternative": 1},
			],
		},
	)
	ensure(
		"Quotation Template",
		TEMPLATES[1],
		{
			"template_name": TEMPLATES[1],
			"company": COMPANY,
			"pricing": "Fixed prices",
			"validity_days": 45,
			"items": [
				{"line_type": "Section", "item_name": "Accompagnement"},
				{"item_code": "CONSEIL", "qty": 4, "rate": 90},
				{"item_code": "FORMATION", "qty": 7, "rate": 110},
				{"line_type": "Subtotal", "item_name": "Sous-total accompagnement"},
				{"item_code": "GUIDE-RGPD", "qty": 5, "rate": 29},
			],
		},
	)


def ensure_rule(title: str, doc: dict) -> str:
	name = frappe.db.get_value("Pricing Rule", {"title": title})
	return (
		name
		or insert({"doctype": "Pricing Rule", "title": title, "selling": 1, "company": COMPANY, **doc}).name
	)


def make_pricing() -> None:
	ensure_rule(
		"Administrations : 10 % sur les fournitures",
		{
			"apply_on": "Item Group",
			"item_groups": [{"item_group": "Fournitures de bureau"}],
			"applicable_for": "Customer Group",
			"customer_group": "Administrations",
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": 10,
		},
	)
	ensure_rule(
		"Ramettes : 8 % dès 50",
		{
			"apply_on": "Item Code",
			"items": [{"item_code": "RAMETTE-A4"}],
			"min_qty": 50,
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": 8,
		},
	)
	ensure_rule(
		"Capsules : 10 achetées, 1 offerte",
		{
			"apply_on": "Item Code",
			"items": [{"item_code": "CAPSULES"}],
			"price_or_product_discount": "Product",
			"min_qty": 10,
			"same_item": 1,
			"free_qty": 1,
			"is_recursive": 1,
			"recurse_for": 10,
		},
	)
	coupon_rule = ensure_rule(
		"Coupon de bienvenue : 15 %",
		{
			"apply_on": "Item Group",
			"item_groups": [{"item_group": "Fournitures de bureau"}],
			"coupon_code_based": 1,
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": 15,
		},
	)
	ensure(
		"Coupon Code",
		COUPON,
		{
			"coupon_name": COUPON,
			"coupon_code": COUPON,
			"coupon_type": "Promotional",
			"pricing_rule": coupon_rule,
			"maximum_use": 10,
			"description": "15 % de remise sur les fournitures pour une première commande.",
		},
	)
	ensure(
		"Promotional Scheme",
		PROMOTIONAL_SCHEME,
		{
			"name": PROMOTIONAL_SCHEME,
			"apply_on": "Item Group",
			"company": COMPANY,
			"item_groups": [{"item_group": "Packs"}],
			"price_discount_slabs": [
				{"rule_description": "5 % dès 3 packs", "min_qty": 3, "max_qty": 5, "discount_percentage": 5},
				{"rule_description": "8 % dès 6 packs", "min_qty": 6, "discount_percentage": 8},
			],
		},
	)


def make_partners() -> None:
	ensure(
		"Sales Partner",
		PARTNER,
		{
			"partner_name": PARTNER,
			"partner_type": "Apporteur d'affaires",
			"territory": "Auvergne-Rhône-Alpes",
			"commission_rate": 5,
		},
	)
	for person, parent in SALES_PERSONS.items():
		ensure(
			"Sales Person",
			person,
			{
				"sales_person_name": person,
				"parent_sales_person": parent,
				"is_group": 0 if parent else 1,
				"commission_rate": 3 if parent else 0,
			},
		)
	ensure(
		"Shipping Rule",
		SHIPPING_RULE,
		{
			"label": SHIPPING_RULE,
			"company": COMPANY,
			"calculate_based_on": "Net Total",
			"account_head": "7085 Ports et frais accessoires facturés",
			"conditions": [
				{"from_value": 0, "to_value": 500, "shipping_amount": 25},
				{"from_value": 500, "to_value": 0, "shipping_amount": 0},
			],
			"countries": [{"country": "France"}],
		},
	)


def make_plans() -> None:
	for plan, (item, cost, interval) in PLANS.items():
		ensure(
			"Subscription Plan",
			plan,
			{
				"plan_name": plan,
				"item": item,
				"price_determination": "Fixed Rate",
				"cost": cost,
				"currency": "EUR",
				"billing_interval": interval,
				"billing_interval_count": 1,
			},
		)


# --- stories -----------------------------------------------------------------------------------------

CustomerStory = Callable[[Replay, dict], Story]
LeadStory = Callable[[Replay], Story]

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


def new_lead(r: Replay, unit: int, index: int, status: str | None = None) -> Document:
	first, last, company = LEAD_PEOPLE[index]
	suffix = f" ({unit + 1})" if unit else ""
	return insert(
		{
			"doctype": "Lead",
			"first_name": first,
			"last_name": last,
			"company_name": company + suffix,
			"email_id": f"contact{index + 1}.{unit + 1}@prospect.demo.sales-flow.fr",
			"phone": f"04 72 {10 + index:02d} {20 + unit % 80:02d} 00",
			"source": LEAD_SOURCES[index % len(LEAD_SOURCES)],
			"campaign_name": CAMPAIGN if index % 2 == 0 else None,
			"territory": "Auvergne-Rhône-Alpes",
			"customer_group": "Administrations" if "Mairie" in company else "Entreprises",
			"status": status,
			"notes": "Rencontré au salon, à rappeler." if index % 2 == 0 else None,
		}
	)


def new_opportunity(r: Replay, lead: Document, stage: str, probability: int, items: list[tuple]) -> Document:
	opportunity = make_opportunity(lead.name)
	opportunity.update(
		{
			"company": COMPANY,
			"transaction_date": r.day,
			"sales_stage": stage,
			"probability": probability,
			"expected_closing": r.day + timedelta(days=45),
			"currency": "EUR",
		}
	)
	prices = dict(
		frappe.get_all(
			"Item Price",
			filters={"price_list": "Tarif général", "item_code": ("in", [code for code, _qty in items])},
			fields=["item_code", "price_list_rate"],
			as_list=True,
		)
	)
	for code, qty in items:
		opportunity.append("items", {"item_code": code, "qty": qty, "rate": prices[code]})
	return opportunity.insert(ignore_permissions=True)


def quoted(draft: Document, r: Replay, comment: str | None = None) -> Document:
	draft.update({"company": COMPANY, "transaction_date": r.day, "taxes_and_charges": HT_TAXES})
	if comment:
		draft.printed_comment = comment
	return submit(draft)


def lead_story(unit: int, index: int, status: str | None) -> LeadStory:
	"""A lead that stays a lead, in the status a salesperson gave it."""

	def story(r: Replay) -> Story:
		new_lead(r, unit, index, status)
		yield from ()

	return story


def lead_to_order(unit: int, index: int) -> LeadStory:
	"""Lead -> opportunity -> quotation to the lead -> ordered: the lead's customer is created."""

	def story(r: Replay) -> Story:
		lead = new_lead(r, unit, index)
		yield r.days(3, 8)
		opportunity = new_opportunity(r, lead, "Qualification", 40, [("ECRAN-27", 4), ("INSTALL", 3)])
		yield r.days(3, 10)
		opportunity.reload()
		opportunity.update({"sales_stage": "Proposition", "probability": 70})
		opportunity.save(ignore_permissions=True)
		quotation = quoted(
			quote_opportunity(opportunity.name), r, "<p>Livraison et installation sous 10 jours.</p>"
		)
		yield r.order_delay()
		order = make_sales_order(quotation.name)
		order.update({"transaction_date": r.day, "delivery_date": min(r.day + timedelta(days=10), r.today)})
		submit(order)

	return story


def lead_to_quotation(unit: int, index: int, through_opportunity: bool) -> LeadStory:
	"""A lead quoted (through an opportunity, or straight away), the quotation still open."""

	def story(r: Replay) -> Story:
		lead = new_lead(r, unit, index)
		yield r.days(2, 5)
		if through_opportunity:
			opportunity = new_opportunity(r, lead, "Proposition", 60, [("CONSEIL", 6), ("GUIDE-RGPD", 3)])
			yield r.days(1, 4)
			quoted(quote_opportunity(opportunity.name), r)
		else:
			draft = quote_lead(lead.name)
			draft.append("items", {"item_code": "FORMATION", "qty": 2})
			quoted(draft, r)

	return story


def lead_opportunity(unit: int, index: int, lost: bool) -> LeadStory:
	"""A lead with an opportunity still open, or lost with its reason and the competitor who won."""

	def story(r: Replay) -> Story:
		lead = new_lead(r, unit, index)
		yield r.days(2, 6)
		opportunity = new_opportunity(
			r, lead, "Négociation" if lost else "Prospection", 20 if lost else 30, [("CABLAGE", 80)]
		)
		if lost:
			yield r.days(5, 15)
			opportunity.reload()
			opportunity.declare_enquiry_lost(
				[{"lost_reason": OPPORTUNITY_LOST_REASONS[0]}],
				[{"competitor": COMPETITORS[1]}],
				"Le client a retenu une offre moins chère.",
			)

	return story


def followed_up(due_today: bool) -> CustomerStory:
	"""Open quotations phoned and mailed; some are due for their next follow-up today."""

	def story(r: Replay, customer: dict) -> Story:
		quotation = r.quotation(customer)
		quotation.db_set("printed_comment", "<p>Offre établie suite à notre rendez-vous.</p>")
		yield r.days(2, 4)
		quotation.reload()
		quotation.record_follow_up(
			str(r.day),
			"Phone",
			"Pas de réponse, message laissé.",
			"No Answer",
			str(r.day + timedelta(days=3)),
		)
		yield 3
		quotation.reload()
		next_date = r.today if due_today else r.today + timedelta(days=r.days(2, 6))
		quotation.record_follow_up(
			str(r.day),
			"Email",
			"Relance par courriel avec la fiche produit.",
			"Interested",
			str(max(next_date, r.day)),
		)

	return story


def lost_quotation(reasons: list[str], competitor: str | None) -> CustomerStory:
	def story(r: Replay, customer: dict) -> Story:
		quotation = r.quotation(customer)
		yield r.days(5, 20)
		quotation.reload()
		quotation.record_follow_up(str(r.day), "Meeting", "Rendez-vous chez le client.", "Declined")
		quotation.reload()
		quotation.set_as_lost(
			[{"lost_reason": reason} for reason in reasons],
			[{"competitor": competitor}] if competitor else [],
			"Le client a préféré une autre offre." if competitor else None,
		)

	return story


def revised(r: Replay, customer: dict) -> Story:
	"""A quotation revised after negotiation: the first one Superseded, the revision open."""
	quotation = r.quotation(customer)
	yield r.days(3, 7)
	quotation.reload()
	quotation.record_follow_up(str(r.day), "Meeting", "Le client demande une remise.", "Negotiating")
	quotation.reload()
	revision = frappe.get_doc("Quotation", quotation.make_revision())
	revision.apply_discount_on = "Net Total"
	revision.additional_discount_percentage = 5
	revision.printed_comment = "<p>Version révisée : remise commerciale de 5 % accordée.</p>"
	revision.submit()


def from_template(template: str, order: bool) -> CustomerStory:
	"""A quotation made from a template in one click, ordered with its alternative line chosen."""

	def story(r: Replay, customer: dict) -> Story:
		draft = frappe.get_doc(make_quotation_from_template(customer["name"], template))
		draft.update({"company": COMPANY, "transaction_date": r.day, "taxes_and_charges": HT_TAXES})
		quotation = submit(draft)
		if order:
			yield r.order_delay()
			alternatives = [row.name for row in quotation.items if row.is_alternative]
			sales_order = make_sales_order(quotation.name, chosen_alternatives=alternatives)
			sales_order.update(
				{"transaction_date": r.day, "delivery_date": min(r.day + timedelta(days=15), r.today)}
			)
			submit(sales_order)

	return story


def template_appended(r: Replay, customer: dict) -> Story:
	"""A draft with a line of its own, the template's lines added after it, then submitted."""
	draft = insert(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": customer["name"],
			"company": COMPANY,
			"transaction_date": r.day,
			"taxes_and_charges": HT_TAXES,
			"items": [{"item_code": "CAFE-1KG", "qty": 4}],
		}
	)
	apply_quotation_template(draft.name, TEMPLATES[1])
	frappe.get_doc("Quotation", draft.name).submit()
	yield from ()


def sold(r: Replay, customer: dict, items: list[tuple], **values) -> Document:
	"""A quotation and its order (the order carrying `values`), then invoiced."""
	quotation = submit(
		frappe.get_doc(
			{
				"doctype": "Quotation",
				"quotation_to": "Customer",
				"party_name": customer["name"],
				"company": COMPANY,
				"transaction_date": r.day,
				"taxes_and_charges": HT_TAXES,
				"items": [{"item_code": code, "qty": qty} for code, qty in items],
			}
		)
	)
	order = make_sales_order(quotation.name)
	order.update(
		{"transaction_date": r.day, "delivery_date": min(r.day + timedelta(days=7), r.today), **values}
	)
	return submit(order)


def priced_by_rules(coupon: bool) -> CustomerStory:
	"""Office supplies: the group discount, the quantity break and the free capsules; or a coupon."""

	def story(r: Replay, customer: dict) -> Story:
		values = {"coupon_code": COUPON} if coupon else {}
		order = sold(r, customer, [("RAMETTE-A4", 60), ("CAPSULES", 20)], **values)
		yield r.days(1, 5)
		invoice = make_sales_invoice(order.name)
		invoice.posting_date = r.day
		submit(invoice)

	return story


def through_partner(bundle: bool, shipping: bool) -> CustomerStory:
	"""Sold through the partner by two salespeople; a bundle; shipping charged by the rule."""

	def story(r: Replay, customer: dict) -> Story:
		# three packs: the promotional scheme's first slab
		items = [(BUNDLE, 3)] if bundle else [("ECRAN-27", 1), ("RAMETTE-A4", 10)]
		values = {
			"sales_partner": PARTNER,
			"sales_team": [
				{"sales_person": "Sophie Commerciale", "allocated_percentage": 60},
				{"sales_person": "Karim Terrain", "allocated_percentage": 40},
			],
		}
		if shipping:
			values["shipping_rule"] = SHIPPING_RULE
		order = sold(r, customer, items, **values)
		yield r.days(1, 6)
		invoice = make_sales_invoice(order.name)
		invoice.posting_date = r.day
		submit(invoice)

	return story


def subscribed(plan: str, qty: int, cancel_after: int | None = None) -> CustomerStory:
	"""A subscription billed by the app's generator on each replayed day a period starts; cancelled
	at the end of its period `cancel_after` periods in when given."""

	def story(r: Replay, customer: dict) -> Story:
		sub = insert(
			{
				"doctype": "Subscription",
				"party_type": "Customer",
				"party": customer["name"],
				"company": COMPANY,
				"start_date": r.day,
				"plans": [{"plan": plan, "qty": qty}],
				"generate_invoice_at": "Beginning of the current subscription period",
				"days_until_due": 30,
				"submit_invoice": 1,
				"sales_tax_template": HT_TAXES,
			}
		)
		periods = 0
		while True:
			process_batch([sub.name], r.day, commit_each=False)
			pay_open_invoices(r, sub.name)
			periods += 1
			if periods == cancel_after:
				with current_date(r.day):
					cancel_subscription(sub.name, at_period_end=1)
			if r.day >= r.today:
				refresh_status(sub.name, r.today)
				return
			yield (next_period_start(r.day, PLANS[plan][2]) - r.day).days

	return story


def pay_open_invoices(r: Replay, subscription: str) -> None:
	"""Subscriptions are paid by bank transfer when invoiced."""
	for name in frappe.get_all(
		"Sales Invoice",
		filters={"subscription": subscription, "docstatus": 1, "outstanding_amount": (">", 0)},
		pluck="name",
	):
		r.pay(frappe.get_doc("Sales Invoice", name))


def next_period_start(day: date, interval: str) -> date:
	return add_months(day, 12 if interval == "Year" else 1)


@contextmanager
def current_date(day: date) -> Iterator[None]:
	"""The subscription code reads today from frappe.flags.current_date."""
	saved, frappe.flags.current_date = frappe.flags.current_date, day
	try:
		yield
	finally:
		frappe.flags.current_date = saved


def in_france(customer: dict) -> bool:
	"""The shipping rule ships to France only."""
	return customer["country"] == "France"


def administration(customer: dict) -> bool:
	return customer["group"] == "Administrations"


# (story for a customer, age in days of its first step, which customers fit when it matters); each unit of
# scale tells them all
CUSTOMER_STORIES = (
	(followed_up(due_today=True), (6, 12), None),
	(followed_up(due_today=True), (8, 15), None),
	(followed_up(due_today=False), (10, 20), None),
	(followed_up(due_today=False), (5, 10), None),
	(lost_quotation([QUOTATION_LOST_REASONS[0]], COMPETITORS[0]), (60, 120), None),
	(lost_quotation([QUOTATION_LOST_REASONS[1], QUOTATION_LOST_REASONS[2]], None), (40, 90), None),
	(lost_quotation([QUOTATION_LOST_REASONS[0]], COMPETITORS[1]), (20, 50), None),
	(revised, (15, 22), None),
	(from_template(TEMPLATES[0], order=True), (30, 90), None),
	(from_template(TEMPLATES[1], order=False), (5, 20), None),
	(template_appended, (3, 15), None),
	(priced_by_rules(coupon=False), (20, 80), administration),
	(priced_by_rules(coupon=True), (10, 40), None),
	(through_partner(bundle=True, shipping=True), (30, 100), in_france),
	(through_partner(bundle=False, shipping=True), (15, 60), in_france),
	(through_partner(bundle=False, shipping=False), (40, 120), None),
	(subscribed("Maintenance mensuelle", 1), (150, 150), None),
	(subscribed("Maintenance mensuelle", 2), (120, 120), None),
	(subscribed("Maintenance mensuelle", 1, cancel_after=3), (135, 135), None),
	(subscribed("Hébergement annuel", 1), (100, 100), None),
	(subscribed("Hébergement annuel", 1), (45, 45), None),
)
# (lead story maker, age in days of the lead)
LEAD_STORIES = (
	(lambda unit: lead_to_order(unit, 0), (60, 90)),
	(lambda unit: lead_to_quotation(unit, 1, through_opportunity=True), (20, 28)),
	(lambda unit: lead_to_quotation(unit, 2, through_opportunity=False), (10, 20)),
	(lambda unit: lead_opportunity(unit, 3, lost=True), (50, 100)),
	(lambda unit: lead_opportunity(unit, 4, lost=False), (15, 40)),
	(lambda unit: lead_opportunity(unit, 5, lost=False), (5, 15)),
	(lambda unit: lead_story(unit, 6, "Interested"), (10, 30)),
	(lambda unit: lead_story(unit, 7, "Replied"), (10, 30)),
	(lambda unit: lead_story(unit, 8, "Do Not Contact"), (60, 120)),
	(lambda unit: lead_story(unit, 9, None), (0, 10)),
	(lambda unit: lead_story(unit, 10, None), (0, 10)),
	(lambda unit: lead_story(unit, 11, "Open"), (3, 20)),
)


def start_feature_stories(r: Replay, unit: int, first_day: date) -> None:
	"""Queue this unit's feature stories on the replay (after the other ones: same timeline)."""
	business = [c for c in r.customers if c["group"] != "Particuliers"]
	for story, (least, most), fits in CUSTOMER_STORIES:
		customer = r.rng.choice([c for c in business if fits(c)] if fits else business)
		day = max(r.today - timedelta(days=r.rng.randint(least, most)), first_day)
		r.start(day, story(r, customer))
	for make, (least, most) in LEAD_STORIES:
		day = max(r.today - timedelta(days=r.rng.randint(least, most)), first_day)
		r.start(day, make(unit)(r))
