frappe.query_reports["Accounts Receivable"] = {
	filters: [
		sales_flow.report_filters.company(),
		sales_flow.report_filters.date("report_date", __("As on Date")),
		sales_flow.report_filters.link("customer", __("Customer"), "Customer"),
	],
};
