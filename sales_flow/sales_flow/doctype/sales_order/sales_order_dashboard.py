from frappe import _


def get_data() -> dict:
	return {
		"fieldname": "sales_order",
		"non_standard_fieldnames": {
			"Delivery Note": "against_sales_order",
			"Payment Entry": "reference_name",
		},
		"internal_links": {"Quotation": ["items", "prevdoc_docname"]},
		"transactions": [
			{"label": _("Fulfillment"), "items": ["Delivery Note", "Sales Invoice"]},
			{"label": _("Payment"), "items": ["Payment Entry"]},
			{"label": _("Reference"), "items": ["Quotation"]},
		],
	}
