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
		// the dashboard's "+": Frappe fills only the new document's Link fields to Customer; a
		// quotation names its customer in party_name (a Dynamic Link), a payment in party
		frm.make_methods = {
			Quotation: () =>
				frappe.new_doc("Quotation", { quotation_to: "Customer", party_name: frm.doc.name }),
			"Payment Entry": () =>
				frappe.new_doc("Payment Entry", {
					payment_type: "Receive",
					party_type: "Customer",
					party: frm.doc.name,
				}),
		};
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
		show_credit_exposure(frm);
	},
});

// What the customer owes and has ordered against its credit limit, per company (the server's
// figures, controllers/credit_limit.py): red over the limit, orange above 80 % of it.
function show_credit_exposure(frm) {
	for (const credit of frm.doc.__onload?.credit || []) {
		const money = (value) => format_currency(value, credit.currency);
		const ratio = credit.credit_limit ? credit.exposure / credit.credit_limit : 0;
		const color = ratio > 1 ? "red" : ratio > 0.8 ? "orange" : "green";
		const text = credit.credit_limit
			? __("Exposure {0} against a credit limit of {1} ({2})", [
					money(credit.exposure),
					money(credit.credit_limit),
					frappe.utils.escape_html(credit.company),
			  ])
			: __("Exposure {0}, no credit limit ({1})", [
					money(credit.exposure),
					frappe.utils.escape_html(credit.company),
			  ]);
		frm.dashboard.add_indicator(text, color);
	}
}

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
