frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Top Items"] = {
	method: "sales_flow.analytics.charts.top_items",
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
	],
};
