"""Sales Taxes and Charges Template, and through it the rows of its child table Sales Taxes and Charges."""

import frappe
import pytest

from sales_flow.sales_flow.doctype.sales_taxes_and_charges_template.sales_taxes_and_charges_template import (
	get_default_sales_taxes_template,
)
from sales_flow.totals.taxes import validate_tax_rows
from tests.support import as_user, assert_rejected, make_user

DOCTYPE = "Sales Taxes and Charges Template"
VAT_20 = "44571 TVA collectée 20 %"
VAT_10 = "44571 TVA collectée 10 %"


def make_company(name: str = "Test Taxes SARL", abbr: str = "TTXS") -> str:
	if not frappe.db.exists("Company", name):
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": name,
				"abbr": abbr,
				"default_currency": "EUR",
				"country": "France",
			}
		).insert()
	return name


def vat(rate: float = 20, account: str = VAT_20, **values) -> dict:
	row = {"charge_type": "On Net Total", "account_head": account, "rate": rate}
	row.update(values)
	return row


def template(title: str = "Test TVA 20 %", taxes: list | None = None, **values):
	doc = {"doctype": DOCTYPE, "title": title, "company": make_company(), "taxes": taxes or [vat()]}
	doc.update(values)
	return frappe.get_doc(doc)


def test_named_after_the_title_and_the_company_abbreviation():
	doc = template().insert()
	assert doc.name == "Test TVA 20 % - TTXS"
	assert frappe.db.get_value(DOCTYPE, doc.name, "company") == "Test Taxes SARL"


def test_the_same_title_in_two_companies_gives_two_templates():
	first = template().insert()
	second = template(company=make_company("Test Taxes Bis SAS", "TTXB")).insert()
	assert (first.name, second.name) == ("Test TVA 20 % - TTXS", "Test TVA 20 % - TTXB")


def test_named_after_the_title_alone_when_the_company_has_no_abbreviation():
	company = make_company()
	frappe.db.set_value("Company", company, "abbr", "")
	assert template().insert().name == "Test TVA 20 %"


def test_rows_are_completed_description_from_the_account_and_a_clean_reference():
	doc = template(
		taxes=[
			vat(description="TVA 20 %"),
			vat(account="Éco-contribution", charge_type="Actual", tax_amount=2.5, row_id="1"),
			vat(5, account="Taxe locale", charge_type="On Previous Row Total", row_id=" 2 "),
		]
	).insert()
	doc = frappe.get_doc(DOCTYPE, doc.name)
	assert [row.description for row in doc.taxes] == ["TVA 20 %", "Éco-contribution", "Taxe locale"]
	# a reference left over on a type that has none is dropped; a real one is kept as a bare number
	assert [row.row_id for row in doc.taxes] == [None, None, "2"]


def test_an_included_tax_may_refer_to_an_included_row():
	doc = template(
		taxes=[
			vat(included_in_print_rate=1),
			vat(
				1,
				account="Taxe sur la TVA",
				charge_type="On Previous Row Amount",
				row_id="1",
				included_in_print_rate=1,
			),
		]
	).insert()
	assert [row.included_in_print_rate for row in doc.taxes] == [1, 1]


def previous(row_id, charge_type="On Previous Row Amount", rate=10, **values):
	return vat(rate, account="Taxe additionnelle", charge_type=charge_type, row_id=row_id, **values)


BAD_ROWS = [
	pytest.param(
		[previous("1")],
		"Row #1: charge type On Previous Row Amount cannot be used on the first row",
		id="previous-row-type-on-first-row",
	),
	pytest.param(
		[vat(), previous("5")], "Row #2: Reference Row # 5 does not exist", id="reference-to-a-missing-row"
	),
	pytest.param(
		[vat(), previous("0")], "Row #2: Reference Row # 0 does not exist", id="reference-to-row-zero"
	),
	pytest.param(
		[vat(), previous("2")], "Row #2: Reference Row # 2 must be an earlier row", id="reference-to-itself"
	),
	pytest.param(
		[vat(), previous("3"), vat(10, VAT_10)],
		"Row #2: Reference Row # 3 must be an earlier row",
		id="reference-to-a-later-row",
	),
	pytest.param([vat(), previous("")], "Row #2: Reference Row # is mandatory", id="missing-reference"),
	pytest.param(
		[vat(), previous("1.5", "On Previous Row Total")],
		"Row #2: Reference Row # 1.5 is not a row number",
		id="reference-not-an-integer",
	),
	pytest.param(
		[vat(), previous("abc")], "Reference Row # abc is not a row number", id="reference-not-a-number"
	),
	pytest.param(
		[vat(charge_type="Actual", tax_amount=5, included_in_print_rate=1)],
		"Row #1: a tax of type Actual cannot be included in the basic rate",
		id="actual-included-in-rate",
	),
	pytest.param(
		[vat(), previous("1", included_in_print_rate=1)],
		"Row #2: this tax is included in the basic rate, so the row it refers to (row #1) must be included",
		id="included-refers-to-not-included",
	),
	pytest.param([vat(120)], "Row #1: Rate 120 must be between 0 and 100", id="rate-above-100"),
	pytest.param([vat(), vat(-5, VAT_10)], "Row #2: Rate -5 must be between 0 and 100", id="negative-rate"),
	pytest.param(
		[vat(), previous("1", rate=101)],
		"Row #2: Rate 101 must be between 0 and 100",
		id="previous-row-rate-above-100",
	),
	pytest.param(
		[vat(charge_type="Actual", tax_amount=-10)],
		"Row #1: Amount cannot be negative for type Actual",
		id="negative-actual-amount",
	),
	pytest.param(
		[vat(charge_type="On Gross Total")],
		"Type (line 1 of the table Sales Taxes and Charges): On Gross Total is not one of the allowed values",
		id="unknown-charge-type",
	),
]


@pytest.mark.parametrize("taxes, message", BAD_ROWS)
def test_bad_tax_rows_are_rejected_and_nothing_is_written(taxes, message):
	template().insert()  # something already there, so the count would move on a partial write
	before = frappe.db.count(DOCTYPE), frappe.db.count("Sales Taxes and Charges")
	assert_rejected(lambda: template("Test Bad Taxes", taxes=taxes).insert(), message)
	assert (frappe.db.count(DOCTYPE), frappe.db.count("Sales Taxes and Charges")) == before


def test_a_bad_row_added_to_a_saved_template_is_rejected_and_the_saved_rows_stay():
	doc = template().insert()
	doc.append("taxes", previous("7"))
	assert_rejected(doc.save, "Row #2: Reference Row # 7 does not exist")
	assert frappe.db.count("Sales Taxes and Charges", {"parent": doc.name}) == 1


@pytest.mark.parametrize(
	"values, message",
	[
		({"title": "   "}, "Title"),
		({"company": "Test No Such Company"}, "Test No Such Company"),
		({"is_default": 1, "disabled": 1}, "A disabled template cannot be the default"),
		({"taxes": [vat(account="")]}, "Account"),
	],
)
def test_bad_header_values_are_rejected_and_nothing_is_written(values, message):
	before = frappe.db.count(DOCTYPE)
	assert_rejected(lambda: template(**values).insert(), message)
	assert frappe.db.count(DOCTYPE) == before


def test_only_one_default_template_per_company():
	first = template("Test TVA 20 %", is_default=1).insert()
	assert get_default_sales_taxes_template(first.company) == first.name
	second = template("Test TVA 10 %", taxes=[vat(10, VAT_10)], is_default=1).insert()
	assert get_default_sales_taxes_template(first.company) == second.name
	assert frappe.db.get_value(DOCTYPE, first.name, "is_default") == 0
	# saving the first one as default again takes the role back
	first.reload()
	first.is_default = 1
	first.save()
	assert frappe.db.get_value(DOCTYPE, second.name, "is_default") == 0
	assert get_default_sales_taxes_template(first.company) == first.name


def test_the_default_of_one_company_leaves_the_other_company_alone():
	mine = template(is_default=1).insert()
	other = template(company=make_company("Test Taxes Bis SAS", "TTXB"), is_default=1).insert()
	assert frappe.db.get_value(DOCTYPE, mine.name, "is_default") == 1
	assert get_default_sales_taxes_template(other.company) == other.name


def test_no_default_template():
	template().insert()
	assert get_default_sales_taxes_template(make_company()) is None


def test_a_sales_user_reads_templates_but_cannot_create_one():
	existing = template().insert()
	with as_user(make_user(["Sales User"])):
		assert frappe.has_permission(DOCTYPE, "read", existing.name)
		assert frappe.get_doc(DOCTYPE, existing.name).taxes[0].account_head == VAT_20
		before = frappe.db.count(DOCTYPE)
		with pytest.raises(frappe.PermissionError):
			template("Test TVA 10 %", taxes=[vat(10, VAT_10)]).insert()
	assert frappe.db.count(DOCTYPE) == before


def test_an_accounts_user_creates_templates():
	make_company()
	with as_user(make_user(["Accounts User"])):
		doc = template().insert()
	assert frappe.db.exists(DOCTYPE, doc.name)


@pytest.mark.parametrize(
	"roles, can_write",
	[
		(["Accounts User"], True),
		(["Sales Master Manager"], False),
		(["Sales Manager"], False),
		(["Sales User"], False),
	],
)
def test_who_writes_templates(roles, can_write):
	with as_user(make_user(roles)):
		assert frappe.has_permission(DOCTYPE, "read")
		assert frappe.has_permission(DOCTYPE, "create") == can_write
		assert frappe.has_permission(DOCTYPE, "write") == can_write


def test_validate_tax_rows_works_on_plain_dicts_for_transactions():
	rows = [
		frappe._dict(vat()),
		{"charge_type": "On Previous Row Total", "account_head": "Taxe locale", "rate": 1, "row_id": 1},
	]
	validate_tax_rows(rows)
	assert rows[0].description == VAT_20
	assert rows[1]["row_id"] == "1"
	rows.insert(0, previous("2"))
	assert_rejected(
		lambda: validate_tax_rows(rows), "Row #1: charge type On Previous Row Amount cannot be used"
	)
