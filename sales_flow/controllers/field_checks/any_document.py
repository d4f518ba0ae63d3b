"""The documents of the app's other DocTypes (customers, items, price lists, addresses...) checked
value by value as the sales documents are, before their controllers read a value: a list or an
object sent for a name ends otherwise in an AttributeError while the customer is named."""

from frappe.model.document import Document

from sales_flow.controllers.field_checks.checked_input import CheckedInput
from sales_flow.controllers.field_checks.document import check_document_input

# the modules whose documents our users write over REST: ours, and Frappe's addresses and contacts
CHECKED_MODULES = ("Sales Flow", "Contacts")


def check_any_document(doc: Document, method: str | None = None) -> None:
	"""doc_events before_insert (before the document is named) and before_validate."""
	if isinstance(doc, CheckedInput) or doc.meta.module not in CHECKED_MODULES:
		return  # a sales document checks itself, earlier
	check_document_input(doc, count_lines=False)
