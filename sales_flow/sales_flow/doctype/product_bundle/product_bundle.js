// Only enabled sales items can be sold as a bundle or packed in one.
frappe.ui.form.on("Product Bundle", {
	setup(frm) {
		const sales_items = () => ({ filters: { disabled: 0, is_sales_item: 1 } });
		frm.set_query("new_item_code", sales_items);
		frm.set_query("item_code", "items", () => ({ filters: { disabled: 0 } }));
	},
});
