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
	},
});
