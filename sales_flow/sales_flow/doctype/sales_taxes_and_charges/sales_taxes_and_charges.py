"""Tax and charge rows, shared by the tax template and every sales transaction.

`validate_tax_rows` is the one place where the rules between rows live, so that a template and
a quotation or an invoice built from it refuse exactly the same rows."""

from frappe.model.document import Document


class SalesTaxesandCharges(Document):
	pass
