"""Per sales partner, over submitted invoices (or orders) of a period: how many documents, their
net total, the amount eligible for commission, the effective rate and the commission earned.
Credit notes count negatively. One aggregated query."""

import frappe
from frappe import _

from sales_flow.analytics.commissions import commission_report


def execute(filters: dict | None = None):
	return commission_report(
		filters,
		commission_by_partner,
		party=("sales_partner", "Sales Partner", _("Sales Partner")),
		basis=("amount_eligible_for_commission", _("Amount Eligible for Commission")),
		earned=("total_commission", _("Total Commission")),
	)


def commission_by_partner(doctype: str, where: str, values: dict, filters) -> list[dict]:
	return frappe.db.sql(
		f"""select sales_partner, count(*) as document_count,
			sum(base_net_total) as net_total,
			sum(amount_eligible_for_commission) as amount_eligible_for_commission,
			sum(total_commission) as total_commission
		from `tab{doctype}` doc
		where {where} and ifnull(doc.sales_partner, '') != ''
		group by sales_partner
		order by sales_partner""",
		values,
		as_dict=True,
	)
