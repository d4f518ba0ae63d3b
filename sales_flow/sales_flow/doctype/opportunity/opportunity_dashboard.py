from frappe import _


def get_data() -> dict:
	return {
		"fieldname": "opportunity",
		"transactions": [{"label": _("Quotations"), "items": ["Quotation"]}],
	}
