frappe.query_reports["Quotation Trends"] = {
	filters: [
		sales_flow.report_filters.company(),
		sales_flow.report_filters.from_date(-12),
		sales_flow.report_filters.to_date(),
		sales_flow.report_filters.period("period", __("Period")),
		sales_flow.report_filters.tree_type("based_on", __("Based On")),
	],
	tree: true,
	name_field: "entity",
	parent_field: "parent",
	initial_depth: 2,
};
