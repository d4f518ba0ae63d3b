"""What the two commission reports (Sales Partner Commission, Sales Person Commission Summary)
share: the Based On doctype check, the where clause of submitted documents of the period, the
columns, the effective rate and the chart. Each report brings its own aggregated query."""

from collections.abc import Callable

import frappe
from frappe import _
from frappe.utils import flt

DATE_FIELD = {"Sales Invoice": "posting_date", "Sales Order": "transaction_date"}

# (doctype, where clause, its values, filters) -> one row per party
CommissionQuery = Callable[[str, str, dict, frappe._dict], list[dict]]


def commission_report(
	filters: dict | None,
	query: CommissionQuery,
	party: tuple[str, str, str],
	basis: tuple[str, str],
	earned: tuple[str, str],
):
	"""execute() of a commission report. party is (fieldname, linked doctype, translated label) of the
	party column; basis and earned are (fieldname, translated label) of the amount the commission is
	earned on and of the commission earned."""
	filters = frappe._dict(filters or {})
	doctype = check_doctype(filters)
	where, values = document_conditions(doctype, filters)
	rows = query(doctype, where, values, filters)
	for row in rows:
		row.commission_rate = effective_rate(row[earned[0]], row[basis[0]])
	return columns(party, basis, earned), rows, None, chart(rows, party[0], earned)


def check_doctype(filters) -> str:
	doctype = filters.get("doctype") or "Sales Invoice"
	if doctype not in DATE_FIELD:
		frappe.throw(_("The report reads Sales Invoices or Sales Orders, not {0}.").format(doctype))
	frappe.has_permission(doctype, "read", throw=True)
	return doctype


def document_conditions(doctype: str, filters, alias: str = "doc") -> tuple[str, dict]:
	"""The where clause of submitted documents of the period, company and party filtered on."""
	conditions = [f"{alias}.docstatus = 1"]
	values: dict = {}
	date_field = DATE_FIELD[doctype]
	for key, clause in (
		("company", "company = %(company)s"),
		("sales_partner", "sales_partner = %(sales_partner)s"),
		("from_date", f"{date_field} >= %(from_date)s"),
		("to_date", f"{date_field} <= %(to_date)s"),
	):
		if filters.get(key):
			conditions.append(f"{alias}.{clause}")
			values[key] = filters[key]
	return " and ".join(conditions), values


def effective_rate(earned: float, basis: float) -> float:
	"""The rate actually earned: documents may carry different rates."""
	return flt(earned / basis * 100, 2) if flt(basis) else 0.0


def columns(party: tuple[str, str, str], basis: tuple[str, str], earned: tuple[str, str]) -> list[dict]:
	return [
		{
			"fieldname": party[0],
			"label": party[2],
			"fieldtype": "Link",
			"options": party[1],
			"width": 200,
		},
		{"fieldname": "document_count", "label": _("Documents"), "fieldtype": "Int", "width": 100},
		{"fieldname": "net_total", "label": _("Net Total"), "fieldtype": "Currency", "width": 140},
		{"fieldname": basis[0], "label": basis[1], "fieldtype": "Currency", "width": 180},
		{
			"fieldname": "commission_rate",
			"label": _("Commission Rate (%)"),
			"fieldtype": "Percent",
			"width": 140,
		},
		{"fieldname": earned[0], "label": earned[1], "fieldtype": "Currency", "width": 150},
	]


def chart(rows: list[dict], party_field: str, earned: tuple[str, str]) -> dict | None:
	if not rows:
		return None
	return {
		"data": {
			"labels": [row[party_field] for row in rows],
			"datasets": [{"name": earned[1], "values": [flt(row[earned[0]]) for row in rows]}],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}
