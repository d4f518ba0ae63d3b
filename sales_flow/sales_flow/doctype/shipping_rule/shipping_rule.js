// The fixed amount is hidden once the rule goes by ranges: clear it rather than keep a stale one.
frappe.ui.form.on("Shipping Rule", {
	calculate_based_on(frm) {
		if (frm.doc.calculate_based_on === "Fixed") return;
		frm.set_value("shipping_amount", 0);
	},
});
