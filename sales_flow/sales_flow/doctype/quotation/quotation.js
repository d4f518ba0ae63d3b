sales_flow.setup_sales_form("Quotation", {
	create: [
		{
			label: "Sales Order",
			method: "sales_flow.sales_flow.doctype.quotation.quotation.make_sales_order",
			condition: (doc) => ["Open", "Partially Ordered"].includes(doc.status),
		},
		{
			label: "Sales Invoice",
			method: "sales_flow.sales_flow.doctype.quotation.quotation.make_sales_invoice",
			condition: (doc) => ["Open", "Partially Ordered"].includes(doc.status),
		},
	],
	extra: {
		refresh(frm) {
			if (frm.doc.docstatus === 1 && ["Open", "Expired"].includes(frm.doc.status)) {
				frm.add_custom_button(__("Set as Lost"), () => {
					frappe.prompt(
						{
							fieldname: "reason",
							fieldtype: "Small Text",
							label: __("Detailed Reason"),
						},
						({ reason }) =>
							frm
								.call("set_as_lost", { detailed_reason: reason })
								.then(() => frm.reload_doc()),
						__("Set as Lost"),
					);
				});
			}
		},
		setup(frm) {
			frm.set_query("quotation_to", () => ({
				filters: { name: ["in", ["Customer", "Lead"]] },
			}));
		},
	},
});
