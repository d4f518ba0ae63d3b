from frappe import _


def get_data() -> dict:
	return {
		"fieldname": "customer",
		"non_standard_fieldnames": {"Quotation": "party_name", "Payment Entry": "party"},
		"transactions": [
			{"label": _("Pre Sales"), "items": ["Quotation"]},
			{"label": _("Orders"), "items": ["Sales Order", "Delivery Note"]},
			{"label": _("Billing"), "items": ["Sales Invoice", "Payment Entry", "Dunning"]},
		],
	}
