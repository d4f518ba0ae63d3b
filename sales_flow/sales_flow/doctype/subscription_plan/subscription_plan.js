frappe.ui.form.on("Subscription Plan", {
	setup(frm) {
		frm.set_query("price_list", () => ({ filters: { selling: 1, enabled: 1 } }));
	},
});
