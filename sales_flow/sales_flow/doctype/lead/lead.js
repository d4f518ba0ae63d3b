frappe.ui.form.on("Lead", {
	setup(frm) {
		// the dashboard's "+" makes them as the Create menu does, from the lead
		frm.custom_make_buttons = {
			Customer: "Customer",
			Opportunity: "Opportunity",
			Quotation: "Quotation",
		};
	},
	refresh(frm) {
		// the contact and address dialogs link new records back to this lead
		frappe.dynamic_link = { doc: frm.doc, fieldname: "name", doctype: "Lead" };
		if (frm.is_new()) {
			frappe.contacts.clear_address_and_contact(frm);
			return;
		}
		frappe.contacts.render_address_and_contact(frm);
		const create = (label, method) =>
			frm.add_custom_button(
				__(label),
				() => frappe.model.open_mapped_doc({ method, frm }),
				__("Create"),
			);
		const lead = "sales_flow.sales_flow.doctype.lead.lead.";
		if (frm.doc.status !== "Converted") create("Customer", lead + "make_customer");
		create("Opportunity", lead + "make_opportunity");
		create("Quotation", lead + "make_quotation");
		frm.page.set_inner_btn_group_as_primary(__("Create"));
	},
});
