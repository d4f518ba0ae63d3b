frappe.query_reports["Sales Person Target Variance Based On Item Group"] = {
	filters: [...sales_flow.report_filters.target_variance(), sales_flow.report_filters.link("sales_person", __("Sales Person"), "Sales Person")],
};
