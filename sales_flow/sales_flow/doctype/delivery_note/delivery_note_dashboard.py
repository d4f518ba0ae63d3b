from frappe import _


def get_data() -> dict:
	return {
		"fieldname": "delivery_note",
		"internal_links": {"Sales Order": ["items", "against_sales_order"]},
		"transactions": [
			{"label": _("Billing"), "items": ["Sales Invoice"]},
			{"label": _("Reference"), "items": ["Sales Order"]},
		],
	}
