frappe.query_reports["Customer Acquisition and Loyalty"] = {
	filters: [
		sales_flow.report_filters.company(),
		sales_flow.report_filters.from_date(-11, { from_month_start: true }),
		sales_flow.report_filters.to_date(),
	],
};
