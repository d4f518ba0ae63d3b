"""Written by sales_flow/analytics/summary at submit and cancel, never through a form."""

from frappe.model.document import Document

from sales_flow.analytics import summary


class SalesMonthlyItemSummary(Document):
	pass


def on_doctype_update() -> None:
	summary.add_indexes("Sales Monthly Item Summary")
