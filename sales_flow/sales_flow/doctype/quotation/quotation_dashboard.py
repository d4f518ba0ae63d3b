from frappe import _


def get_data() -> dict:
	return {
		"fieldname": "prevdoc_docname",
		"non_standard_fieldnames": {"Sales Invoice": "quotation"},
		"transactions": [{"label": _("Sales"), "items": ["Sales Order", "Sales Invoice"]}],
	}
