// Buttons and dialogs of a submitted sales document: the "Create" menu (each next document the
// server maps from this one), "Send by email" with the PDF attached, and the "Set as Lost" dialog
// shared by quotations and opportunities.
frappe.provide("sales_flow.sales_form");

// `create` lists the "Create" buttons: [{label, method, condition(doc)}]
sales_flow.sales_form.add_create_buttons = function (frm, create) {
	for (const button of create) {
		if (button.condition && !button.condition(frm.doc)) continue;
		frm.add_custom_button(
			__(button.label),
			() => frappe.model.open_mapped_doc({ method: button.method, frm }),
			__("Create"),
		);
	}
	frm.page.set_inner_btn_group_as_primary(__("Create"));
};

// Email with the PDF attached: Frappe's composer (the DocType's default Email Template, the print
// attached), once the server has found an address to write to.
sales_flow.add_email_button = function (frm) {
	if (!["Quotation", "Sales Order", "Sales Invoice"].includes(frm.doctype)) return;
	// the handler returns nothing: a refused call would leave a returned promise pending and the
	// button disabled
	frm.add_custom_button(__("Send by email"), () => {
		frappe
			.call({
				method: "sales_flow.printing.email.email_defaults",
				args: { doctype: frm.doctype, name: frm.doc.name },
			})
			.then(({ message: defaults }) => sales_flow.sales_form.open_composer(frm, defaults));
	});
};

// Frappe's composer, whose print language is the one the server resolved (customer's, else French).
// Frappe guesses the language while the dialog builds itself and again whenever the print format
// changes; each guess is an asynchronous Link set_value, so a guess replaced only after construction
// could still land last and leave English: the subclass makes every guess give the same answer.
sales_flow.sales_form.composer_class = function () {
	if (!sales_flow.sales_form._Composer) {
		sales_flow.sales_form._Composer = class extends frappe.views.CommunicationComposer {
			get_fields() {
				// the dialog opens on that language, not on the user's for a moment
				const fields = super.get_fields();
				const language = fields.find((df) => df.fieldname === "print_language");
				if (language) language.default = this.print_language();
				return fields;
			}
			guess_language() {
				this.dialog.set_value("print_language", this.print_language());
			}
			print_language() {
				return this.document_language || frappe.boot.lang;
			}
		};
	}
	return sales_flow.sales_form._Composer;
};

sales_flow.sales_form.open_composer = function (frm, defaults) {
	const Composer = sales_flow.sales_form.composer_class();
	return new Composer({
		doc: frm.doc,
		frm,
		recipients: defaults.recipients.join(", "),
		subject: defaults.subject,
		message: defaults.message,
		attach_document_print: true,
		document_language: defaults.language,
	});
};

// the form events of a sales document's buttons
sales_flow.sales_form.action_events = (create) => ({
	refresh(frm) {
		if (frm.doc.docstatus !== 1) return;
		sales_flow.sales_form.add_create_buttons(frm, create);
		sales_flow.add_email_button(frm);
	},
});

// "Set as Lost" on a quotation or an opportunity: reasons (required), competitors, a detailed
// reason; `send(values)` makes the document's own call and returns its promise.
sales_flow.set_as_lost_dialog = function (frm, reason_detail_doctype, send) {
	const dialog = new frappe.ui.Dialog({
		title: __("Set as Lost"),
		fields: [
			{
				fieldname: "lost_reasons",
				fieldtype: "Table MultiSelect",
				label: __("Lost Reasons"),
				options: reason_detail_doctype,
				reqd: 1,
			},
			{
				fieldname: "competitors",
				fieldtype: "Table MultiSelect",
				label: __("Competitors"),
				options: "Competitor Detail",
			},
			{
				fieldname: "detailed_reason",
				fieldtype: "Small Text",
				label: __("Detailed Reason"),
			},
		],
		primary_action_label: __("Set as Lost"),
		primary_action(values) {
			send(values).then(() => {
				dialog.hide();
				frm.reload_doc();
			});
		},
	});
	dialog.show();
};

// The Quotation Template to start from or apply: an enabled one. The customer's "New Quotation
// from Template" and the quotation's "Apply Template" dialogs ask for it.
sales_flow.sales_form.quotation_template_field = function () {
	return {
		fieldname: "template",
		fieldtype: "Link",
		options: "Quotation Template",
		label: __("Quotation Template"),
		reqd: 1,
		get_query: () => ({ filters: { disabled: 0 } }),
	};
};
