// Customers: the statements of account of every customer with a balance, sent in a background job
// (sales_flow/receivables/statement_run.py); Frappe's progress bar follows it through socket.io.
frappe.listview_settings["Customer"] = {
	onload(listview) {
		if (!frappe.model.can_read("Sales Invoice")) return;
		listview.page.add_menu_item(__("Send Statements of Account"), () =>
			frappe.prompt(
				sales_flow_statement_period(),
				(values) =>
					frappe
						.call({ method: "sales_flow.receivables.statement_run.send_statements", args: values })
						.then(({ message }) =>
							frappe.show_alert({
								message: __("Sending the statements of {0} customers", [message.customers]),
								indicator: "blue",
							}),
						),
				__("Send Statements of Account"),
				__("Send"),
			),
		);
	},
};

function sales_flow_statement_period() {
	const today = frappe.datetime.get_today();
	return [
		{ fieldname: "from_date", fieldtype: "Date", label: __("From Date"), reqd: 1, default: frappe.datetime.add_months(today, -3) },
		{ fieldname: "to_date", fieldtype: "Date", label: __("To Date"), reqd: 1, default: today },
	];
}
