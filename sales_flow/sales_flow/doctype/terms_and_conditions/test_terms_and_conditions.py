import json

import frappe
import pytest
from frappe.utils import formatdate

from sales_flow.patches import terms_formatting_filters
from sales_flow.sales_flow.doctype.terms_and_conditions.terms_and_conditions import (
	get_terms_and_conditions,
	jinja_source,
	render_terms,
)
from tests.support import as_user, assert_rejected, make_user

DOCTYPE = "Terms and Conditions"
TERMS = "<p>Devis pour {{ customer_name }}, valable jusqu'au {{ doc.valid_till }}.</p>"
QUOTATION = {
	"doctype": "Quotation",
	"customer_name": "Boulangerie Martin",
	"valid_till": "2026-12-31",
	"grand_total": 1500,
}


def terms_and_conditions(title: str = "Test CGV", terms: str = TERMS, **values):
	doc = {"doctype": DOCTYPE, "title": title, "terms": terms}
	doc.update(values)
	return frappe.get_doc(doc)


def test_named_after_its_title_for_selling_by_default():
	doc = terms_and_conditions("  Test CGV ").insert()
	assert doc.name == "Test CGV"
	assert (doc.selling, doc.buying, doc.disabled) == (1, 0, 0)


def test_a_title_is_used_once():
	terms_and_conditions().insert()
	before = frappe.db.count(DOCTYPE)
	with pytest.raises(frappe.DuplicateEntryError):
		terms_and_conditions().insert()
	assert frappe.db.count(DOCTYPE) == before


@pytest.mark.parametrize(
	"terms",
	[
		"<p>{% if grand_total %}Total {{ grand_total }}</p>",  # unclosed block
		"<p>{{ customer_name </p>",
		"<p>{% endif %}</p>",
	],
)
def test_terms_that_are_not_valid_jinja_are_rejected_and_nothing_is_written(terms):
	before = frappe.db.count(DOCTYPE)
	assert_rejected(lambda: terms_and_conditions(terms=terms).insert(), "Syntax error in template")
	assert frappe.db.count(DOCTYPE) == before


def test_a_title_is_mandatory():
	before = frappe.db.count(DOCTYPE)
	assert_rejected(lambda: terms_and_conditions("   ").insert(), "Title")
	assert frappe.db.count(DOCTYPE) == before


def test_terms_are_rendered_with_the_fields_of_the_document():
	terms_and_conditions().insert()
	rendered = get_terms_and_conditions("Test CGV", QUOTATION)
	assert rendered == "<p>Devis pour Boulangerie Martin, valable jusqu'au 2026-12-31.</p>"


def test_the_document_may_come_as_json_from_the_desk():
	terms_and_conditions().insert()
	rendered = get_terms_and_conditions("Test CGV", json.dumps(QUOTATION))
	assert "Devis pour Boulangerie Martin" in rendered


def test_comparisons_survive_the_editor_escaping():
	terms = "<p>{% if grand_total > 1000 %}Acompte de 30 % à la commande.{% else %}Paiement comptant.{% endif %}</p>"
	terms_and_conditions(terms=terms).insert()
	# stored escaped, as the desk editor and Frappe's sanitizer do
	assert "&gt;" in frappe.db.get_value(DOCTYPE, "Test CGV", "terms")
	assert get_terms_and_conditions("Test CGV", QUOTATION) == "<p>Acompte de 30 % à la commande.</p>"
	assert (
		get_terms_and_conditions("Test CGV", {**QUOTATION, "grand_total": 200}) == "<p>Paiement comptant.</p>"
	)


def test_only_the_jinja_tags_are_unescaped():
	source = "<p>a &gt; b {{ x &gt; 1 }} {% if y &lt; 2 %}&amp;{% endif %}</p>"
	assert jinja_source(source) == "<p>a &gt; b {{ x > 1 }} {% if y < 2 %}&amp;{% endif %}</p>"


def test_a_one_line_text_ending_like_a_file_name_is_text_not_a_template_path():
	terms_and_conditions(terms="Voir nos conditions générales sur exemple.fr/cgv.html").insert()
	assert (
		get_terms_and_conditions("Test CGV", QUOTATION)
		== "Voir nos conditions générales sur exemple.fr/cgv.html"
	)


def test_disabled_terms_are_refused():
	terms_and_conditions(disabled=1).insert()
	assert_rejected(
		lambda: get_terms_and_conditions("Test CGV", QUOTATION), "Terms and Conditions Test CGV is disabled"
	)


def test_rendering_needs_read_permission_on_the_terms():
	terms_and_conditions().insert()
	with as_user(make_user(["Sales User"])):
		assert "Boulangerie Martin" in get_terms_and_conditions("Test CGV", QUOTATION)
	with as_user(make_user([], email="no-terms-roles@test.sales-flow.fr")):
		with pytest.raises(frappe.PermissionError):
			get_terms_and_conditions("Test CGV", QUOTATION)


@pytest.mark.parametrize(
	"roles, can_write",
	[
		(["Sales Master Manager"], True),
		(["Accounts User"], False),
		(["Sales Manager"], False),
		(["Sales User"], False),
	],
)
def test_who_writes_terms(roles, can_write):
	with as_user(make_user(roles)):
		assert frappe.has_permission(DOCTYPE, "read")
		assert frappe.has_permission(DOCTYPE, "create") == can_write
		assert frappe.has_permission(DOCTYPE, "delete") == can_write


def test_a_sales_master_manager_creates_terms_and_a_sales_user_cannot():
	with as_user(make_user(["Sales Master Manager"])):
		terms_and_conditions().insert()
	before = frappe.db.count(DOCTYPE)
	with as_user(make_user(["Sales User"])):
		with pytest.raises(frappe.PermissionError):
			terms_and_conditions("Test CGV 2").insert()
	assert frappe.db.count(DOCTYPE) == before


def test_terms_stored_with_frappes_date_formatting_are_rewritten_with_the_date_filter():
	doc = terms_and_conditions(
		terms="<p>Jusqu'au {{ frappe.utils.formatdate(valid_till) if valid_till else '' }}.</p>"
	)
	doc.name = doc.title
	doc.db_insert()  # as stored before terms were checked
	assert_rejected(lambda: get_terms_and_conditions("Test CGV", QUOTATION), "frappe is not one of them")
	terms_formatting_filters.execute()
	assert get_terms_and_conditions("Test CGV", QUOTATION) == f"<p>Jusqu'au {formatdate('2026-12-31')}.</p>"
	assert get_terms_and_conditions("Test CGV", {"doctype": "Quotation"}) == "<p>Jusqu'au .</p>"


@pytest.mark.parametrize(
	"template",
	[
		"{{ 'a' * 1000000000 }}",
		"{{ 1000000000 * 'a' }}",
		"{{ 2 ** 100000000 }}",
		"{{ 'a' | center(1000000000) }}",
		"{{ ('ab' * 40000) | replace('a', 'aaaaaaaaaa') }}",
	],
)
def test_a_template_cannot_make_the_server_build_a_huge_text(template):
	rendered = lambda: render_terms(template, QUOTATION)  # noqa: E731
	assert_rejected(rendered, "cannot")


def test_ordinary_repetition_and_formatting_still_render():
	assert render_terms("{{ '-' * 20 }}|{{ 'x' | center(9) }}", QUOTATION) == "-" * 20 + "|    x    "


def test_replace_renders_within_its_bound():
	# Jinja hands replace its evaluation context first: the bounded wrapper must take it too
	assert (
		render_terms("{{ customer_name | replace('Martin', 'Durand') }}", QUOTATION) == "Boulangerie Durand"
	)
