// The customer's statement of account (sales_flow/receivables/statement.py): a period, then its
// PDF or an e-mail with the PDF attached; on the list, every customer with a balance at once, in
// a background job whose progress bar follows the run.
frappe.provide("sales_flow.statement");

sales_flow.statement.period_fields = () => [
	{
		fieldname: "from_date",
		fieldtype: "Date",
		label: __("From Date"),
		reqd: 1,
		default: frappe.datetime.add_months(frappe.datetime.get_today(), -3),
	},
	{ fieldname: "to_date", fieldtype: "Date", label: __("To Date"), reqd: 1, default: frappe.datetime.get_today() },
];

sales_flow.statement.open_dialog = function (frm) {
	const method = "sales_flow.receivables.statement";
	const dialog = new frappe.ui.Dialog({
		title: __("Statement of Account"),
		fields: sales_flow.statement.period_fields(),
		primary_action_label: __("Download PDF"),
		primary_action(values) {
			const args = new URLSearchParams({ customer: frm.doc.name, ...values });
			window.open(`/api/method/${method}.download_statement?${args}`);
			dialog.hide();
		},
		secondary_action_label: __("Send by email"),
		secondary_action() {
			const values = dialog.get_values();
			if (!values) return;
			frappe
				.call({
					method: `${method}.email_statement`,
					args: { customer: frm.doc.name, ...values },
					freeze: true,
				})
				.then(() => {
					frappe.show_alert({ message: __("Statement of account sent"), indicator: "green" });
					dialog.hide();
				});
		},
	});
	dialog.show();
};

frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_read("Sales Invoice")) return;
		frm.add_custom_button(__("Statement of Account"), () => sales_flow.statement.open_dialog(frm));
	},
});
