"""The demo's second half: every feature of the sales cycle alive on the demo site, in French.

Masters (campaign, lead sources, templates, pricing rules, partners, bundles, shipping rule,
subscription plans) are made once; the stories below are told by the demo's Replay with the other ones,
in date order and through the same whitelisted methods and mappers a user's clicks call:
leads becoming opportunities and customers, quotations followed up, lost, revised, made from
templates, priced by rules and coupons, sold through a partner and a sales team, and subscriptions
billed month after month by the app's own generator on the replayed day.
"""

from datetime import date, timedelta

from sales_flow.demo.features.crm_stories import (
	lead_opportunity,
	lead_story,
	lead_to_order,
	lead_to_quotation,
)
from sales_flow.demo.features.data import COMPETITORS, QUOTATION_LOST_REASONS, TEMPLATES
from sales_flow.demo.features.selling_stories import (
	administration,
	followed_up,
	from_template,
	in_france,
	lost_quotation,
	priced_by_rules,
	revised,
	subscribed,
	template_appended,
	through_partner,
)
from sales_flow.demo.replay import Replay

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
