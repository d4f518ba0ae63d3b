// Offer only what the server accepts on a newly chosen value: enabled units and VAT classes. A
// template (Has Variants) makes its variants from the values ticked for each attribute
// (sales_flow/variants/items.py).
frappe.ui.form.on("Item", {
	setup(frm) {
		for (const field of ["stock_uom", "weight_uom"]) {
			frm.set_query(field, () => ({ filters: { enabled: 1 } }));
		}
		frm.set_query("item_tax_template", () => ({ filters: { disabled: 0 } }));
	},
	refresh(frm) {
		if (frm.doc.has_variants && !frm.is_new() && frm.has_perm("create")) {
			frm.add_custom_button(__("Create Variants"), () => create_variants(frm));
		}
		if (frm.doc.has_variants && !frm.is_new()) {
			frm.add_custom_button(__("Show Variants"), () =>
				frappe.set_route("List", "Item", { variant_of: frm.doc.name }),
			);
		}
	},
	item_code(frm) {
		// the server does the same on save; showing it at once avoids a surprise
		if (frm.doc.item_code && !frm.doc.item_name) {
			frm.set_value("item_name", frm.doc.item_code);
		}
	},
});

function create_variants(frm) {
	frappe
		.xcall("sales_flow.variants.items.variant_choices", { template: frm.doc.name })
		.then((attributes) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Create Variants"),
				fields: attributes.map((a, n) => ({
					fieldname: `attribute_${n}`,
					fieldtype: "MultiCheck",
					label: a.attribute,
					columns: 4,
					reqd: 1,
					options: a.values.map((value) => ({ label: value, value })),
				})),
				primary_action_label: __("Create"),
				primary_action(values) {
					const args = {};
					attributes.forEach((a, n) => (args[a.attribute] = values[`attribute_${n}`] || []));
					frappe
						.xcall("sales_flow.variants.items.enqueue_multiple_variant_creation", {
							item: frm.doc.name,
							args,
						})
						.then((made) => {
							dialog.hide();
							frappe.show_alert({
								message: __("{0} variants created.", [made]),
								indicator: "green",
							});
						});
				},
			});
			dialog.show();
		});
}
