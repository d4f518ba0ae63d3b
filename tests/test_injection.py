"""SQL-injection and script strings in every report filter, card and chart, whitelisted function,
link search and list view of the app: each is refused with a clean error or taken as plain text,
and nothing is executed.

The targets are discovered, not listed: the module's Script Reports (their filters read from each
report's .js, where the desk reads them, and from the Report record), the methods of its custom
Number Cards and Dashboard Chart Sources (the method of a chart source is declared in its .js
only), every @frappe.whitelist function of the app and the whitelisted methods of its controllers,
and every DocType of the module (link search, list API). A new report, card, method or DocType is
probed without editing this file; a parameter name the benign values below do not know gets a
harmless miss, so a new function is still probed, less deeply.

Script and template strings are saved in a customer, an item and a quotation, searched, and
printed with the quotation's print format: escaped, never run.

Oracles (tests/injection_support.py): no pymysql error (an unescaped quote is a syntax error), no
other crash, no more rows or a bigger figure than the same call given a harmless miss, no SLEEP
payload that slept, and a canary: the watched tables still exist with the same row counts, and a
customer that stacked UPDATEs aim at keeps its name.
"""

import inspect
import re
from contextlib import contextmanager
from types import SimpleNamespace

import frappe
import pytest
from frappe.desk.query_report import run
from frappe.desk.reportview import get as reportview_get
from frappe.desk.search import search_link
from frappe.utils import add_days, nowdate
from frappe.utils.nestedset import get_root_of

from tests.injection_support import (
	COMPACT,
	MISS,
	SLEEP,
	SQL,
	Findings,
	app_doctypes,
	app_document_methods,
	app_script_reports,
	app_whitelisted_functions,
	canary_payloads,
	chart_source_methods,
	database_snapshot,
	method_path,
	number_card_methods,
	parameters,
	probe,
	report_filter_fieldnames,
)
from tests.quotation_desk import selling_settings
from tests.sales_setup import sales_setup, transaction
from tests.support import assert_rejected

CANARY = "SF Injection Canary"


# --- the world every probe runs against ----------------------------------------------------------


@pytest.fixture(name="world")
def world_fixture():
	"""A company with a customer, items, and a submitted quotation, order and invoice (so that an
	injected "OR 1=1" has rows to leak), and the canary customer."""
	setup = sales_setup()
	frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": CANARY,
			"customer_group": get_root_of("Customer Group"),
			"territory": get_root_of("Territory"),
		}
	).insert()
	docs = {}
	for doctype in ("Quotation", "Sales Order", "Sales Invoice"):
		doc = transaction(doctype, setup, [(setup.a, 2), (setup.b, 1)])
		doc.insert()
		doc.submit()
		docs[doctype] = doc.name
	draft = {
		"doctype": "Quotation",
		"company": setup.company,
		"quotation_to": "Customer",
		"party_name": setup.customer,
		"transaction_date": nowdate(),
		"items": [{"item_code": setup.a, "qty": 1}],
	}
	return SimpleNamespace(setup=setup, docs=docs, draft=draft)


@pytest.fixture(name="hostile")
def hostile_fixture(world) -> tuple[str, ...]:
	return (*SQL, *canary_payloads(CANARY))


@pytest.fixture(name="compact")
def compact_fixture(world) -> tuple[str, ...]:
	return (*COMPACT, *canary_payloads(CANARY))


@contextmanager
def intact_database():
	"""Nothing a payload carried ran as SQL: same tables, same counts, the canary untouched."""
	before = database_snapshot(CANARY)
	assert before["canary"] == CANARY
	yield
	assert database_snapshot(CANARY) == before


def sleeps(payload: str) -> bool:
	return payload in SLEEP


# --- discovery: the probes reach what the app has ------------------------------------------------


# every filter of each report's .js, whether written out or built by public/js/report_filters.js
REPORT_FILTERS = {
	"Accounts Receivable": {"company", "report_date", "customer"},
	"Customer Acquisition and Loyalty": {"company", "from_date", "to_date"},
	"Inactive Customers": {"company", "days_since_last_order", "doc_type"},
	"Item-wise Sales History": {"company", "from_date", "to_date", "item_group", "item_code", "customer"},
	"Lost Quotations": {"company", "from_date", "to_date", "period", "lost_reason"},
	"Monthly Recurring Revenue": {"company", "from_date", "to_date"},
	"Quotation Follow-up Statistics": {"company", "from_date", "to_date", "user"},
	"Quotation Trends": {"company", "from_date", "to_date", "period", "based_on"},
	"Sales Analytics": {
		"tree_type",
		"doc_type",
		"value_quantity",
		"from_date",
		"to_date",
		"company",
		"range",
	},
	"Sales Funnel": {"company", "from_date", "to_date"},
	"Sales Order Analysis": {"company", "from_date", "to_date", "status", "customer", "sales_order"},
	"Sales Partner Commission": {"doctype", "company", "from_date", "to_date", "sales_partner"},
	"Sales Person Commission Summary": {"doctype", "company", "from_date", "to_date", "sales_person"},
	"Sales Person Target Variance Based On Item Group": {
		"fiscal_year",
		"period",
		"doctype",
		"target_on",
		"company",
		"sales_person",
	},
	"Territory Target Variance Based On Item Group": {
		"fiscal_year",
		"period",
		"doctype",
		"target_on",
		"company",
		"territory",
	},
}


def test_the_discovery_reads_every_filter_built_by_the_shared_report_filter_helpers():
	for report, fieldnames in REPORT_FILTERS.items():
		assert set(report_filter_fieldnames(report)) == fieldnames, report


def test_the_discovery_finds_the_reports_filters_cards_charts_methods_and_doctypes():
	reports = app_script_reports()
	assert {"Lost Quotations", "Sales Analytics", "Accounts Receivable"} <= set(reports)
	for report in reports:
		assert report_filter_fieldnames(report), f"no filter found for report {report}"
	assert {"company", "from_date", "to_date", "lost_reason"} <= set(
		report_filter_fieldnames("Lost Quotations")
	)
	assert number_card_methods()["Win Rate 90 Days"] == "sales_flow.analytics.cards.quotation_win_rate"
	assert chart_source_methods()["Top Items"] == "sales_flow.analytics.charts.top_items"
	paths = {method_path(fn) for fn in app_whitelisted_functions()}
	assert "sales_flow.sales_flow.doctype.quotation.quotation.make_sales_order" in paths
	assert "sales_flow.controllers.form_api.get_item_details" in paths
	assert {"Quotation", "Customer", "Item", "Sales Invoice"} <= set(app_doctypes())


def test_the_oracles_catch_a_query_that_splices_its_argument():
	"""The suite can fail: a query built by string formatting is caught by the row count (a quote
	breaker returns every customer, and there is at least one) and by the SQL error (a lone
	backslash breaks the statement)."""
	frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": CANARY,
			"customer_group": get_root_of("Customer Group"),
			"territory": get_root_of("Territory"),
		}
	).insert()

	def spliced(value: str):
		return frappe.db.sql(f"select name from `tabCustomer` where name = '{value}'")

	findings = Findings()
	miss = probe(spliced, MISS)
	for payload in (SQL[0], "\\"):
		findings.check("spliced", payload, probe(spliced, payload), miss)
	assert [kind for _target, kind in findings.problems] == ["more rows", "sql-error ProgrammingError"]


# --- reports -------------------------------------------------------------------------------------


def base_filters(world) -> dict:
	return {
		"company": world.setup.company,
		"from_date": add_days(nowdate(), -365),
		"to_date": add_days(nowdate(), 30),
	}


def report_execute(report: str):
	"""The report's own execute(filters): where its SQL is; the desk's run() wraps it with Frappe's
	checks (and about 25 ms), so the full batch goes here and a few payloads through run()."""
	module = frappe.scrub(report)
	return frappe.get_attr(f"sales_flow.sales_flow.report.{module}.{module}.execute")


def report_rows(execute, filters: dict) -> list:
	"""The data rows of execute(filters) (columns, data, message, chart...)."""
	result = execute(frappe._dict(filters))
	return result[1] if isinstance(result, tuple | list) and len(result) > 1 else result


# what run() gets too: a quote breaker, a stacked statement on the canary, a SLEEP
THROUGH_THE_DESK = (SQL[0], SQL[3], SLEEP[0])


def test_every_script_report_refuses_or_escapes_hostile_filter_values_and_keys(world, hostile):
	findings = Findings()
	with intact_database():
		for report in app_script_reports():
			execute, base = report_execute(report), base_filters(world)
			benign = probe(report_rows, execute, base)
			assert benign.verdict == "result", f"{report} does not run on {base}: {benign.describe()}"
			for fieldname in report_filter_fieldnames(report):
				target = f"report {report}, filter {fieldname}"
				miss = probe(report_rows, execute, {**base, fieldname: MISS})
				for payload in hostile:
					filters = frappe._dict({**base, fieldname: payload})
					outcome = probe(report_rows, execute, filters, sleeps=sleeps(payload))
					findings.check(target, payload, outcome, miss)
					if payload in THROUGH_THE_DESK:
						outcome = probe(run, report, filters, sleeps=sleeps(payload))
						findings.check(f"{target} (query_report.run)", payload, outcome, miss)
			# keys the report does not know: ignored or refused, never spliced into SQL
			for payload in SQL[:6]:
				outcome = probe(report_rows, execute, {**base, payload: "1"})
				findings.check(f"report {report}, unknown filter key", payload, outcome, benign)
	findings.assert_none()


# --- number cards and chart sources --------------------------------------------------------------


def card_and_chart_methods() -> dict[str, str]:
	methods = {f"number card {card}": method for card, method in number_card_methods().items()}
	methods |= {f"chart source {source}": method for source, method in chart_source_methods().items()}
	return methods


def test_number_cards_and_chart_sources_refuse_or_escape_hostile_filters(world, hostile, compact):
	findings = Findings()
	with intact_database():
		for target, path in card_and_chart_methods().items():
			assert path, f"{target} names no method"
			method = frappe.get_attr(path)
			assert method in frappe.whitelisted, f"{target}: {path} is not whitelisted"
			for key in ("company", "from_date", "to_date"):
				miss = probe(method, filters={key: MISS})
				for payload in hostile:
					as_dict = probe(method, filters={key: payload}, sleeps=sleeps(payload))
					findings.check(f"{target} {{{key}: ...}}", payload, as_dict, miss)
				for payload in compact:
					# the card's own [doctype, field, "=", value] rows, as a JSON string
					rows = frappe.as_json([["X", key, "=", payload]])
					as_rows = probe(method, filters=rows, sleeps=sleeps(payload))
					findings.check(f"{target} [[X, {key}, =, ...]]", payload, as_rows, miss)
			for payload in SQL[:6]:
				findings.check(f"{target} unknown key", payload, probe(method, filters={payload: "1"}))
				findings.check(f"{target} filters string", payload, probe(method, filters=payload))
	findings.assert_none()


# --- whitelisted functions -----------------------------------------------------------------------


def doctype_of_module(fn) -> str | None:
	"""sales_flow.sales_flow.doctype.sales_order.sales_order -> Sales Order."""
	parts = fn.__module__.split(".")
	if "doctype" in parts and len(parts) > parts.index("doctype") + 1:
		folder = parts[parts.index("doctype") + 1]
		return next((d for d in app_doctypes() if frappe.scrub(d) == folder), None)
	return None


def benign_arguments(fn, world) -> dict:
	"""Harmless values for a function's parameters, by name, so that each hostile one is reached:
	the DocType of the function's module for names, the world's records, a draft quotation for `doc`."""
	own = doctype_of_module(fn)
	own_name = world.docs.get(own) if own else None
	by_name = {
		"doc": frappe.as_json(world.draft),
		"quotation": frappe.as_json(world.draft),
		"item_code": world.setup.a,
		"uom": "Unit",
		"party": world.setup.customer,
		"customer": world.setup.customer,
		"company": world.setup.company,
		"currency": "EUR",
		"dt": "Sales Invoice",
		"dn": world.docs["Sales Invoice"],
		"doctype": "Quotation",
		"name": own_name or world.docs["Quotation"],
		"names": frappe.as_json([world.docs["Quotation"]]),
		"source_name": own_name or MISS,
		"paid_amount": 10,
		"party_amount": 10,
		"percentage": 30,
		"grand_total": 100,
		"posting_date": nowdate(),
		"effective_date": nowdate(),
		"at_period_end": 0,
		"plans": "[]",
		"chosen_alternatives": "[]",
	}
	values = {}
	for parameter in parameters(fn):
		if parameter.name in by_name:
			values[parameter.name] = by_name[parameter.name]
		elif parameter.default is inspect.Parameter.empty:
			values[parameter.name] = MISS
	return values


# a mapper's target document, and the chart plumbing Frappe passes to every chart source (our
# sources ignore it): no string of these reaches a query
NOT_PROBED = {"target_doc", "no_cache", "refresh", "chart", "heatmap_year"}


def test_every_whitelisted_function_refuses_or_escapes_hostile_arguments(world, hostile):
	findings = Findings()
	with intact_database():
		for fn in app_whitelisted_functions():
			benign = benign_arguments(fn, world)
			for parameter in parameters(fn):
				if parameter.name in NOT_PROBED:
					continue
				target = f"{method_path(fn)}({parameter.name}=...)"
				miss = probe(fn, **{**benign, parameter.name: MISS})
				for payload in hostile:
					outcome = probe(fn, **{**benign, parameter.name: payload}, sleeps=sleeps(payload))
					findings.check(target, payload, outcome, miss)
	findings.assert_none()


# --- link search and list views of every DocType --------------------------------------------------

# the searchable or sortable places where a string could become SQL, with the value put there
SEARCH_FIELD_PAYLOADS = SQL[:7]


def test_link_search_of_every_doctype_takes_hostile_text_searchfield_and_filters_as_text(
	world, hostile, compact
):
	findings = Findings()
	with intact_database():
		for doctype in app_doctypes():
			miss = probe(search_link, doctype, MISS)
			for payload in hostile:
				outcome = probe(search_link, doctype, payload, sleeps=sleeps(payload))
				findings.check(f"search_link {doctype} txt", payload, outcome, miss)
			for payload in compact:
				outcome = probe(search_link, doctype, "", filters={"name": payload}, sleeps=sleeps(payload))
				findings.check(f"search_link {doctype} filters", payload, outcome, miss)
			for payload in SEARCH_FIELD_PAYLOADS:
				outcome = probe(search_link, doctype, "a", searchfield=payload)
				findings.check(f"search_link {doctype} searchfield", payload, outcome)
				outcome = probe(search_link, doctype, "", filters={payload: "x"})
				findings.check(f"search_link {doctype} filter field", payload, outcome)
	findings.assert_none()


def list_rows(doctype: str, **args) -> list:
	frappe.local.form_dict = frappe._dict(doctype=doctype, fields=frappe.as_json(["name"]), **args)
	try:
		result = reportview_get()  # {"keys", "values"}, or [] when nothing matched
		return result.get("values") or [] if isinstance(result, dict) else result
	finally:
		frappe.local.form_dict = frappe._dict()


def test_list_views_of_every_doctype_refuse_hostile_filters_fields_and_order(world, compact):
	"""Frappe sanitises these; the check is that none of our DocTypes adds raw SQL on the way
	(permission query conditions, virtual list controllers)."""
	findings = Findings()
	with intact_database():
		for doctype in app_doctypes():
			miss = probe(frappe.client.get_list, doctype, filters={"name": MISS})
			for payload in compact:
				outcome = probe(
					frappe.client.get_list, doctype, filters={"name": payload}, sleeps=sleeps(payload)
				)
				findings.check(f"get_list {doctype} filters", payload, outcome, miss)
				rows = [[doctype, "name", "like", payload]]
				outcome = probe(list_rows, doctype, filters=frappe.as_json(rows), sleeps=sleeps(payload))
				findings.check(f"reportview.get {doctype} like filter", payload, outcome, miss)
			for payload in SEARCH_FIELD_PAYLOADS[:4]:
				outcome = probe(frappe.client.get_list, doctype, order_by=payload)
				findings.check(f"get_list {doctype} order_by", payload, outcome)
				outcome = probe(list_rows, doctype, order_by=payload)
				findings.check(f"reportview.get {doctype} order_by", payload, outcome)
				outcome = probe(frappe.client.get_list, doctype, fields=[payload])
				findings.check(f"get_list {doctype} fields", payload, outcome)
	findings.assert_none()


# --- script and template strings saved in documents, searched and printed -------------------------

XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
# evaluated, this would print 1400221
JINJA = "{{ 191*7331 }} {% raw %}x{% endraw %}"
EVALUATED = str(191 * 7331)


def executable_markup(html: str) -> list[str]:
	"""The payloads as a browser would run them (the print page has scripts of its own)."""
	return re.findall(r"<script>alert\(1\)|<img[^>]*\bonerror\s*=", html, flags=re.IGNORECASE)


def test_script_and_template_strings_are_stored_as_text_found_by_search_and_never_run_in_print(world):
	setup = world.setup
	with selling_settings(cust_master_name="Naming Series"):  # a name may not hold < or >
		customer = frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": f"{XSS[0]} {JINJA} Dupont",
				"customer_group": get_root_of("Customer Group"),
				"territory": get_root_of("Territory"),
				"default_price_list": setup.price_list,
			}
		).insert()
	item = frappe.get_doc("Item", setup.a)
	item.item_name = f"{XSS[1]} {JINJA} Widget"
	item.description = f"<p>{XSS[0]}{XSS[1]} {JINJA}</p>"
	item.save()
	quotation = transaction("Quotation", setup, [(setup.a, 1)], party_name=customer.name, remarks=XSS[0])
	quotation.insert()

	# saved as text: Frappe's sanitizer escapes the script and drops the event handler on save, and
	# leaves the Jinja alone (it is text until something renders it as a template)
	stored = [customer.customer_name, item.item_name, item.description, quotation.remarks]
	assert not [value for value in stored if executable_markup(value)], stored
	assert "&lt;script&gt;" in customer.customer_name and "{{ 191*7331 }}" in customer.customer_name
	assert quotation.customer_name == customer.customer_name

	# searched: the text finds its own record and nothing else
	assert [row["value"] for row in search_link("Customer", "191*7331")] == [customer.name]

	# printed: the Jinja of the data is printed as typed, never evaluated; no markup runs
	html = frappe.get_print("Quotation", quotation.name, "Devis")
	assert "{{ 191*7331 }}" in html and EVALUATED not in html
	assert not executable_markup(html), executable_markup(html)
	assert "alert(1)" in html  # the texts are there, as text


def test_print_escapes_a_script_stored_behind_the_sanitizer(world):
	"""Data written straight to the database (an import, a patch) reaches the print unsanitized:
	the print format must escape it itself."""
	quotation = transaction("Quotation", world.setup, [(world.setup.a, 1)])
	quotation.insert()
	frappe.db.set_value("Quotation", quotation.name, "customer_name", f"{XSS[0]} {JINJA}")
	frappe.db.set_value("Quotation Item", quotation.items[0].name, "item_name", XSS[1])
	html = frappe.get_print("Quotation", quotation.name, "Devis")
	assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
	assert "&lt;img src=x onerror=alert(1)&gt;" in html
	assert "{{ 191*7331 }}" in html and EVALUATED not in html
	assert not executable_markup(html), executable_markup(html)


# --- whitelisted document methods (the form's buttons: run_doc_method) ----------------------------

DOC_METHOD_ARGUMENTS = {
	"channel": "Phone",
	"follow_up_date": nowdate(),
	"next_follow_up_date": add_days(nowdate(), 7),
}


def call_document_method(doctype: str, name: str, method: str, **kwargs):
	return getattr(frappe.get_doc(doctype, name), method)(**kwargs)


def test_whitelisted_document_methods_refuse_or_escape_hostile_arguments(world, hostile):
	"""Run on the world's submitted documents (a method of a DocType the world has no record of is
	left to the function sweep above: its module-level twins)."""
	reason = frappe.get_doc({"doctype": "Quotation Lost Reason", "order_lost_reason": "SF Price"}).insert()
	benign = {**DOC_METHOD_ARGUMENTS, "lost_reasons": reason.name, "lost_reasons_list": reason.name}
	findings, reached = Findings(), 0
	with intact_database():
		for doctype, fn in app_document_methods():
			if doctype not in world.docs:
				continue
			reached += 1
			name, method = world.docs[doctype], fn.__name__
			arguments = [p for p in parameters(fn) if p.name != "self"]
			for parameter in arguments:
				values = {p.name: benign[p.name] for p in arguments if p.name in benign}
				target = f"{doctype}.{method}({parameter.name}=...)"
				miss = probe(call_document_method, doctype, name, method, **{**values, parameter.name: MISS})
				for payload in hostile:
					given = {**values, parameter.name: payload}
					outcome = probe(
						call_document_method, doctype, name, method, sleeps=sleeps(payload), **given
					)
					findings.check(target, payload, outcome, miss)
	assert reached, "no whitelisted method of the world's documents found"
	findings.assert_none()


def test_a_malformed_json_argument_or_an_unknown_doctype_gets_a_clear_message(world):
	"""What the sweeps above found as bare 500s (JSONDecodeError, ImportError) now say what is wrong."""
	from sales_flow.analytics.cards import revenue_this_month
	from sales_flow.controllers.form_api import get_item_details
	from sales_flow.printing.email import email_recipients

	assert_rejected(lambda: get_item_details(SQL[0], world.setup.a), "doc must be valid JSON")
	assert_rejected(lambda: revenue_this_month(filters=SQL[2]), "filters must be valid JSON")
	assert_rejected(
		lambda: email_recipients(SQL[0], world.docs["Quotation"]),
		f"DocType {SQL[0]} does not exist",
		frappe.DoesNotExistError,
	)
