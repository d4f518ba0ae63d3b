frappe.query_reports["Customer Acquisition and Loyalty"] = {
	filters: sales_flow.report_filters.company_and_period(-11, { from_month_start: true }),
};
