frappe.query_reports["Sales Partner Commission"] = {
	filters: [
		...sales_flow.report_filters.commission_basis(),
		sales_flow.report_filters.link("sales_partner", __("Sales Partner"), "Sales Partner"),
	],
};
