from frappe import _


def get_data() -> dict:
	return {
		"fieldname": "party_name",
		"non_standard_fieldnames": {"Customer": "lead_name"},
		"transactions": [{"label": _("Conversions"), "items": ["Opportunity", "Quotation", "Customer"]}],
	}
