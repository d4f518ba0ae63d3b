frappe.query_reports["Sales Partner Commission"] = {
	filters: [
		sales_flow.report_filters.select(
			"doctype",
			__("Based On"),
			["Sales Invoice", "Sales Order"],
			"Sales Invoice",
		),
		sales_flow.report_filters.company(false),
		sales_flow.report_filters.from_date(-1, { required: false }),
		sales_flow.report_filters.to_date(false),
		sales_flow.report_filters.link("sales_partner", __("Sales Partner"), "Sales Partner"),
	],
};
