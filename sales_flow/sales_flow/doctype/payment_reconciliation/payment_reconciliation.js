// The tool's three steps, each a method of the server's document (controllers/reconciliation.py):
// list the customer's unreconciled entries (with suggestions), suggest again, reconcile.
frappe.ui.form.on("Payment Reconciliation", {
	onload(frm) {
		frm.set_value("party_type", "Customer");
		if (!frm.doc.company) {
			frm.set_value("company", frappe.defaults.get_user_default("company"));
		}
	},

	refresh(frm) {
		frm.disable_save();
		const step = (method) =>
			frm.call({ doc: frm.doc, method, freeze: true }).then(() => frm.refresh());
		if (frm.doc.company && frm.doc.party) {
			frm.add_custom_button(__("Get Unreconciled Entries"), () => step("get_unreconciled_entries"));
		}
		if (frm.doc.payments?.length && frm.doc.invoices?.length) {
			frm.add_custom_button(__("Allocate"), () => step("allocate_entries"));
		}
		if (frm.doc.allocation?.length) {
			frm.add_custom_button(__("Reconcile"), () => step("reconcile")).addClass("btn-primary");
		}
	},

	party(frm) {
		for (const table of ["payments", "invoices", "allocation"]) frm.clear_table(table);
		frm.refresh();
	},

	company(frm) {
		frm.trigger("party");
	},
});
