from frappe import _


def get_data() -> dict:
	return {
		"fieldname": "against_sales_invoice",
		"non_standard_fieldnames": {
			"Payment Entry": "reference_name",
			"Sales Invoice": "return_against",
			"Dunning": "sales_invoice",
		},
		"internal_links": {"Sales Order": ["items", "sales_order"], "Quotation": ["items", "quotation"]},
		# delivered from this invoice, or billed from a delivery note: both show
		"internal_and_external_links": {"Delivery Note": ["items", "delivery_note"]},
		"transactions": [
			{"label": _("Fulfillment"), "items": ["Delivery Note"]},
			{"label": _("Payment"), "items": ["Payment Entry", "Dunning"]},
			{"label": _("Returns"), "items": ["Sales Invoice"]},
			{"label": _("Reference"), "items": ["Sales Order", "Quotation"]},
		],
	}
