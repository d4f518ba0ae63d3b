import frappe
import pytest

from sales_flow.regional.france.identifiers import (
	french_vat_key,
	siren_is_valid,
	siret_is_valid,
	vat_is_valid,
)
from tests.support import as_user, assert_rejected, make_user

# INSEE's own published identifiers: SIREN 552 100 554, establishment SIRET 552 100 554 00021
VALID_SIREN = "552100554"
VALID_SIRET = "55210055400021"


def company(**values):
	doc = {
		"doctype": "Company",
		"company_name": "Test Atelier SAS",
		"abbr": "tas",
		"default_currency": "EUR",
		"country": "France",
	}
	doc.update(values)
	return frappe.get_doc(doc)


def test_company_is_named_after_its_name_with_an_upper_case_abbreviation():
	doc = company(
		siren="552 100 554", siret=VALID_SIRET, tax_id=f"FR{french_vat_key(VALID_SIREN):02d}{VALID_SIREN}"
	)
	doc.insert()
	assert doc.name == "Test Atelier SAS"
	assert doc.abbr == "TAS"
	assert doc.siren == VALID_SIREN  # spaces typed by the user are removed
	assert doc.tax_id == "FR" + f"{french_vat_key(VALID_SIREN):02d}" + VALID_SIREN


def test_identifier_rules():
	assert siren_is_valid(VALID_SIREN)
	assert not siren_is_valid("552100555")
	assert siret_is_valid(VALID_SIRET)
	assert not siret_is_valid("55210055400022")
	assert siret_is_valid("35600000000010")  # La Poste: digit sum divisible by 5
	assert not siret_is_valid("35600000000011")
	assert vat_is_valid("FR40303265045")
	assert not vat_is_valid("FR41303265045")
	assert vat_is_valid("DE123456789")


@pytest.mark.parametrize(
	"values, message",
	[
		({"siren": "123456789"}, "SIREN 123456789 is not valid"),
		({"siret": "55210055400022"}, "is not valid"),
		({"siren": VALID_SIREN, "siret": "35600000000010"}, "does not start with the SIREN"),
		({"tax_id": "FR41303265045"}, "VAT number FR41303265045 is not valid"),
		({"siren": VALID_SIREN, "tax_id": "FR40303265045"}, "does not match the SIREN"),
		({"share_capital": -1}, "cannot be negative"),
	],
)
def test_bad_identifiers_are_rejected_and_nothing_is_written(values, message):
	assert_rejected(lambda: company(**values).insert(), message)
	assert not frappe.db.exists("Company", "Test Atelier SAS")


def test_abbreviation_must_be_unique():
	company().insert()
	assert_rejected(lambda: company(company_name="Other Co", abbr="TAS").insert(), "already used")
	assert not frappe.db.exists("Company", "Other Co")


def test_only_a_system_manager_creates_companies():
	rep = make_user(["Sales User"])
	with as_user(rep):
		assert frappe.has_permission("Company", "read")
		with pytest.raises(frappe.PermissionError):
			company().insert()
	assert not frappe.db.exists("Company", "Test Atelier SAS")
