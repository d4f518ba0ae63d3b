frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Top Customers"] = {
	method: "sales_flow.analytics.charts.top_customers",
	filters: [sales_flow.report_filters.company(false, { user_default: true })],
};
