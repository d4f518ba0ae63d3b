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
		{
			// a payment of type Pay for what the credit note has left (refused when nothing is)
			label: "Refund",
			method: "sales_flow.sales_flow.doctype.payment_entry.payment_entry.make_invoice_payment",
			condition: (doc) => doc.is_return,
		},
	],
	extra: {
		refresh(frm) {
			add_facturx_button(frm);
			add_einvoice_buttons(frm);
		},
	},
});

// Factur-X: the submitted invoice (or credit note) as PDF/A-3 with its EN 16931 XML embedded
function add_facturx_button(frm) {
	if (frm.doc.docstatus !== 1) return;
	frm.add_custom_button(__("Factur-X"), () =>
		window.open(
			`/api/method/sales_flow.regional.france.facturx.download_facturx?name=${encodeURIComponent(
				frm.doc.name,
			)}`,
		),
	);
}

// the other two formats of the e-invoicing reform: UBL 2.1 and the CII XML alone
function add_einvoice_buttons(frm) {
	if (frm.doc.docstatus !== 1) return;
	for (const [label, method] of [
		["UBL", "download_ubl"],
		["CII", "download_cii"],
	]) {
		frm.add_custom_button(
			label,
			() =>
				window.open(
					`/api/method/sales_flow.regional.france.einvoice.${method}?name=${encodeURIComponent(
						frm.doc.name,
					)}`,
				),
			__("E-invoice"),
		);
	}
}
