// Offer only what the server accepts on a newly chosen value: enabled units and VAT classes.
frappe.ui.form.on("Item", {
	setup(frm) {
		for (const field of ["stock_uom", "weight_uom"]) {
			frm.set_query(field, () => ({ filters: { enabled: 1 } }));
		}
		frm.set_query("item_tax_template", () => ({ filters: { disabled: 0 } }));
	},
	item_code(frm) {
		// the server does the same on save; showing it at once avoids a surprise
		if (frm.doc.item_code && !frm.doc.item_name) {
			frm.set_value("item_name", frm.doc.item_code);
		}
	},
});
