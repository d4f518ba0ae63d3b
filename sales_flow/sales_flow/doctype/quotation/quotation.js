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
		setup(frm) {
			frm.set_query("quotation_to", () => ({
				filters: { name: ["in", ["Customer", "Lead"]] },
			}));
		},
	},
});
