frappe.query_reports["Item-wise Sales History"] = {
	filters: [
		...sales_flow.report_filters.company_and_period(-1),
		sales_flow.report_filters.link("item_group", __("Item Group"), "Item Group"),
		sales_flow.report_filters.link("item_code", __("Item"), "Item"),
		sales_flow.report_filters.link("customer", __("Customer"), "Customer"),
	],
};
