"""Per sales person and item group, over a fiscal year cut in months, quarters, halves or the whole
year: the target, what submitted orders (or invoices) achieved, the variance and the percentage."""

from sales_flow.analytics.targets import target_report


def execute(filters: dict | None = None):
	return target_report(filters, "Sales Person")
