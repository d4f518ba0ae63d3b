"""Which column of an export is what: the fields each file of a migration fills, and the headers a
French (or English) export gives them.

A header is recognised whatever its case, accents and punctuation ("N° TVA", "n tva", "No. TVA"
are one header). The user's choice in the assistant's column table wins, and is remembered for the
next run (`importer.remembered_targets`). Frappe's Data Import recognises the same headers for
the DocTypes these files fill (`field_for_header`).
"""

import re
import unicodedata
from dataclasses import dataclass

import frappe
from frappe import _

CUSTOMERS, ITEMS, QUOTATIONS, INVOICES = "Customers", "Items", "Quotations", "Invoices"
FILE_KINDS = (CUSTOMERS, ITEMS, QUOTATIONS, INVOICES)
TEXT, NUMBER, DATE = "text", "number", "date"


@dataclass(frozen=True)
class Target:
	key: str
	label: str  # shown (translated) in the column table
	headers: tuple[str, ...]  # as exports write them; compared once normalised
	kind: str = TEXT
	required: bool = False
	field: str | None = None  # the field of the DocType the file fills, for Frappe's Data Import


def target(key, label, headers, kind=TEXT, required=False, field=None) -> Target:
	return Target(key, label, tuple(headers), kind, required, field)


CUSTOMER_CODE = target(
	"customer_code",
	"Customer Code",
	["Code client", "Code", "N° client", "Numéro client", "Réf client", "Référence client", "Customer Code"],
	required=True,
	field="legacy_code",
)
TARGETS: dict[str, tuple[Target, ...]] = {
	CUSTOMERS: (
		CUSTOMER_CODE,
		target(
			"customer_name",
			"Customer Name",
			["Raison sociale", "Nom", "Nom du client", "Société", "Client", "Dénomination", "Customer Name"],
			required=True,
			field="customer_name",
		),
		target(
			"customer_type",
			"Customer Type",
			["Type", "Type de client", "Forme", "Customer Type"],
			field="customer_type",
		),
		target(
			"customer_group",
			"Customer Group",
			["Groupe", "Groupe client", "Catégorie", "Catégorie client", "Famille client", "Customer Group"],
			field="customer_group",
		),
		target("siret", "SIRET", ["SIRET", "N° SIRET", "Numéro SIRET"], field="siret"),
		target(
			"tax_id",
			"VAT Number",
			[
				"N° TVA",
				"TVA intracommunautaire",
				"N° TVA intracommunautaire",
				"Numéro de TVA",
				"N° TVA intracom",
				"VAT Number",
				"Tax ID",
			],
			field="tax_id",
		),
		target(
			"address_line1", "Address Line 1", ["Adresse", "Adresse 1", "Rue", "Address", "Address Line 1"]
		),
		target(
			"address_line2",
			"Address Line 2",
			["Adresse 2", "Complément d'adresse", "Complément", "Address Line 2"],
		),
		target("pincode", "Postal Code", ["Code postal", "CP", "Postal Code", "Zip"]),
		target("city", "City", ["Ville", "Commune", "Localité", "City"]),
		target("country", "Country", ["Pays", "Country"]),
		target(
			"first_name",
			"Contact First Name",
			["Prénom", "Prénom contact", "Prénom du contact", "First Name"],
		),
		target("last_name", "Contact Last Name", ["Nom contact", "Nom du contact", "Contact", "Last Name"]),
		target("email", "Email", ["E-mail", "Email", "Courriel", "Mél", "Adresse e-mail", "Mail"]),
		target("phone", "Phone", ["Téléphone", "Tél", "Tél.", "Tel", "Téléphone fixe", "Phone"]),
		target(
			"mobile", "Mobile", ["Portable", "Mobile", "Tél. portable", "Téléphone portable", "Mobile No"]
		),
	),
	ITEMS: (
		target(
			"item_code",
			"Item Code",
			["Code article", "Référence", "Réf", "Réf article", "Code", "Item Code"],
			required=True,
			field="item_code",
		),
		target(
			"item_name",
			"Item Name",
			["Désignation", "Libellé", "Nom", "Nom de l'article", "Item Name"],
			required=True,
			field="item_name",
		),
		target("description", "Description", ["Description", "Description longue"], field="description"),
		target(
			"item_group",
			"Item Group",
			["Famille", "Famille d'articles", "Catégorie", "Groupe", "Item Group"],
			field="item_group",
		),
		target("uom", "Unit", ["Unité", "U", "Unité de vente", "UOM", "Unit"], field="stock_uom"),
		target(
			"price",
			"Price (excl. VAT)",
			["Prix HT", "Prix de vente HT", "PU HT", "Prix unitaire HT", "Tarif HT", "Prix", "Price", "Rate"],
			NUMBER,
			field="standard_rate",
		),
		target("vat_rate", "VAT Rate", ["Taux TVA", "TVA", "TVA %", "Taux de TVA", "VAT Rate"], NUMBER),
	),
	QUOTATIONS: (
		target(
			"quotation_number",
			"Quotation Number",
			["N° devis", "Numéro devis", "Numéro de devis", "Devis", "N° pièce", "Quotation"],
			required=True,
			field="legacy_code",
		),
		target("date", "Date", ["Date", "Date devis", "Date du devis"], DATE, required=True),
		target("customer_code", "Customer Code", ["Code client", "Client", "Customer Code"], required=True),
		target(
			"valid_till",
			"Valid Till",
			["Validité", "Date de validité", "Valable jusqu'au", "Fin de validité", "Valid Till"],
			DATE,
		),
		target(
			"follow_up_date",
			"Follow-up Date",
			["Relance", "Date de relance", "Prochaine relance", "Follow-up Date"],
			DATE,
		),
		target(
			"item_code",
			"Item Code",
			["Code article", "Référence", "Réf", "Article", "Item Code"],
			required=True,
		),
		target("item_name", "Item Name", ["Désignation", "Libellé", "Item Name"]),
		target("qty", "Quantity", ["Quantité", "Qté", "Qte", "Quantity", "Qty"], NUMBER, required=True),
		target(
			"rate",
			"Unit Price (excl. VAT)",
			["Prix unitaire HT", "PU HT", "Prix HT", "Prix unitaire", "Prix", "Rate"],
			NUMBER,
		),
		target("discount", "Discount (%)", ["Remise", "Remise %", "Remise (%)", "Discount"], NUMBER),
	),
	INVOICES: (
		target(
			"invoice_number",
			"Invoice Number",
			["N° facture", "Numéro facture", "Numéro de facture", "Facture", "N° pièce", "Invoice"],
			required=True,
		),
		target("date", "Date", ["Date", "Date facture", "Date de facture"], DATE, required=True),
		target("due_date", "Due Date", ["Échéance", "Date d'échéance", "Date échéance", "Due Date"], DATE),
		target("customer_code", "Customer Code", ["Code client", "Client", "Customer Code"], required=True),
		target(
			"total",
			"Total (incl. VAT)",
			["Montant TTC", "Total TTC", "TTC", "Montant", "Total"],
			NUMBER,
			required=True,
		),
		target(
			"outstanding",
			"Amount Due",
			["Reste dû", "Reste à payer", "Restant dû", "Solde", "Solde dû", "Amount Due"],
			NUMBER,
		),
	),
}
# headers for the DocTypes Frappe's Data Import fills without an assistant's file kind
EXTRA_DATA_IMPORT_HEADERS = {
	"Item Price": {
		"item_code": ("Code article", "Référence", "Article"),
		"price_list": ("Liste de prix", "Tarif", "Nom du tarif"),
		"uom": ("Unité", "U"),
		"price_list_rate": ("Prix", "Prix HT", "Prix de vente HT", "PU HT", "Tarif HT"),
		"valid_from": ("Valable du", "Valable à partir du", "Début de validité", "Du"),
		"valid_upto": ("Valable jusqu'au", "Fin de validité", "Au"),
		"customer": ("Client",),
	},
}
DATA_IMPORT_KINDS = {"Customer": CUSTOMERS, "Item": ITEMS}


def normalise(header) -> str:
	"""'N° TVA' -> 'n tva': lower case, without accents and punctuation."""
	text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
	return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def targets_of(kind: str) -> tuple[Target, ...]:
	return TARGETS[kind]


def target_by_label(kind: str, label: str) -> Target | None:
	return next((t for t in TARGETS[kind] if t.label == label), None)


def all_target_labels() -> list[str]:
	"""The options of the column table's Target (every file kind's, once each)."""
	return list(dict.fromkeys(t.label for kind in FILE_KINDS for t in TARGETS[kind]))


def recognise(kind: str, header) -> Target | None:
	"""The target an export's header means, or None."""
	wanted = normalise(header)
	if not wanted:
		return None
	for candidate in TARGETS[kind]:
		if wanted in {normalise(h) for h in candidate.headers} or wanted == normalise(_(candidate.label)):
			return candidate
	return None


def guess_kind(headers: list) -> str | None:
	"""The file kind whose required columns the headers hold best (a file attached in the wrong box)."""
	scores = {
		kind: sum(1 for t in TARGETS[kind] if t.required and any(recognise(kind, h) == t for h in headers))
		for kind in FILE_KINDS
	}
	best = max(FILE_KINDS, key=lambda kind: scores[kind])
	return best if scores[best] else None


# ---------------------------------------------------------------- Frappe's Data Import


def field_for_header(doctype: str, header) -> str | None:
	"""The field of `doctype` a French header stands for, when Frappe's own matching (English label,
	fieldname, label in the user's language) finds none: the export headers above, then the
	field labels in French, accents and case aside."""
	wanted = normalise(header)
	if not wanted:
		return None
	kind = DATA_IMPORT_KINDS.get(doctype)
	if kind:
		found = recognise(kind, header)
		if found and found.field:
			return found.field
	for fieldname, headers in EXTRA_DATA_IMPORT_HEADERS.get(doctype, {}).items():
		if wanted in {normalise(h) for h in headers}:
			return fieldname
	return french_labels(doctype).get(wanted)


def french_labels(doctype: str) -> dict[str, str]:
	labels = {}
	for df in frappe.get_meta(doctype).fields:
		if df.label and df.fieldtype not in frappe.model.no_value_fields:
			labels.setdefault(normalise(_(df.label, lang="fr")), df.fieldname)
			labels.setdefault(normalise(df.label), df.fieldname)
	return labels
