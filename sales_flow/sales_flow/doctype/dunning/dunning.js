// Dunning: the rows name late instalments of the customer's invoices; the server fills their
// figures, level, interest and the letter at each save (sales_flow/receivables/dunning.py).
frappe.ui.form.on("Dunning", {
	setup(frm) {
		frm.set_query("sales_invoice", "overdue_payments", () => ({
			filters: {
				customer: frm.doc.customer,
				company: frm.doc.company,
				docstatus: 1,
				is_return: 0,
				outstanding_amount: [">", 0],
			},
		}));
		frm.set_query("customer", () => ({ filters: { disabled: 0, exclude_from_dunning: 0 } }));
	},

	refresh(frm) {
		if (frm.doc.docstatus !== 1) return;
		frm.add_custom_button(__("Send by email"), () =>
			frappe
				.call({
					method: "sales_flow.printing.email.email_defaults",
					args: { doctype: frm.doctype, name: frm.doc.name },
				})
				.then(({ message }) => sales_flow.sales_form.open_composer(frm, message)),
		);
	},
});
