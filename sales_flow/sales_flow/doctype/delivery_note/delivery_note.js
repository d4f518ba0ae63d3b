sales_flow.setup_sales_form("Delivery Note", {
	create: [
		{
			label: "Sales Invoice",
			method: "sales_flow.sales_flow.doctype.delivery_note.delivery_note.make_sales_invoice",
			condition: (doc) => !doc.is_return && doc.per_billed < 100 && doc.status !== "Closed",
		},
		{
			label: "Return",
			method: "sales_flow.sales_flow.doctype.delivery_note.delivery_note.make_sales_return",
			condition: (doc) => !doc.is_return,
		},
	],
});
