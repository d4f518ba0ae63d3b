frappe.query_reports["Quotation Follow-up Statistics"] = {
	filters: [
		...sales_flow.report_filters.company_and_period(-3),
		sales_flow.report_filters.link("user", __("User"), "User"),
	],
};
