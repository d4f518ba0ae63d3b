frappe.query_reports["Territory Target Variance Based On Item Group"] = {
	filters: [...sales_flow.report_filters.target_variance(), sales_flow.report_filters.link("territory", __("Territory"), "Territory")],
};
