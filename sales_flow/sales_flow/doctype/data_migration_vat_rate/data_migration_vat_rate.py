from frappe.model.document import Document


class DataMigrationVATRate(Document):
	pass
