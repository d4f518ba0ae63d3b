// Quotation Template ("modèle de devis"): lines and section rows a quotation is built from.
frappe.ui.form.on("Quotation Template", {
	onload(frm) {
		frm.set_query("item_code", "items", () => ({
			filters: { is_sales_item: 1, disabled: 0 },
		}));
		frm.set_query("tc_name", () => ({ filters: { selling: 1, disabled: 0 } }));
	},
	setup(frm) {
		sales_flow.format_layout_rows(frm, "Quotation Template Item");
	},
});

frappe.ui.form.on("Quotation Template Item", {
	line_type(frm, cdt, cdn) {
		sales_flow.clear_layout_row(frm, cdt, cdn);
	},
	item_code(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		if (!row.item_code) return;
		frappe.db
			.get_value("Item", row.item_code, ["item_name", "stock_uom"])
			.then(({ message }) => {
				frappe.model.set_value(cdt, cdn, {
					item_name: message.item_name,
					uom: row.uom || message.stock_uom,
					qty: row.qty || 1,
				});
			});
	},
});
