frappe.query_reports["Quotation Trends"] = {
	filters: [
		...sales_flow.report_filters.company_and_period(-12),
		sales_flow.report_filters.period("period", __("Period")),
		sales_flow.report_filters.tree_type("based_on", __("Based On")),
	],
	tree: true,
	name_field: "entity",
	parent_field: "parent",
	initial_depth: 2,
};
