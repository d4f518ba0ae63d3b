frappe.query_reports["Lost Quotations"] = {
	filters: [
		...sales_flow.report_filters.company_and_period(-12),
		sales_flow.report_filters.period("period", __("Period"), { weekly: false }),
		sales_flow.report_filters.link(
			"lost_reason",
			__("Quotation Lost Reason"),
			"Quotation Lost Reason",
		),
	],
};
