frappe.query_reports["Inactive Customers"] = {
	filters: [
		sales_flow.report_filters.company(),
		{
			fieldname: "days_since_last_order",
			label: __("Days Since Last Order"),
			fieldtype: "Int",
			default: 60,
			reqd: 1,
		},
		sales_flow.report_filters.select(
			"doc_type",
			__("Based On"),
			["Sales Invoice", "Sales Order"],
			"Sales Invoice",
		),
	],
};
