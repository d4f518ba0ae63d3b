from frappe.model.document import Document


class ProductBundleItem(Document):
	pass
