frappe.query_reports["Late Invoices by Dunning Level"] = {
	filters: [
		sales_flow.report_filters.company(),
		sales_flow.report_filters.date("report_date", __("As on Date")),
		sales_flow.report_filters.link("customer", __("Customer"), "Customer"),
	],
};
