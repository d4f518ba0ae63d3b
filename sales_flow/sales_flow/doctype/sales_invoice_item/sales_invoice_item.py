from frappe.model.document import Document


class SalesInvoiceItem(Document):
	pass
