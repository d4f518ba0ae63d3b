"""The two commission reports (Sales Partner Commission, Sales Person Commission Summary): the Based
On doctype check, the where clause of submitted documents of the period, each report's aggregated
query, the columns, the effective rate and the chart. Credit notes count negatively."""

from collections.abc import Callable

import frappe
from frappe import _, _lt
from frappe.utils import flt

from sales_flow.analytics.reporting import bar_chart

# what other partners and sales persons earn is not a rep's to read (the report's roles, checked
# again here for any call that does not go through the desk's report run)
COMMISSION_ROLES = ("System Manager", "Sales Manager", "Accounts Manager", "Accounts User")
DATE_FIELD = {"Sales Invoice": "posting_date", "Sales Order": "transaction_date"}

# (doctype, where clause, its values, filters) -> one row per party
CommissionQuery = Callable[[str, str, dict, frappe._dict], list[dict]]


def commission_report(filters: dict | None, party: str):
	"""execute() of the commission report of `party` (Sales Partner or Sales Person)."""
	if not set(COMMISSION_ROLES) & set(frappe.get_roles()):
		frappe.throw(
			_("The commission reports are for the sales managers and the accounts team."),
			frappe.PermissionError,
		)
	query, basis, earned = COMMISSIONS[party]
	filters = frappe._dict(filters or {})
	doctype = check_doctype(filters)
	where, values = document_conditions(doctype, filters)
	rows = query(doctype, where, values, filters)
	for row in rows:
		row.commission_rate = effective_rate(row[earned[0]], row[basis[0]])
	return columns(party, basis, earned), rows, None, chart(rows, frappe.scrub(party), earned)


def commission_by_partner(doctype: str, where: str, values: dict, filters) -> list[dict]:
	"""Per sales partner: how many documents, their net total, the amount eligible for commission
	and the commission earned."""
	return frappe.db.sql(
		f"""select sales_partner, count(*) as document_count,
			sum(base_net_total) as net_total,
			sum(amount_eligible_for_commission) as amount_eligible_for_commission,
			sum(total_commission) as total_commission
		from `tab{doctype}` doc
		where {where} and doc.sales_partner > ''
		group by sales_partner
		order by sales_partner""",
		values,
		as_dict=True,
	)


def commission_by_person(doctype: str, where: str, values: dict, filters) -> list[dict]:
	"""Per sales person: how many documents they took part in, the net total of those, their
	contribution (their share of the amount eligible for commission) and their incentives."""
	if filters.get("sales_person"):
		where += " and team.sales_person = %(sales_person)s"
		values["sales_person"] = filters.sales_person
	return frappe.db.sql(
		f"""select team.sales_person, count(distinct doc.name) as document_count,
			sum(doc.base_net_total) as net_total,
			sum(team.allocated_amount) as allocated_amount,
			sum(team.incentives) as incentives
		from `tabSales Team` team
		join `tab{doctype}` doc on doc.name = team.parent and team.parenttype = %(doctype)s
		where {where}
		group by team.sales_person
		order by team.sales_person""",
		{**values, "doctype": doctype},
		as_dict=True,
	)


# a report's party -> its query, and (fieldname, label) of the amount the commission is earned on and
# of the commission earned; the party's column is named after it (sales_partner, sales_person)
COMMISSIONS: dict[str, tuple[CommissionQuery, tuple[str, str], tuple[str, str]]] = {
	"Sales Partner": (
		commission_by_partner,
		("amount_eligible_for_commission", _lt("Amount Eligible for Commission")),
		("total_commission", _lt("Total Commission")),
	),
	"Sales Person": (
		commission_by_person,
		("allocated_amount", _lt("Contribution to Net Total")),
		("incentives", _lt("Incentives")),
	),
}


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


def columns(party: str, basis: tuple[str, str], earned: tuple[str, str]) -> list[dict]:
	return [
		{
			"fieldname": frappe.scrub(party),
			"label": _(party),
			"fieldtype": "Link",
			"options": party,
			"width": 200,
		},
		{"fieldname": "document_count", "label": _("Documents"), "fieldtype": "Int", "width": 100},
		{"fieldname": "net_total", "label": _("Net Total"), "fieldtype": "Currency", "width": 140},
		{"fieldname": basis[0], "label": str(basis[1]), "fieldtype": "Currency", "width": 180},
		{
			"fieldname": "commission_rate",
			"label": _("Commission Rate (%)"),
			"fieldtype": "Percent",
			"width": 140,
		},
		{"fieldname": earned[0], "label": str(earned[1]), "fieldtype": "Currency", "width": 150},
	]


def chart(rows: list[dict], party_field: str, earned: tuple[str, str]) -> dict | None:
	if not rows:
		return None
	values = [flt(row[earned[0]]) for row in rows]
	return bar_chart([row[party_field] for row in rows], str(earned[1]), values, fieldtype="Currency")
