"""Per sales person, over submitted invoices (or orders) of a period: how many documents they
took part in, the net total of those, their contribution (their share of the amount eligible for
commission) and their incentives. Credit notes count negatively. One aggregated query."""

from sales_flow.analytics.commissions import commission_report


def execute(filters: dict | None = None):
	return commission_report(filters, "Sales Person")
