frappe.query_reports["Monthly Recurring Revenue"] = {
	filters: sales_flow.report_filters.company_and_period(-11, { from_month_start: true }),
};
