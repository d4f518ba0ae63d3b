// The Quotation form, registered once through sales_flow.setup_sales_form (public/js/
// sales_document/form.js): the quotation desk (lost with reasons, follow-ups, revisions; server
// side: quotation_desk/lost.py, quotation_desk/follow_ups.py, quotation_desk/revisions.py), templates and options. Which
// status allows which button comes from the server (sales_flow.status_in, the boot's lists).
frappe.provide("sales_flow.quotation_desk");

// the quotation desk's buttons, each offered in the statuses the server accepts (from the boot)
sales_flow.quotation_desk.add_buttons = function (frm) {
	const doc = frm.doc;
	if (doc.docstatus !== 1) return;
	if (sales_flow.status_in(doc, "losable")) {
		frm.add_custom_button(__("Set as Lost"), () => sales_flow.quotation_desk.set_as_lost(frm));
	}
	if (sales_flow.status_in(doc, "revisable")) {
		frm.add_custom_button(__("Revise"), () =>
			frm
				.call("make_revision")
				.then((r) => frappe.set_route("Form", "Quotation", r.message)),
		);
	}
	if (!sales_flow.status_in(doc, "follow_ups_stopped")) {
		frm.add_custom_button(__("Record Follow-up"), () =>
			sales_flow.quotation_desk.record_follow_up(frm),
		);
	}
};

sales_flow.quotation_desk.set_as_lost = function (frm) {
	sales_flow.set_as_lost_dialog(frm, "Quotation Lost Reason Detail", (values) =>
		frm.call("set_as_lost", {
			lost_reasons: values.lost_reasons || [],
			competitors: values.competitors || [],
			detailed_reason: values.detailed_reason,
		}),
	);
};

sales_flow.quotation_desk.record_follow_up = function (frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Record Follow-up"),
		fields: [
			{
				fieldname: "follow_up_date",
				fieldtype: "Date",
				label: __("Follow-up Date"),
				default: frappe.datetime.get_today(),
				reqd: 1,
			},
			{
				fieldname: "channel",
				fieldtype: "Select",
				label: __("Channel"),
				options: ["Phone", "Email", "Meeting", "Letter", "Other"].map((value) => ({
					value,
					label: __(value),
				})),
				default: "Phone",
				reqd: 1,
			},
			{
				fieldname: "outcome",
				fieldtype: "Select",
				label: __("Outcome"),
				options: [
					"",
					"No Answer",
					"Call Back",
					"Interested",
					"Negotiating",
					"Declined",
				].map((value) => ({ value, label: __(value) })),
			},
			{
				fieldname: "next_follow_up_date",
				fieldtype: "Date",
				label: __("Next Follow-up Date"),
			},
			{ fieldname: "note", fieldtype: "Small Text", label: __("Note") },
		],
		primary_action_label: __("Record"),
		primary_action(values) {
			frm.call("record_follow_up", values).then(() => {
				dialog.hide();
				frm.reload_doc();
			});
		},
	});
	dialog.show();
};

// Validity and first follow-up filled as the rep types, by the server's own rule (quotation_desk/
// dates.py: the template's or the settings' days, the follow-up delay), asked again when the date or
// the template changes; a date the rep typed stays as typed.
sales_flow.quotation_desk.fill_dates = function (frm) {
	const doc = frm.doc;
	if (doc.docstatus !== 0 || !doc.transaction_date) return;
	// what this form filled, by document: a value still equal to it follows the date
	const filled = ((frm.sf_filled_dates ||= {})[doc.name] ||= {});
	const follows = (field) => !doc[field] || doc[field] === filled[field];
	const fields = ["valid_till", "next_follow_up_date"].filter(follows);
	if (!fields.length) return;
	return frappe
		.call({
			method: "sales_flow.quotation_desk.dates.quotation_dates",
			args: {
				transaction_date: doc.transaction_date,
				quotation_template: doc.quotation_template || null,
			},
		})
		.then(({ message: dates }) => {
			for (const field of fields.filter(follows)) {
				filled[field] = dates[field];
				frm.set_value(field, dates[field]);
			}
		});
};

sales_flow.quotation_desk.date_events = {
	onload_post_render(frm) {
		if (frm.is_new()) sales_flow.quotation_desk.fill_dates(frm);
	},
	transaction_date: (frm) => sales_flow.quotation_desk.fill_dates(frm),
	quotation_template: (frm) => sales_flow.quotation_desk.fill_dates(frm),
	party_name: (frm) => sales_flow.quotation_desk.fill_dates(frm),
};

// the chain of revisions (sent by the server's onload), each linked, the current one in bold
sales_flow.quotation_desk.show_revision_history = function (frm) {
	const field = frm.fields_dict.revision_history;
	const chain = (frm.doc.__onload || {}).revision_history || [];
	if (!field) return;
	if (chain.length < 2) {
		field.$wrapper.empty();
		return;
	}
	const rows = chain
		.map((q) => {
			const name =
				q.name === frm.doc.name
					? `<b>${q.name}</b>`
					: frappe.utils.get_form_link("Quotation", q.name, true);
			return `<tr><td>${name}</td><td>${frappe.datetime.str_to_user(q.transaction_date)}</td>
				<td>${__(q.status)}</td><td class="text-right">${format_currency(
				q.grand_total,
				q.currency,
			)}</td></tr>`;
		})
		.join("");
	field.$wrapper.html(`<table class="table table-bordered table-condensed">
		<thead><tr><th>${__("Quotation")}</th><th>${__("Date")}</th><th>${__("Status")}</th>
		<th class="text-right">${__("Grand Total")}</th></tr></thead><tbody>${rows}</tbody></table>`);
};

// Lines (sales_flow/sales_flow/doctype/quotation_template): a quotation template applied to a
// draft; an order with the options the customer chose: alternative lines are ordered only when
// ticked, as ordinary lines in their place.
sales_flow.quotation_desk.add_line_buttons = function (frm) {
	if (frm.doc.docstatus === 0) {
		frm.add_custom_button(__("Apply Template"), () =>
			sales_flow.apply_quotation_template(frm),
		);
	}
	if (frm.doc.docstatus !== 1 || !sales_flow.status_in(frm.doc, "orderable")) return;
	const options = (frm.doc.items || []).filter((row) => row.is_alternative && !row.ordered_qty);
	if (!options.length) return;
	frm.add_custom_button(
		__("Sales Order with Options"),
		() => sales_flow.order_with_options(frm, options),
		__("Create"),
	);
};

const orderable = (doc) => sales_flow.status_in(doc, "orderable");

sales_flow.setup_sales_form("Quotation", {
	create: [
		{
			label: "Sales Order",
			method: "sales_flow.sales_flow.doctype.quotation.quotation.make_sales_order",
			condition: orderable,
		},
		{
			label: "Sales Invoice",
			method: "sales_flow.sales_flow.doctype.quotation.quotation.make_sales_invoice",
			condition: orderable,
		},
	],
	extra: {
		...sales_flow.quotation_desk.date_events,
		setup(frm) {
			frm.set_query("quotation_to", () => ({
				filters: { name: ["in", ["Customer", "Lead"]] },
			}));
		},
		refresh(frm) {
			sales_flow.quotation_desk.add_buttons(frm);
			sales_flow.quotation_desk.add_line_buttons(frm);
			sales_flow.quotation_desk.show_revision_history(frm);
		},
	},
});

sales_flow.apply_quotation_template = function (frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Apply Template"),
		fields: [
			sales_flow.sales_form.quotation_template_field(),
			{
				fieldname: "mode",
				fieldtype: "Select",
				label: __("Lines"),
				options: [
					{ value: "append", label: __("Add after the current lines") },
					{ value: "replace", label: __("Replace the current lines") },
				],
				default: "append",
				reqd: 1,
			},
		],
		primary_action_label: __("Apply"),
		primary_action({ template, mode }) {
			frappe
				.call({
					method: "sales_flow.sales_flow.doctype.quotation_template.quotation_template.apply_quotation_template",
					args: { quotation: frm.doc, template, mode },
					freeze: true,
				})
				.then((r) => {
					dialog.hide();
					frappe.model.sync(r.message);
					frm.refresh();
					frm.dirty();
				});
		},
	});
	dialog.show();
};

sales_flow.order_with_options = function (frm, options) {
	const dialog = new frappe.ui.Dialog({
		title: __("Options Chosen by the Customer"),
		fields: [
			{
				fieldname: "chosen",
				fieldtype: "MultiCheck",
				label: __("Alternative lines to order"),
				options: options.map((row) => ({
					value: row.name,
					label: `${row.idx}. ${row.item_name || row.item_code} (${format_currency(
						row.amount,
						frm.doc.currency,
					)})`,
				})),
			},
		],
		primary_action_label: __("Create Sales Order"),
		primary_action({ chosen }) {
			dialog.hide();
			frappe.model.open_mapped_doc({
				method: "sales_flow.sales_flow.doctype.quotation.quotation.make_sales_order",
				frm,
				args: { chosen_alternatives: chosen || [] },
			});
		},
	});
	dialog.show();
};
