"""The FEC file: a header line of the 18 columns, then one tab-separated line per row (dates
YYYYMMDD, decimal comma), downloaded under the name the tax code wants."""

import frappe
from frappe.utils import flt, getdate

from sales_flow.regional.france.fec.report_data import export_rows
from sales_flow.utils.arguments import checked_arguments

COLUMNS = (
	"JournalCode",
	"JournalLib",
	"EcritureNum",
	"EcritureDate",
	"CompteNum",
	"CompteLib",
	"CompAuxNum",
	"CompAuxLib",
	"PieceRef",
	"PieceDate",
	"EcritureLib",
	"Debit",
	"Credit",
	"EcritureLet",
	"DateLet",
	"ValidDate",
	"Montantdevise",
	"Idevise",
)


def amount_text(value: float) -> str:
	return f"{flt(value, 2):.2f}".replace(".", ",")


def fec_text(rows: list[dict]) -> str:
	"""The file: a header line, then one tab-separated line per row (dates YYYYMMDD, decimal comma)."""

	def cell(value) -> str:
		if value is None:
			return ""
		if isinstance(value, float):
			return amount_text(value)
		if hasattr(value, "strftime"):
			return value.strftime("%Y%m%d")
		return " ".join(str(value).split())  # no tab nor line break inside a field

	lines = ["\t".join(COLUMNS)]
	lines += ["\t".join(cell(row[column]) for column in COLUMNS) for row in rows]
	return "\r\n".join(lines) + "\r\n"


@frappe.whitelist()
@checked_arguments
def download_fec(company: str, from_date: str, to_date: str, journal: str | None = None) -> None:
	"""The FEC file of the period (both journals, or one), named as the tax code wants it:
	<SIREN>FEC<closing date>.txt."""
	rows, _settings = export_rows(company, from_date, to_date, journal)
	siren = frappe.db.get_value("Company", company, "siren") or frappe.db.get_value(
		"Company", company, "abbr"
	)
	frappe.local.response.filename = f"{siren}FEC{getdate(to_date).strftime('%Y%m%d')}.txt"
	frappe.local.response.filecontent = fec_text(rows).encode("utf-8")
	frappe.local.response.type = "download"
	frappe.local.response.content_type = "text/tab-separated-values; charset=utf-8"
