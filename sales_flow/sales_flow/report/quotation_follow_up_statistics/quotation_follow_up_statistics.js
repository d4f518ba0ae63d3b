frappe.query_reports["Quotation Follow-up Statistics"] = {
	filters: [
		sales_flow.report_filters.company(),
		sales_flow.report_filters.from_date(-3),
		sales_flow.report_filters.to_date(),
		sales_flow.report_filters.link("user", __("User"), "User"),
	],
};
