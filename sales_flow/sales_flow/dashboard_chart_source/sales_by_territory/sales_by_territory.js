frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Sales by Territory"] = {
	method: "sales_flow.analytics.charts.sales_by_territory",
	filters: [sales_flow.report_filters.company(false, { user_default: true })],
};
