"""FEC Journals: the sales and cash receipts journals of a period, line by line as the FEC file
holds them (sales_flow/regional/france/fec/), with their totals; the FEC file is downloaded from
the report's button or over REST (download_fec)."""

import frappe
from frappe import _

from sales_flow.regional.france.fec.export_file import COLUMNS
from sales_flow.regional.france.fec.report_data import export_rows

CURRENCY_COLUMNS = ("Debit", "Credit")
DATE_COLUMNS = ("EcritureDate", "PieceDate", "DateLet", "ValidDate")
WIDE_COLUMNS = ("CompteLib", "CompAuxLib", "EcritureLib")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	rows, settings = export_rows(
		filters.get("company"), filters.get("from_date"), filters.get("to_date"), filters.get("journal")
	)
	for row in rows:
		row["company_currency"] = settings.currency
		# amounts in several currencies: shown, never added up in the total row
		if row["Montantdevise"] is not None:
			row["Montantdevise"] = f"{row['Montantdevise']:.2f}"
	return get_columns(), rows, None, None, get_summary(rows, settings.currency)


def get_columns() -> list[dict]:
	columns = []
	for name in COLUMNS:
		column = {"fieldname": name, "label": name, "fieldtype": "Data", "width": 110}
		if name in CURRENCY_COLUMNS:
			column.update(
				fieldtype="Currency", options="company_currency" if name != "Montantdevise" else "Idevise"
			)
		elif name in DATE_COLUMNS:
			column.update(fieldtype="Date", width=100)
		elif name in WIDE_COLUMNS:
			column.update(width=220)
		elif name == "PieceRef":
			column.update(fieldtype="Dynamic Link", options="PieceType", width=170)
		columns.append(column)
	return columns


def get_summary(rows: list[dict], currency: str) -> list[dict]:
	debit = round(sum(row["Debit"] for row in rows), 2)
	credit = round(sum(row["Credit"] for row in rows), 2)
	entries = len({(row["JournalCode"], row["EcritureNum"]) for row in rows})
	return [
		{"label": _("Entries"), "value": entries, "datatype": "Int"},
		{"label": _("Total debit"), "value": debit, "datatype": "Currency", "currency": currency},
		{"label": _("Total credit"), "value": credit, "datatype": "Currency", "currency": currency},
		{
			"label": _("Balance"),
			"value": round(debit - credit, 2),
			"datatype": "Currency",
			"currency": currency,
			"indicator": "Green" if debit == credit else "Red",
		},
	]
