"""The column table and the VAT rates table of a migration, filled at each check: a column keeps
the target it had; a new one takes what an earlier migration's user chose for the same title, else
what its title says; a VAT rate takes the one VAT class at that rate (the company's own first)."""

import frappe

from sales_flow.migration.mapping import recognise
from sales_flow.migration.rows import Sheet

CHOSEN, EARLIER, TITLE = "Chosen", "Earlier Migration", "Column Title"


def refresh_columns(migration, sheets: dict[str, Sheet]) -> None:
	"""One row per column of each file; a column already in the table keeps its target."""
	kept = {(c.file_kind, c.column_number, c.header): c for c in migration.get("columns") or []}
	columns = []
	for kind, sheet in sheets.items():
		for index, header in enumerate(sheet.headers):
			previous = kept.get((kind, index + 1, header))
			if previous:
				target, recognised_by = previous.target, previous.recognised_by
			else:
				target, recognised_by = first_target(kind, header, migration.name)
			columns.append(
				{
					"file_kind": kind,
					"column_number": index + 1,
					"header": header,
					"sample": sample(sheet, index),
					"target": target,
					"recognised_by": recognised_by,
				}
			)
	migration.set("columns", columns)


def first_target(kind: str, header: str, migration: str) -> tuple[str, str]:
	"""What an earlier migration's user chose for this title, else what the title says."""
	earlier = frappe.get_all(
		"Data Migration Column",
		filters={
			"parenttype": "Data Migration",
			"parent": ("!=", migration or ""),
			"file_kind": kind,
			"header": header,
			"recognised_by": ("in", (CHOSEN, EARLIER)),
		},
		fields=["target"],
		order_by="modified desc",
		limit=1,
	)
	if earlier:
		return earlier[0].target or "", EARLIER
	found = recognise(kind, header)
	return (found.label, TITLE) if found else ("", "")


def sample(sheet: Sheet, index: int) -> str:
	for _line, cells in sheet.lines:
		if index < len(cells) and cells[index] not in (None, ""):
			return str(cells[index])[:140]
	return ""


def refresh_vat_rates(migration, rates: list[float]) -> None:
	kept = {round(row.vat_rate, 2): row.item_tax_template for row in migration.get("vat_rates") or []}
	migration.set(
		"vat_rates",
		[
			{"vat_rate": rate, "item_tax_template": kept.get(rate) or vat_class_for(rate, migration.company)}
			for rate in rates
		],
	)


def vat_class_for(rate: float, company: str) -> str | None:
	"""The one enabled VAT class at this rate (the company's own first), else None: the user picks."""
	rates: dict[str, float] = {}
	for detail in frappe.get_all(
		"Item Tax Template Detail", filters={"parenttype": "Item Tax Template"}, fields=["parent", "tax_rate"]
	):
		rates[detail.parent] = max(rates.get(detail.parent, 0), detail.tax_rate or 0)
	classes = frappe.get_all(
		"Item Tax Template", filters={"disabled": 0}, fields=["name", "company"], order_by="name"
	)
	at_rate = [
		c for c in classes if round(rates.get(c.name, 0), 2) == rate and c.company in (company, None, "")
	]
	own = [c for c in at_rate if c.company == company]
	candidates = own or at_rate
	return candidates[0].name if len(candidates) == 1 else None
