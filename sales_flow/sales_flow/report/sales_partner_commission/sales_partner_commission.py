"""Per sales partner, over submitted invoices (or orders) of a period: how many documents, their
net total, the amount eligible for commission, the effective rate and the commission earned.
Credit notes count negatively. One aggregated query."""

from sales_flow.analytics.commissions import commission_report


def execute(filters: dict | None = None):
	return commission_report(filters, "Sales Partner")
