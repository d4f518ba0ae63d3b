frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Targets vs Achieved"] = {
	method: "sales_flow.analytics.charts.targets_vs_achieved",
	filters: [sales_flow.report_filters.company(false, { user_default: true })],
};
