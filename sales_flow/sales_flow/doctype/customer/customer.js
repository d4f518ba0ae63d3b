frappe.ui.form.on("Customer", {
	setup(frm) {
		frm.set_query("customer_primary_contact", () => ({
			query: "frappe.contacts.doctype.contact.contact.contact_query",
			filters: { link_doctype: "Customer", link_name: frm.doc.name },
		}));
		frm.set_query("customer_primary_address", () => ({
			filters: { link_doctype: "Customer", link_name: frm.doc.name },
		}));
		frm.set_query("default_price_list", () => ({ filters: { selling: 1, enabled: 1 } }));
	},

	refresh(frm) {
		// the contact and address dialogs link new records back to this customer
		frappe.dynamic_link = { doc: frm.doc, fieldname: "name", doctype: "Customer" };
		frm.toggle_display("naming_series", !!frm.doc.__onload?.naming_by_series);
		if (frm.is_new()) {
			frappe.contacts.clear_address_and_contact(frm);
		} else {
			frappe.contacts.render_address_and_contact(frm);
		}
		add_quotation_from_template_button(frm);
	},
});

// A new draft quotation for this customer from a quotation template, opened in one step
// (sales_flow/sales_flow/doctype/quotation_template).
function add_quotation_from_template_button(frm) {
	if (frm.is_new() || !frappe.model.can_create("Quotation")) return;
	frm.add_custom_button(
		__("New Quotation from Template"),
		() =>
			frappe.prompt(
				sales_flow.sales_form.quotation_template_field(),
				({ template }) =>
					frappe
						.call({
							method: "sales_flow.sales_flow.doctype.quotation_template.quotation_template.make_quotation_from_template",
							args: { customer: frm.doc.name, template },
							freeze: true,
						})
						.then((r) => {
							const doc = frappe.model.sync(r.message)[0];
							frappe.set_route("Form", doc.doctype, doc.name);
						}),
				__("New Quotation from Template"),
				__("Create"),
			),
		__("Create"),
	);
}
