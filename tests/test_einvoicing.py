"""E-invoicing over HTTP, against the real test server: every kind of invoice, downloaded by an
accountant as CII and as UBL 2.1, passes CEN's official EN 16931 rules (release 1.3.16, run with
SaxonC-HE: sales_flow/regional/france/en16931.py) with zero fatal failure, and a broken invoice does
not; the VAT category is data, checked on every save, and the printed mention is the XML's.
"""

import io
import os
import zipfile

import facturx
import frappe
import pytest
import requests
from frappe.utils.password import update_password
from lxml import etree

from sales_flow.regional.france.en16931 import fatal_failures
from tests.einvoicing_kinds import TRAINING_MENTION, invoice_world
from tests.support import committed_cleanup, make_user

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
PASSWORD = "E-Invoicing-Passw0rd!"
METHODS = "/api/method/sales_flow.regional.france.einvoice"
CII_NS = {
	"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
	"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}
UBL_NS = {
	"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
	"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
# the site speaks French: the legal mentions filled in from the category are stored in French
FRANCHISE = "TVA non applicable, art. 293 B du CGI"
# kind -> (type code, VAT categories of the breakdown, the exemption mention)
KINDS = {
	"several VAT rates": ("380", {"S"}, None),
	"line and document discounts": ("380", {"S"}, None),
	"discount on the grand total": ("380", {"S"}, None),
	"shipping charge": ("380", {"S"}, None),
	"other charges": ("380", {"S"}, None),
	"prices including VAT": ("380", {"S"}, None),
	"foreign currency": ("380", {"S"}, None),
	"down payment (386)": ("386", {"S"}, None),
	"final invoice after a down payment": ("380", {"S"}, None),
	"credit note (381)": ("381", {"S"}, None),
	"EU reverse charge (AE)": ("380", {"AE"}, "Autoliquidation"),
	"intra-EU supply of goods (K)": ("380", {"K"}, "Exonération de TVA, art. 262 ter I du CGI"),
	"export outside the EU (G)": ("380", {"G"}, "Exonération de TVA, art. 262 I du CGI"),
	"exempt (E with a VATEX code)": ("380", {"E"}, TRAINING_MENTION),
	"VAT franchise (293 B)": ("380", {"E"}, FRANCHISE),
	"zero rate (Z)": ("380", {"S", "Z"}, None),
}


def session_for(user: str) -> requests.Session:
	session = requests.Session()
	response = session.post(f"{URL}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=30)
	assert response.ok, response.text
	return session


@pytest.fixture(scope="module", name="world")
def world_fixture():
	"""One committed invoice of each kind, and an accountant's session."""
	tag = frappe.generate_hash(length=6)
	with committed_cleanup() as cleanup:
		world = invoice_world(tag, cleanup)
		accountant = make_user(["Accounts User"])
		update_password(accountant, PASSWORD)
		frappe.db.commit()
		world.accountant = session_for(accountant)
		yield world
	# the invoice counters of the throwaway company
	frappe.db.sql("delete from `tabSeries` where name like %s", (f"%-TCS{tag.upper()}-%",))
	frappe.db.commit()


def download(session: requests.Session, method: str, **params) -> requests.Response:
	return session.get(f"{URL}{METHODS}.{method}", params=params, timeout=120)


def xml_of(world, kind: str, syntax: str) -> bytes:
	response = download(world.accountant, f"download_{syntax.lower()}", name=world.invoices[kind])
	assert response.ok, response.text[:500]
	assert response.headers["Content-Type"].startswith("application/xml")
	assert f"{world.invoices[kind]}-{syntax.lower()}.xml" in response.headers["Content-Disposition"]
	return response.content


def cii_facts(xml: bytes) -> tuple[str, set[str], set[str]]:
	tree = etree.fromstring(xml)
	breakdown = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/"
	return (
		tree.xpath("//rsm:ExchangedDocument/ram:TypeCode/text()", namespaces=CII_NS)[0],
		set(tree.xpath(breakdown + "ram:CategoryCode/text()", namespaces=CII_NS)),
		set(tree.xpath(breakdown + "ram:ExemptionReason/text()", namespaces=CII_NS)),
	)


def ubl_facts(xml: bytes) -> tuple[str, set[str], set[str]]:
	tree = etree.fromstring(xml)
	category = "/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/"
	return (
		tree.xpath("/*/cbc:InvoiceTypeCode/text() | /*/cbc:CreditNoteTypeCode/text()", namespaces=UBL_NS)[0],
		set(tree.xpath(category + "cbc:ID/text()", namespaces=UBL_NS)),
		set(tree.xpath(category + "cbc:TaxExemptionReason/text()", namespaces=UBL_NS)),
	)


def assert_no_fatal_failure(xml: bytes, syntax: str) -> None:
	failures = fatal_failures(xml, syntax)
	assert not failures, "\n".join(map(str, failures))


# --- every kind of invoice, both syntaxes ---------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_of_invoice_passes_the_official_en16931_rules_in_cii_and_ubl(world, kind):
	type_code, categories, mention = KINDS[kind]
	mentions = {mention} if mention else set()
	cii = xml_of(world, kind, "CII")
	assert facturx.xml_check_xsd(cii, flavor="factur-x", level="en16931")
	assert_no_fatal_failure(cii, "CII")
	assert cii_facts(cii) == (type_code, categories, mentions)

	ubl = xml_of(world, kind, "UBL")
	assert_no_fatal_failure(ubl, "UBL")
	assert ubl_facts(ubl) == (type_code, categories, mentions)

	# the category is the invoice's data: stored on its lines, as the API returns them
	invoice = world.accountant.get(f"{URL}/api/resource/Sales Invoice/{world.invoices[kind]}", timeout=30)
	lines = invoice.json()["data"]["items"]
	assert {line["vat_category"] for line in lines} == categories
	assert {line["exemption_reason"] for line in lines if line["exemption_reason"]} == mentions


def test_the_figures_of_a_shipping_charge_and_of_a_final_invoice(world):
	"""The charge is a document-level charge at each rate it is taxed at (BR-CO-15: the total with
	VAT is the total without VAT plus the VAT); a down payment is a prepaid amount."""
	tree = etree.fromstring(xml_of(world, "shipping charge", "CII"))
	charges = "//ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeAllowanceCharge/"
	assert tree.xpath(charges + "ram:ActualAmount/text()", namespaces=CII_NS) == ["10.00", "11.10"]
	assert tree.xpath(
		charges + "ram:CategoryTradeTax/ram:RateApplicablePercent/text()", namespaces=CII_NS
	) == [
		"20.00",
		"10.00",
	]
	summation = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
	figures = {
		name: tree.xpath(f"{summation}{name}/text()", namespaces=CII_NS)[0]
		for name in (
			"LineTotalAmount",
			"ChargeTotalAmount",
			"TaxBasisTotalAmount",
			"TaxTotalAmount",
			"GrandTotalAmount",
		)
	}
	assert figures == {
		"LineTotalAmount": "211.00",
		"ChargeTotalAmount": "21.10",
		"TaxBasisTotalAmount": "232.10",
		"TaxTotalAmount": "34.21",
		"GrandTotalAmount": "266.31",
	}

	ubl = etree.fromstring(xml_of(world, "final invoice after a down payment", "UBL"))
	total = "/*/cac:LegalMonetaryTotal/cbc:"
	assert ubl.xpath(total + "TaxInclusiveAmount/text()", namespaces=UBL_NS) == ["1444.20"]
	assert ubl.xpath(total + "PrepaidAmount/text()", namespaces=UBL_NS) == ["433.26"]
	assert ubl.xpath(total + "PayableAmount/text()", namespaces=UBL_NS) == ["1010.94"]

	foreign = etree.fromstring(xml_of(world, "foreign currency", "UBL"))
	vat = foreign.xpath("/*/cac:TaxTotal/cbc:TaxAmount", namespaces=UBL_NS)
	invoice = frappe.get_doc("Sales Invoice", world.invoices["foreign currency"])
	assert [(node.get("currencyID"), node.text) for node in vat] == [
		("USD", f"{invoice.total_taxes_and_charges:.2f}"),
		("EUR", f"{invoice.base_total_taxes_and_charges:.2f}"),
	]


# --- the rules bite -------------------------------------------------------------------------------


def without(tree, xpath: str, namespaces: dict) -> None:
	for node in tree.xpath(xpath, namespaces=namespaces):
		node.getparent().remove(node)


def test_a_broken_invoice_fails_the_official_rules(world):
	"""The shipping charge added into the grand total without a document-level charge (as the
	Factur-X of the app did), and an exemption without its reason, are caught in both syntaxes."""
	cii = etree.fromstring(xml_of(world, "shipping charge", "CII"))
	without(cii, "//ram:SpecifiedTradeAllowanceCharge | //ram:ChargeTotalAmount", CII_NS)
	cii.xpath("//ram:TaxBasisTotalAmount", namespaces=CII_NS)[0].text = "211.00"
	assert "BR-CO-15" in {failure.rule for failure in fatal_failures(etree.tostring(cii), "CII")}

	ubl = etree.fromstring(xml_of(world, "shipping charge", "UBL"))
	without(ubl, "/*/cac:AllowanceCharge | //cbc:ChargeTotalAmount", UBL_NS)
	ubl.xpath("//cbc:TaxExclusiveAmount", namespaces=UBL_NS)[0].text = "211.00"
	assert "BR-CO-15" in {failure.rule for failure in fatal_failures(etree.tostring(ubl), "UBL")}

	exempt = etree.fromstring(xml_of(world, "exempt (E with a VATEX code)", "UBL"))
	without(exempt, "//cbc:TaxExemptionReason | //cbc:TaxExemptionReasonCode", UBL_NS)
	assert "BR-E-10" in {failure.rule for failure in fatal_failures(etree.tostring(exempt), "UBL")}

	reverse = etree.fromstring(xml_of(world, "EU reverse charge (AE)", "CII"))
	without(reverse, "//ram:BuyerTradeParty/ram:SpecifiedTaxRegistration", CII_NS)
	assert "BR-AE-02" in {failure.rule for failure in fatal_failures(etree.tostring(reverse), "CII")}


# --- downloads --------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["UBL", "CII", "Factur-X"])
def test_several_invoices_download_in_one_zip_each_valid(world, file_format):
	kinds = ["several VAT rates", "credit note (381)", "intra-EU supply of goods (K)"]
	names = [world.invoices[kind] for kind in kinds]
	response = world.accountant.get(
		f"{URL}{METHODS}.download_einvoices",
		params={"names": frappe.as_json(names), "file_format": file_format},
		timeout=300,
	)
	assert response.ok, response.text[:500]
	assert response.headers["Content-Type"] == "application/zip"
	archive = zipfile.ZipFile(io.BytesIO(response.content))
	suffix = {"UBL": "-ubl.xml", "CII": "-cii.xml", "Factur-X": "-factur-x.pdf"}[file_format]
	assert archive.namelist() == [name + suffix for name in names]
	for filename in archive.namelist():
		content = archive.read(filename)
		if file_format == "Factur-X":
			content = facturx.get_xml_from_pdf(content, check_xsd=True)[1]
		assert_no_fatal_failure(content, "UBL" if file_format == "UBL" else "CII")


def test_a_draft_an_unknown_format_and_a_guest_are_refused(world):
	draft = world.accountant.post(
		f"{URL}/api/resource/Sales Invoice",
		json={
			"customer": world.setup.customer,
			"company": world.setup.company,
			"items": [{"item_code": world.setup.a, "qty": 1}],
		},
		timeout=60,
	)
	assert draft.ok, draft.text[:500]
	name = draft.json()["data"]["name"]
	try:
		refused = download(world.accountant, "download_ubl", name=name)
		assert refused.status_code == 417
		assert "Only a submitted invoice is issued as an e-invoice" in refused.text
	finally:
		frappe.delete_doc("Sales Invoice", name, force=True, ignore_permissions=True)
		frappe.db.commit()
	unknown = world.accountant.get(
		f"{URL}{METHODS}.download_einvoices",
		params={"names": frappe.as_json([world.invoices["several VAT rates"]]), "file_format": "PDF"},
		timeout=60,
	)
	assert unknown.status_code == 417 and "Unknown e-invoice format" in unknown.text
	guest = requests.get(
		f"{URL}{METHODS}.download_ubl", params={"name": world.invoices["several VAT rates"]}, timeout=30
	)
	assert guest.status_code == 403


def test_the_printed_mention_is_the_one_the_xml_sends(world):
	for kind in ("VAT franchise (293 B)", "EU reverse charge (AE)", "exempt (E with a VATEX code)"):
		name = world.invoices[kind]
		page = world.accountant.get(
			f"{URL}/printview",
			params={"doctype": "Sales Invoice", "name": name, "format": "Facture"},
			timeout=60,
		)
		assert page.ok, page.text[:300]
		mention = KINDS[kind][2]
		assert f'<p class="sf-vat-mention">{frappe.utils.escape_html(mention)}</p>' in page.text, kind
	standard = world.accountant.get(
		f"{URL}/printview",
		params={"doctype": "Sales Invoice", "name": world.invoices["several VAT rates"], "format": "Facture"},
		timeout=60,
	)
	assert standard.ok and "sf-vat-mention" not in standard.text


# --- the VAT category as data, refused when inconsistent ------------------------------------------


def rest_insert(world, doctype: str, values: dict) -> requests.Response:
	response = world.accountant.post(f"{URL}/api/resource/{doctype}", json=values, timeout=60)
	if response.ok:
		world.created.append((doctype, response.json()["data"]["name"]))
	return response


def zero_rates() -> list[dict]:
	return [{"tax_type": "TVA 20", "tax_rate": 0}, {"tax_type": "TVA 10", "tax_rate": 0}]


BAD_VAT_DATA = [
	pytest.param(
		"Item Tax Template",
		{"title": "Test bad standard", "vat_category": "S", "taxes": zero_rates()},
		"the standard rate (S) needs a rate above 0 %",
		id="standard-class-at-zero",
	),
	pytest.param(
		"Item Tax Template",
		{"title": "Test bad exempt", "vat_category": "E", "taxes": zero_rates()},
		"needs the exemption reason printed on the invoice",
		id="exempt-class-without-reason",
	),
	pytest.param(
		"Item Tax Template",
		{"title": "Test bad zero", "vat_category": "Z", "taxes": [{"tax_type": "TVA 20", "tax_rate": 20}]},
		"applies no VAT, but row #1 (TVA 20) has a rate of 20.0 %",
		id="zero-class-with-a-rate",
	),
	pytest.param(
		"Sales Taxes and Charges Template",
		{
			"title": "Test bad reverse charge",
			"taxes": [
				{"charge_type": "On Net Total", "account_head": "TVA 20", "rate": 20, "vat_category": "AE"}
			],
		},
		"Row #1: a reverse charge (AE) applies no VAT: the rate must be 0 %, not 20.0 %.",
		id="reverse-charge-row-with-a-rate",
	),
	pytest.param(
		"Sales Taxes and Charges Template",
		{
			"title": "Test bad code",
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": "TVA AE",
					"rate": 0,
					"vat_category": "AE",
					"vatex_code": "VATEX-EU-IC",
				}
			],
		},
		"the exemption code VATEX-EU-IC is for intra-EU supply of goods (K), not for reverse charge (AE)",
		id="code-of-another-category",
	),
	pytest.param(
		"Sales Taxes and Charges Template",
		{
			"title": "Test bad reason",
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": "TVA 20",
					"rate": 20,
					"exemption_reason": "Exonéré",
				}
			],
		},
		"takes no exemption code or reason",
		id="reason-on-a-standard-row",
	),
]


@pytest.mark.parametrize("doctype, values, message", BAD_VAT_DATA)
def test_inconsistent_vat_data_is_refused_and_nothing_is_written(world, doctype, values, message):
	values = {**values, "title": f"{values['title']} {world.tag}"}
	if doctype == "Sales Taxes and Charges Template":
		values["company"] = world.setup.company
	response = rest_insert(world, doctype, values)
	assert response.status_code == 417, response.text[:300]
	assert message in response.text
	assert not frappe.db.exists(doctype, {"title": values["title"]})


def invoice_values(world, customer: str, template_title: str) -> dict:
	template = frappe.db.get_value(
		"Sales Taxes and Charges Template", {"title": f"{template_title} {world.tag}"}, "name"
	)
	return {
		"customer": customer,
		"company": world.setup.company,
		"taxes_and_charges": template,
		"items": [{"item_code": world.setup.a, "qty": 1}],
	}


def test_an_invoice_inconsistent_with_its_vat_category_is_refused(world):
	before = frappe.db.count("Sales Invoice", {"company": world.setup.company})
	french = world.setup.customer  # no VAT number, an address in France
	refusals = [
		(invoice_values(world, french, "Autoliquidation"), "needs the customer's VAT number"),
		(invoice_values(world, french, "Livraison intracommunautaire"), "needs the customer's VAT number"),
	]
	refusals.append(
		(invoice_values(world, world.german, "Exportation"), "cannot be delivered to DE, an EU country")
	)
	refusals.append(
		(
			invoice_values(world, world.french_business, "Livraison intracommunautaire"),
			"is delivered to another EU country, not to FR",
		)
	)
	# a standard-rated item left at 0 % by a template that says nothing of it
	nothing = rest_insert(
		world,
		"Sales Taxes and Charges Template",
		{
			"title": f"Test TVA 10 seule {world.tag}",
			"company": world.setup.company,
			"taxes": [{"charge_type": "On Net Total", "account_head": "TVA 10", "rate": 0}],
		},
	)
	assert nothing.ok, nothing.text[:300]
	refusals.append(
		(
			{
				**invoice_values(world, french, "Autoliquidation"),
				"taxes_and_charges": nothing.json()["data"]["name"],
			},
			"no VAT row taxes this line",
		)
	)
	for values, message in refusals:
		response = world.accountant.post(f"{URL}/api/resource/Sales Invoice", json=values, timeout=60)
		if response.ok:
			world.created.append(("Sales Invoice", response.json()["data"]["name"]))
		assert response.status_code == 417, (message, response.text[:300])
		assert message in response.text, response.text[:500]
	assert frappe.db.count("Sales Invoice", {"company": world.setup.company}) == before
