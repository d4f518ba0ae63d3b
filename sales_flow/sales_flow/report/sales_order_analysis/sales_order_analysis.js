frappe.query_reports["Sales Order Analysis"] = {
	filters: [
		...sales_flow.report_filters.company_and_period(-3),
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("To Deliver or Bill") },
				{ value: "To Deliver and Bill", label: __("To Deliver and Bill") },
				{ value: "To Deliver", label: __("To Deliver") },
				{ value: "To Bill", label: __("To Bill") },
				{ value: "Completed", label: __("Completed") },
				{ value: "On Hold", label: __("On Hold") },
				{ value: "Closed", label: __("Closed") },
			],
		},
		sales_flow.report_filters.link("customer", __("Customer"), "Customer"),
		sales_flow.report_filters.link("sales_order", __("Sales Order"), "Sales Order"),
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "delay_days" && data && data.delay_days > 0) {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		}
		return value;
	},
};
