"""Deterministic demo data: a French company selling in EUR with 20 / 10 / 5.5 % VAT.

`make_demo(scale=1)` is idempotent and additive: running it again creates only what is missing, and
a larger scale adds customers and items up to the new counts (scale 100 gives 1,200 customers and
2,000 items). The same seed always gives the same records, so benchmarks compare like with like.
It then replays six months of sales (40 quotations per unit of scale, with their orders, deliveries,
invoices and payments) through the real "Create ..." mappers, so the desk looks lived in.

    bench --site SITE execute sales_flow.demo.make_demo --kwargs "{'scale': 10}"

The package builds in one direction: `data` (fixed names), `masters` and `catalogue` (made once),
`replay` (the clock) and `stories` (everyday sales); `features` builds on those, never back; this
module runs them all.
"""

import random
from datetime import timedelta

import frappe
from frappe.utils import getdate

from sales_flow.controllers.jobs import TIME_BASED
from sales_flow.controllers.progress import refresh_parent
from sales_flow.demo.catalogue import catalogue_rows, demo_customers, make_customers, make_items, make_users
from sales_flow.demo.data import (
	COMPANY,
	FRENCH_SYSTEM_SETTINGS,
	PRICES_VALID_FROM,
	SEED,
	TRANSACTION_DOCTYPES,
)
from sales_flow.demo.features import start_feature_stories
from sales_flow.demo.features.masters import make_feature_masters
from sales_flow.demo.masters import (
	make_company,
	make_outbox,
	make_payment_terms,
	make_price_lists,
	make_settings,
	make_taxes,
	make_terms,
	make_trees,
)
from sales_flow.demo.replay import Replay
from sales_flow.demo.stories import STORIES


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
	make_outbox()
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


# the feature stories add as many per unit
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


def catch_up_daily_job() -> None:
	"""What the daily job (controllers/jobs.py) did while the history went by: open quotations past their
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
