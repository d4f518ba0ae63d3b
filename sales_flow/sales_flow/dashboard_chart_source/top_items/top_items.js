frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Top Items"] = {
	method: "sales_flow.analytics.charts.top_items",
	filters: [sales_flow.report_filters.company(false, { user_default: true })],
};
