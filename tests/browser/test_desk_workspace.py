"""The "Ventes" workspace as the French rep and the accountant see it at 1366x768: the charts' labels
readable and French (customers and items by name, quotation statuses, months), every card and chart
filled for both roles, the figures formatted the French way."""

import re

import frappe
import pytest
from frappe.utils import add_months, get_first_day, nowdate
from playwright.sync_api import TimeoutError

from tests.browser.desk import ARTIFACTS, URL, Desk, chromium, committed_world
from tests.sales_setup import transaction

pytestmark = [pytest.mark.browser, pytest.mark.commits]

# long names, as real customers and items have them: the charts must show them, not "..."
CUSTOMERS = ("Boulangerie Martin et Fils", "Menuiserie Durand Frères", "Garage Petitjean")
ITEMS = ("Pain de campagne bio 500 g", "Croissant au beurre AOP", "Baguette tradition")


def make_customer(setup, name: str, created: list) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": name,
			"default_price_list": setup.price_list,
			"customer_group": frappe.db.get_value("Customer", setup.customer, "customer_group"),
			"territory": frappe.db.get_value("Customer", setup.customer, "territory"),
		}
	).insert()
	created.append(("Customer", doc.name))
	return doc.name


def name_items(setup) -> None:
	for code, name in zip((setup.a, setup.b, setup.c), ITEMS, strict=True):
		frappe.db.set_value("Item", code, "item_name", f"{name} {code[-5:]}")


@pytest.fixture(scope="module")
def world():
	users = {"rep": ("ws-rep", ["Sales User"]), "accountant": ("ws-acc", ["Accounts User"])}
	with committed_world(users) as base:
		setup, created = base.setup, base.created
		for email in base.users.values():
			frappe.db.set_value("User", email, "language", "fr")
		name_items(setup)
		customers = [make_customer(setup, f"{name} {base.tag}", created) for name in CUSTOMERS]
		last_month = add_months(get_first_day(nowdate()), -1)
		for n, customer in enumerate(customers):
			for posting_date in (last_month, nowdate()):
				invoice = transaction(
					"Sales Invoice",
					setup,
					[(setup.a, 3 - n), (setup.b, 1 + n), (setup.c, 4)],
					customer=customer,
					posting_date=posting_date,
				).insert()
				invoice.submit()
				created.append(("Sales Invoice", invoice.name))
		for status in ("Open", "Lost", "Partially Ordered"):
			quotation = transaction("Quotation", setup, [(setup.a, 2)]).insert()
			quotation.submit()
			created.append(("Quotation", quotation.name))
			if status != "Open":  # how it got there is not what the chart is about
				frappe.db.set_value("Quotation", quotation.name, "status", status)
		frappe.db.commit()
		yield base


def chart_labels(desk: Desk, chart: str) -> list[str]:
	"""The x-axis labels a chart draws: what the user reads once frappe-charts cut them to their bar."""
	widget = desk.page.locator(".widget.dashboard-widget-box").filter(
		has=desk.page.locator(".widget-title", has_text=chart)
	)
	widget.locator("svg.frappe-chart .x.axis").first.wait_for()
	return [t.strip() for t in widget.locator("svg.frappe-chart .x.axis text").all_text_contents()]


def show_chart(desk: Desk, chart: str) -> None:
	"""Scrolled to the chart, its bars grown (frappe-charts animates them from zero)."""
	widget = desk.page.locator(".widget.dashboard-widget-box").filter(
		has=desk.page.locator(".widget-title", has_text=chart)
	)
	widget.first.scroll_into_view_if_needed()
	desk.page.wait_for_function(
		"""(title) => [...document.querySelectorAll('.widget.dashboard-widget-box')].some((w) =>
			w.querySelector('.widget-title')?.textContent.includes(title)
			&& [...w.querySelectorAll('svg.frappe-chart .dataset-units rect')].some((bar) => bar.getAttribute('height') > 0)
			&& !w.querySelector('svg.frappe-chart .dataset-units rect[class*="animat"]'))""",
		arg=chart,
	)


def land(browser, world, key: str) -> Desk:
	"""Signed in at 1366x768, on the workspace with every card and chart drawn; the desk's calls noted."""
	desk = Desk(browser, URL, ARTIFACTS, f"ws-{key}")
	desk.page.set_viewport_size({"width": 1366, "height": 768})
	desk.calls = []
	desk.page.on(
		"request", lambda r: "/api/method/" in r.url and desk.calls.append(r.url.split("/api/method/")[1])
	)
	desk.login(world.users[key])
	try:
		desk.page.wait_for_function(
			"""() => [...document.querySelectorAll('.number-widget-box')].length >= 10
			&& [...document.querySelectorAll('.number-widget-box .widget-content')].every((c) => c.innerText.trim())
			&& [...document.querySelectorAll('.widget.dashboard-widget-box')].every(
				(w) => w.querySelector('svg.frappe-chart') || w.innerText.includes('Aucune'))"""
		)
	except TimeoutError as error:
		desk.shot("timeout")
		raise AssertionError(f"the workspace never filled: {cards(desk)} {desk.where()}") from error
	desk.settle()
	return desk


def cards(desk: Desk) -> dict[str, str]:
	boxes = desk.page.locator(".number-widget-box")
	titles = [t.strip() for t in boxes.locator(".widget-title").all_inner_texts()]
	return dict(
		zip(titles, [v.strip() for v in boxes.locator(".widget-content").all_inner_texts()], strict=True)
	)


def readable(label: str, names: list[str]) -> bool:
	"""A whole name, or its first ten letters or more followed by frappe-charts' " ..."."""
	if label in names:
		return True
	start = label.removesuffix(" ...")
	return label.endswith(" ...") and len(start) >= 10 and any(name.startswith(start) for name in names)


def names_shown(labels: list[str], every_name: list[str], ours: list[str]) -> bool:
	"""Each label reads as a name of the site's, and one at least is ours."""
	return (
		bool(labels)
		and all(readable(label, every_name) for label in labels)
		and any(readable(label, ours) for label in labels)
	)


def test_the_workspace_reads_in_french_for_the_rep_and_the_accountant(world):
	customers = frappe.get_all("Customer", {"name": ("like", f"% {world.tag}")}, pluck="customer_name")
	items = frappe.get_all("Item", {"name": ("like", f"%{world.tag.upper()}")}, pluck="item_name")
	# the site may hold other tests' sales: every label must read as a name, ours among them
	every_customer = frappe.get_all("Customer", pluck="customer_name")
	every_item = frappe.get_all("Item", pluck="item_name")
	with chromium() as browser:
		rep = land(browser, world, "rep")
		rep.shot("workspace-cards")
		shown = chart_labels(rep, "Meilleurs clients")
		assert names_shown(shown, every_customer, customers), (shown, customers)
		shown = chart_labels(rep, "Meilleurs articles")
		assert names_shown(shown, every_item, items), (shown, items)
		assert chart_labels(rep, "Pipeline des devis") == ["Ouvert", "Commandé", "Perdu", "Expiré"]
		show_chart(rep, "Pipeline des devis")
		rep.shot("workspace-pipeline")
		show_chart(rep, "Meilleurs clients")
		rep.shot("workspace-top-customers")
		# twelve months, every other one named when they do not all fit (the tooltip names each)
		months = chart_labels(rep, "CA mensuel")
		named = [month for month in months if month]
		assert len(months) == 12 and len(named) >= 6, months
		french = r"(janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}"
		assert all(re.fullmatch(french, month) for month in named), months
		figures = cards(rep)
		# amounts "1 234,56 €" or "38,1 k€", never "€ 38,08 K"; percentages "33,33 %"
		money = re.compile(r"-?\d{1,3}( \d{3})*(,\d{1,2})?( k| M)? €")
		assert money.fullmatch(figures["CA DU MOIS"].replace("\u00a0", " ")), figures
		assert re.fullmatch(
			r"\d+(,\d+)? %", figures["TAUX DE TRANSFORMATION 90 JOURS"].replace("\u00a0", " ")
		), figures
		assert re.fullmatch(
			r"[+-]?\d+(,\d+)? %", figures["CA DU MOIS VS MÊMES JOURS DU MOIS DERNIER"].replace("\u00a0", " ")
		), figures
		# one call brought every figure: no card or chart asked for its document, source or data
		one_by_one = [
			c for c in rep.calls if "number_card" in c or "dashboard_chart" in c or "getdoctype" in c
		]
		assert (
			one_by_one == [] and rep.calls.count("sales_flow.analytics.workspace.workspace_figures") == 1
		), "\n".join(c.split("?")[0] for c in rep.calls)

		accountant = land(browser, world, "accountant")
		shown = chart_labels(accountant, "Meilleurs clients")
		show_chart(accountant, "Meilleurs clients")
		accountant.shot("workspace-top-customers")
		assert names_shown(shown, every_customer, customers), (shown, customers)
		assert rep.errors == [] and accountant.errors == [], rep.errors + accountant.errors
