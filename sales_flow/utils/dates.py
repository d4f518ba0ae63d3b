"""Dates every sales document answers the same way."""

from frappe.utils import getdate


def document_date(doc):
	return getdate(doc.get("posting_date") or doc.get("transaction_date"))
