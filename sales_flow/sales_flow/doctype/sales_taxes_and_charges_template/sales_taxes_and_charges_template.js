// The printed description defaults to the account, as the server does on save.
frappe.ui.form.on("Sales Taxes and Charges", {
	account_head(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		if (row.account_head && !row.description) {
			frappe.model.set_value(cdt, cdn, "description", row.account_head);
		}
	},
	charge_type(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		if (!["On Previous Row Amount", "On Previous Row Total"].includes(row.charge_type)) {
			frappe.model.set_value(cdt, cdn, "row_id", "");
		}
		if (row.charge_type === "Actual" && row.included_in_print_rate) {
			frappe.model.set_value(cdt, cdn, "included_in_print_rate", 0);
		}
	},
});
