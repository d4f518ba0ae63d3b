frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Monthly Revenue"] = {
	method: "sales_flow.analytics.charts.monthly_revenue",
	filters: [sales_flow.report_filters.company(false, { user_default: true })],
};
