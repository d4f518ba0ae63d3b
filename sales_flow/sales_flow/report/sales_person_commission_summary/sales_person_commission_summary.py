"""Per sales person, over submitted invoices (or orders) of a period: how many documents they
took part in, the net total of those, their contribution (their share of the amount eligible for
commission) and their incentives. Credit notes count negatively. One aggregated query."""

import frappe
from frappe import _

from sales_flow.analytics.commissions import commission_report


def execute(filters: dict | None = None):
	return commission_report(
		filters,
		commission_by_person,
		party=("sales_person", "Sales Person", _("Sales Person")),
		basis=("allocated_amount", _("Contribution to Net Total")),
		earned=("incentives", _("Incentives")),
	)


def commission_by_person(doctype: str, where: str, values: dict, filters) -> list[dict]:
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
