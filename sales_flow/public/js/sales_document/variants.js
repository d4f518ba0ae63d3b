// A template item picked on a sales line (the server answers has_variants, details.js): a dialog
// asks for the value of each of its attributes (size, colour) and puts the matching variant on the
// line, whose details then come as for any item. The server refuses a template left on a line.
frappe.provide("sales_flow.variants");

sales_flow.variants.METHODS = {
	choices: "sales_flow.variants.items.variant_choices",
	find: "sales_flow.variants.items.get_variant",
};

// the line whose dialog is open: the item's change may be handled twice (the grid, the form)
sales_flow.variants.choosing = null;

sales_flow.variants.choose = function (frm, cdt, cdn, template) {
	if (sales_flow.variants.choosing === cdn) return;
	sales_flow.variants.choosing = cdn;
	return frappe.xcall(sales_flow.variants.METHODS.choices, { template }).then((attributes) => {
		const dialog = new frappe.ui.Dialog({
			title: __("Choose a variant of {0}", [template]),
			fields: attributes.map((a, n) => ({
				fieldname: `attribute_${n}`,
				fieldtype: "Select",
				label: a.attribute,
				options: [""].concat(a.values),
				reqd: 1,
			})),
			primary_action_label: __("Choose"),
			primary_action(values) {
				const args = {};
				attributes.forEach((a, n) => (args[a.attribute] = values[`attribute_${n}`]));
				frappe.xcall(sales_flow.variants.METHODS.find, { template, args }).then((variant) => {
					if (!variant) {
						frappe.msgprint(__("{0} has no variant with these values.", [template]));
						return;
					}
					dialog.hide();
					frappe.model.set_value(cdt, cdn, "item_code", variant);
				});
			},
		});
		dialog.onhide = () => (sales_flow.variants.choosing = null);
		dialog.show();
	}, () => (sales_flow.variants.choosing = null));
};
