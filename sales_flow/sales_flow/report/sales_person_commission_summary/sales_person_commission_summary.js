frappe.query_reports["Sales Person Commission Summary"] = {
	filters: [
		...sales_flow.report_filters.commission_basis(),
		sales_flow.report_filters.link("sales_person", __("Sales Person"), "Sales Person"),
	],
};
