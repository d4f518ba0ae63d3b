frappe.query_reports["Sales Funnel"] = {
	filters: [
		sales_flow.report_filters.company(),
		sales_flow.report_filters.from_date(-3),
		sales_flow.report_filters.to_date(),
	],
};
