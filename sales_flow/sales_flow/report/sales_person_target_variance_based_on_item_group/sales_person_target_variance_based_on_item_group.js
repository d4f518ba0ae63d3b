frappe.query_reports["Sales Person Target Variance Based On Item Group"] = {
	filters: [
		{
			fieldname: "fiscal_year",
			label: __("Fiscal Year"),
			fieldtype: "Data",
			default: String(new Date().getFullYear()),
			reqd: 1,
		},
		sales_flow.report_filters.select(
			"period",
			__("Period"),
			[{ value: "Monthly", label: __("Monthly") }, { value: "Quarterly", label: __("Quarterly") }, { value: "Half-Yearly", label: __("Half-Yearly") }, { value: "Yearly", label: __("Yearly") }],
			"Monthly",
		),
		sales_flow.report_filters.select(
			"doctype",
			__("Based On"),
			[{ value: "Sales Order", label: __("Sales Order") }, { value: "Sales Invoice", label: __("Sales Invoice") }],
			"Sales Order",
		),
		sales_flow.report_filters.select("target_on", __("Target On"), [{ value: "Amount", label: __("Amount") }, { value: "Quantity", label: __("Quantity") }], "Amount"),
		sales_flow.report_filters.company(false),
		sales_flow.report_filters.link("sales_person", __("Sales Person"), "Sales Person"),
	],
};
