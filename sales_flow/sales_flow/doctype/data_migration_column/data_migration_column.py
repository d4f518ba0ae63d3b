from frappe.model.document import Document


class DataMigrationColumn(Document):
	pass
