const open_order = (doc) => !["Closed", "On Hold", "Completed", "Cancelled"].includes(doc.status);
sales_flow.setup_sales_form("Sales Order", {
	create: [
		{
			label: "Delivery Note",
			method: "sales_flow.sales_flow.doctype.sales_order.sales_order.make_delivery_note",
			condition: (doc) => open_order(doc) && doc.per_delivered < 100,
		},
		{
			label: "Sales Invoice",
			method: "sales_flow.sales_flow.doctype.sales_order.sales_order.make_sales_invoice",
			condition: (doc) => open_order(doc) && doc.per_billed < 100,
		},
		{
			label: "Payment (Advance)",
			method: "sales_flow.sales_flow.doctype.payment_entry.payment_entry.make_advance_payment",
			condition: (doc) =>
				open_order(doc) && doc.advance_paid < (doc.rounded_total || doc.grand_total),
		},
	],
	extra: {
		refresh(frm) {
			if (frm.doc.docstatus !== 1) return;
			const set_status = (status) =>
				frm.call("update_status", { status }).then(() => frm.reload_doc());
			if (["On Hold", "Closed"].includes(frm.doc.status)) {
				frm.add_custom_button(__("Resume"), () => set_status("Resume"), __("Status"));
			} else if (frm.doc.status !== "Completed") {
				frm.add_custom_button(__("Hold"), () => set_status("On Hold"), __("Status"));
				frm.add_custom_button(__("Close"), () => set_status("Closed"), __("Status"));
			}
		},
	},
});
