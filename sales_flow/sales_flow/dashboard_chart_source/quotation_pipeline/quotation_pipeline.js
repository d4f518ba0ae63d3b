frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Quotation Pipeline"] = {
	method: "sales_flow.analytics.charts.quotation_pipeline",
	filters: [sales_flow.report_filters.company(false, { user_default: true })],
};
