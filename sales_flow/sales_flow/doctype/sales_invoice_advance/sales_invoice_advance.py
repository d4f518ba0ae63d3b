from frappe.model.document import Document


class SalesInvoiceAdvance(Document):
	pass
