"""Every figure of a workspace of the app in one answer, its number cards' and charts', for the
desk's landing page ("Ventes"): one request instead of three to five per widget
(public/js/workspace_figures.js hands them to Frappe's widgets).

The answer is kept per user, language and day until the sales data change: the key holds the last
modification of the tables the figures read, so a submit or cancel anywhere makes the next landing
compute afresh. Statuses that a scheduled job moves without a modification (Overdue, Expired) are
caught up after CACHE_SECONDS. Read-only (`frappe.read_only`): on a site that sets
`read_from_replica`, every figure and the data version come from the replica."""

import frappe
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.utils import flt, nowdate

from sales_flow.analytics.charts import SOURCES
from sales_flow.utils.arguments import name_argument

MODULE = "Sales Flow"
CACHE_SECONDS = 600
# what the cards and charts read: a change in any of them may change a figure
READ_TABLES = (
	"Quotation",
	"Sales Order",
	"Sales Invoice",
	"Delivery Note",
	"Payment Entry",
	"Subscription",
	"Sales Person",  # its targets
)


@frappe.whitelist()
@frappe.read_only()
def workspace_figures(workspace: str = "Ventes") -> dict:
	"""{"cards": {name: figure}, "charts": {name: figure}} of the workspace's cards and charts of the
	app (others are left to Frappe's widgets); a figure the user may not read is marked refused."""
	name_argument(workspace, "workspace")
	page = frappe.get_cached_doc("Workspace", workspace)
	key = f"sales_flow:workspace:{page.name}:{frappe.session.user}:{frappe.local.lang}:{data_version()}"
	figures = frappe.cache.get_value(key)
	if figures is None:
		figures = {
			"cards": {row.number_card_name: card_figure(row.number_card_name) for row in page.number_cards},
			"charts": {row.chart_name: chart_figure(row.chart_name) for row in page.charts},
		}
		frappe.cache.set_value(key, figures, expires_in_sec=CACHE_SECONDS)
	return figures


def data_version() -> str:
	"""Today and the latest modification of each table read (its index answers at once)."""
	tables = [doctype for doctype in READ_TABLES if frappe.db.table_exists(doctype)]
	latest = frappe.db.sql(" union all ".join(f"select max(modified) from `tab{t}`" for t in tables))
	return f"{nowdate()}:" + ",".join(str(row[0]) for row in latest)


def card_figure(name: str) -> dict | None:
	card = frappe.get_cached_doc("Number Card", name) if frappe.db.exists("Number Card", name) else None
	if not card or card.module != MODULE:
		return None
	try:
		figure = custom_card(card) if card.type == "Custom" else document_card(card)
	except frappe.PermissionError:
		forget_refusal()
		figure = {"value": None, "refused": 1}
	return {**figure, "card": card.as_dict()}


def custom_card(card) -> dict:
	method = frappe.get_attr(card.method)
	frappe.is_whitelisted(method)  # raises PermissionError for any other function
	return method(filters=card.filters_json)


def document_card(card) -> dict:
	"""A count or sum of one DocType, as Frappe's card computes it (the user's permissions applied)."""
	value = flt(get_result(card.as_json(), card.filters_json))
	if card.function == "Count":
		return {"value": int(value), "fieldtype": "Int"}
	field = frappe.get_meta(card.document_type).get_field(card.aggregate_function_based_on)
	return {"value": value, "fieldtype": field.fieldtype if field else "Float"}


def chart_figure(name: str) -> dict | None:
	chart = (
		frappe.get_cached_doc("Dashboard Chart", name) if frappe.db.exists("Dashboard Chart", name) else None
	)
	source = (
		SOURCES.get(chart.source)
		if chart and chart.chart_type == "Custom" and chart.module == MODULE
		else None
	)
	if not source:
		return None
	try:
		data = source(filters=chart.filters_json)
	except frappe.PermissionError:
		forget_refusal()
		data = None
	return {"chart": chart.as_dict(), "data": data, "method": f"{source.__module__}.{source.__name__}"}


def forget_refusal() -> None:
	"""A refused figure shows as such on its card: not also as a message over the page."""
	if frappe.local.message_log:
		frappe.local.message_log.pop()
