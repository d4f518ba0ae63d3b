sales_flow.setup_sales_form("Sales Invoice", {
	create: [
		{
			label: "Delivery Note",
			method: "sales_flow.sales_flow.doctype.sales_invoice.sales_invoice.make_delivery_note",
			condition: (doc) => !doc.is_return && doc.per_delivered < 100,
		},
		{
			label: "Payment",
			method: "sales_flow.sales_flow.doctype.payment_entry.payment_entry.make_invoice_payment",
			condition: (doc) => !doc.is_return && doc.outstanding_amount > 0,
		},
		{
			label: "Credit Note",
			method: "sales_flow.sales_flow.doctype.sales_invoice.sales_invoice.make_sales_return",
			condition: (doc) => !doc.is_return,
		},
	],
});
