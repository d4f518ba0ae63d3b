frappe.query_reports["Sales Analytics"] = {
	filters: [
		sales_flow.report_filters.tree_type("tree_type", __("Tree Type")),
		sales_flow.report_filters.select(
			"doc_type",
			__("Based On"),
			["Sales Order", "Sales Invoice", "Quotation"],
			"Sales Invoice",
		),
		sales_flow.report_filters.select(
			"value_quantity",
			__("Value or Quantity"),
			["Value", "Quantity"],
			"Value",
		),
		sales_flow.report_filters.from_date(-12),
		sales_flow.report_filters.to_date(),
		sales_flow.report_filters.company(),
		sales_flow.report_filters.period("range", __("Range")),
	],
	tree: true,
	name_field: "entity",
	parent_field: "parent",
	initial_depth: 2,
};
