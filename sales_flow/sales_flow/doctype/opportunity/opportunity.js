frappe.ui.form.on("Opportunity", {
	setup(frm) {
		// the dashboard's "+" makes the quotation as the Create menu does, from the opportunity
		frm.custom_make_buttons = { Quotation: "Quotation" };
		frm.set_query("opportunity_from", () => ({
			filters: { name: ["in", ["Customer", "Lead"]] },
		}));
		frm.set_query("item_code", "items", () => ({
			filters: { is_sales_item: 1, disabled: 0 },
		}));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		const ended = ["Lost", "Closed"].includes(frm.doc.status);
		if (!ended) {
			frm.add_custom_button(
				__("Quotation"),
				() =>
					frappe.model.open_mapped_doc({
						method: "sales_flow.sales_flow.doctype.opportunity.opportunity.make_quotation",
						frm,
					}),
				__("Create"),
			);
			frm.page.set_inner_btn_group_as_primary(__("Create"));
		}
		if (["Open", "Replied"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Set as Lost"), () => set_as_lost(frm));
		}
	},
	opportunity_from: (frm) => frm.set_value("party_name", null),
});

frappe.ui.form.on("Opportunity Item", {
	qty: compute_amount,
	rate: compute_amount,
	items_remove: (frm) => update_opportunity_amount(frm),
});

function compute_amount(frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	frappe.model.set_value(cdt, cdn, "amount", flt(row.qty) * flt(row.rate));
	update_opportunity_amount(frm);
}

function update_opportunity_amount(frm) {
	if ((frm.doc.items || []).length) {
		frm.set_value(
			"opportunity_amount",
			frm.doc.items.reduce((total, row) => total + flt(row.amount), 0),
		);
	}
}

function set_as_lost(frm) {
	sales_flow.set_as_lost_dialog(frm, "Opportunity Lost Reason Detail", (values) =>
		frm.call("declare_enquiry_lost", {
			lost_reasons_list: values.lost_reasons,
			competitors: values.competitors || [],
			detailed_reason: values.detailed_reason,
		}),
	);
}
