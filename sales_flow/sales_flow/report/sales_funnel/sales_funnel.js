frappe.query_reports["Sales Funnel"] = {
	filters: sales_flow.report_filters.company_and_period(-3),
};
