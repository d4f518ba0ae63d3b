// The desk form of every sales document (Quotation, Sales Order, Sales Invoice, Delivery Note).
// Totals are recomputed in the browser by sales_flow.totals (the twin of the server engine) as the
// user types: no server round trip per keystroke. The server recomputes at save and is the authority.
frappe.provide("sales_flow");

// the fields the totals engine reads and writes, from sales_flow/engine/fields.json (shared with the server)
sales_flow.engine_fields = () => frappe.boot.sales_flow_engine_fields;

function pick(source, fields) {
	const out = {};
	for (const field of fields) out[field] = source[field];
	return out;
}

// Recompute the totals of the form's document and show them, refreshing only what changed.
sales_flow.calculate_totals = function (frm) {
	const doc = frm.doc;
	const currency = doc.currency && locals["Currency"] && locals["Currency"][doc.currency];
	const data = pick(doc, sales_flow.engine_fields().doc_inputs);
	data.smallest_currency_fraction = currency ? currency.smallest_currency_fraction_value : 0;
	data.items = (doc.items || []).map((row) => pick(row, sales_flow.engine_fields().item_inputs));
	data.taxes = (doc.taxes || []).map((row) => pick(row, sales_flow.engine_fields().tax_inputs));
	sales_flow.totals.calculate(data);

	const grid = frm.fields_dict.items && frm.fields_dict.items.grid;
	(doc.items || []).forEach((row, n) => {
		let changed = false;
		for (const field of sales_flow.engine_fields().item_outputs) {
			if (row[field] !== data.items[n][field]) {
				row[field] = data.items[n][field];
				changed = true;
			}
		}
		if (changed && grid && grid.grid_rows_by_docname[row.name]) {
			grid.grid_rows_by_docname[row.name].refresh();
		}
	});
	// the taxes grid and the header fields are redrawn only where a figure moved: on a long
	// document a keystroke changes one line, a few taxes and a handful of totals
	let taxes_changed = false;
	(doc.taxes || []).forEach((row, n) => {
		for (const field of sales_flow.engine_fields().tax_outputs) {
			if (row[field] !== data.taxes[n][field]) {
				row[field] = data.taxes[n][field];
				taxes_changed = true;
			}
		}
	});
	if (taxes_changed) frm.refresh_field("taxes");
	for (const field of sales_flow.engine_fields().doc_outputs) {
		if (doc[field] === data[field]) continue;
		doc[field] = data[field];
		if (frm.fields_dict[field]) frm.fields_dict[field].refresh();
	}
	frm.dirty();
};

sales_flow.fetch_item_details = function (frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	if (!row.item_code) return;
	return frappe
		.call({
			method: "sales_flow.engine.details.get_item_details",
			args: { doc: frm.doc, item_code: row.item_code, uom: row.uom, qty: row.qty || 1 },
		})
		.then((r) => {
			const details = r.message || {};
			// the user's discount and quantity stay; the item's own data and list price come in
			Object.assign(row, details, { rate: details.price_list_rate ? 0 : row.rate });
			if (!row.qty) row.qty = 1;
			sales_flow.calculate_totals(frm);
			frm.refresh_field("items");
		});
};

// Customer (or company) chosen: its defaults and prices in one round trip.
sales_flow.fetch_party_details = function (frm) {
	if (!(frm.doc.customer || frm.doc.party_name) || frm.doc.docstatus !== 0) return;
	return frappe
		.call({ method: "sales_flow.engine.details.get_party_details", args: { doc: frm.doc } })
		.then((r) => {
			const details = r.message || {};
			const { taxes, prices, ...fields } = details;
			Object.assign(frm.doc, fields);
			frm.clear_table("taxes");
			for (const row of taxes || []) frm.add_child("taxes", row);
			for (const row of frm.doc.items || []) {
				const price = prices[row.name] ?? prices[row.idx];
				if (price !== undefined && price !== null) {
					row.price_list_rate = price;
					if (price) row.rate = 0;
				}
			}
			sales_flow.calculate_totals(frm);
			frm.refresh_fields();
		});
};

sales_flow.item_events = {
	item_code: sales_flow.fetch_item_details,
	qty: (frm) => sales_flow.calculate_totals(frm),
	price_list_rate: (frm) => sales_flow.calculate_totals(frm),
	discount_percentage: (frm, cdt, cdn) => {
		locals[cdt][cdn].discount_amount = 0;
		sales_flow.calculate_totals(frm);
	},
	discount_amount: (frm, cdt, cdn) => {
		locals[cdt][cdn].discount_percentage = 0;
		sales_flow.calculate_totals(frm);
	},
	rate: (frm, cdt, cdn) => {
		// a rate typed on a priced line becomes a discount (or a mark-up) on the list price
		const row = locals[cdt][cdn];
		if (
			row.price_list_rate &&
			row.rate !== row.rate_with_margin - (row.discount_amount || 0)
		) {
			row.discount_percentage = 0;
			row.discount_amount = (row.rate_with_margin || row.price_list_rate) - row.rate;
		}
		sales_flow.calculate_totals(frm);
	},
	margin_type: (frm) => sales_flow.calculate_totals(frm),
	margin_rate_or_amount: (frm) => sales_flow.calculate_totals(frm),
	items_remove: (frm) => sales_flow.calculate_totals(frm),
	line_type: (frm, cdt, cdn) => {
		sales_flow.clear_layout_row(frm, cdt, cdn);
		sales_flow.calculate_totals(frm);
	},
	is_alternative: (frm) => sales_flow.calculate_totals(frm),
};

sales_flow.tax_events = {
	rate: (frm) => sales_flow.calculate_totals(frm),
	tax_amount: (frm) => sales_flow.calculate_totals(frm),
	charge_type: (frm) => sales_flow.calculate_totals(frm),
	row_id: (frm) => sales_flow.calculate_totals(frm),
	included_in_print_rate: (frm) => sales_flow.calculate_totals(frm),
	taxes_remove: (frm) => sales_flow.calculate_totals(frm),
};

// Register the shared behaviour for one sales DocType.
// `create` lists the "Create" buttons: [{label, method, condition(doc)}].
sales_flow.setup_sales_form = function (doctype, { create = [], extra = {} } = {}) {
	frappe.ui.form.on(doctype, {
		setup(frm) {
			frm.set_query("selling_price_list", () => ({ filters: { selling: 1, enabled: 1 } }));
			frm.set_query("taxes_and_charges", () => ({
				filters: { company: frm.doc.company, disabled: 0 },
			}));
			frm.set_query("tc_name", () => ({ filters: { selling: 1, disabled: 0 } }));
			frm.set_query("item_code", "items", () => ({
				filters: { is_sales_item: 1, disabled: 0 },
			}));
			for (const field of ["customer_address", "shipping_address_name"]) {
				frm.set_query(field, () => ({
					filters: {
						// a quotation may be addressed to a lead: its addresses then
						link_doctype: frm.doc.quotation_to || "Customer",
						link_name: frm.doc.customer || frm.doc.party_name,
					},
				}));
			}
		},
		refresh(frm) {
			if (frm.doc.docstatus === 1) {
				for (const button of create) {
					if (!button.condition || button.condition(frm.doc)) {
						frm.add_custom_button(
							__(button.label),
							() => frappe.model.open_mapped_doc({ method: button.method, frm }),
							__("Create"),
						);
					}
				}
				frm.page.set_inner_btn_group_as_primary(__("Create"));
				sales_flow.add_email_button(frm);
			}
		},
		onload_post_render(frm) {
			// a draft the server built and priced (a quotation template's fixed prices) stays as it is
			if (frm.is_new() && !frm.doc.__priced_by_server) sales_flow.fetch_party_details(frm);
		},
		customer: (frm) => sales_flow.fetch_party_details(frm),
		party_name: (frm) => sales_flow.fetch_party_details(frm),
		company: (frm) => sales_flow.fetch_party_details(frm),
		taxes_and_charges(frm) {
			if (!frm.doc.taxes_and_charges) return;
			frappe.db
				.get_doc("Sales Taxes and Charges Template", frm.doc.taxes_and_charges)
				.then((template) => {
					frm.clear_table("taxes");
					for (const row of template.taxes) {
						frm.add_child(
							"taxes",
							pick(
								row,
								sales_flow.engine_fields().tax_inputs.concat(["description"]),
							),
						);
					}
					sales_flow.calculate_totals(frm);
					frm.refresh_field("taxes");
				});
		},
		tc_name(frm) {
			if (!frm.doc.tc_name) return;
			frappe
				.call({
					method: "sales_flow.sales_flow.doctype.terms_and_conditions.terms_and_conditions.get_terms_and_conditions",
					args: { template_name: frm.doc.tc_name, doc: frm.doc },
				})
				.then((r) => frm.set_value("terms", r.message));
		},
		additional_discount_percentage: (frm) => {
			frm.doc.discount_amount = 0;
			sales_flow.calculate_totals(frm);
		},
		discount_amount: (frm) => {
			if (frm.doc.discount_amount) frm.doc.additional_discount_percentage = 0;
			sales_flow.calculate_totals(frm);
		},
		apply_discount_on: (frm) => sales_flow.calculate_totals(frm),
		conversion_rate: (frm) => sales_flow.calculate_totals(frm),
	});
	// the DocType's own handlers run besides the shared ones: a second registration adds handlers,
	// where spreading `extra` into the object above replaced the shared refresh and setup
	frappe.ui.form.on(doctype, extra);
	frappe.ui.form.on(doctype, {
		// formatters before the grid first renders its rows (they copy the field definitions)
		setup: (frm) => sales_flow.format_layout_rows(frm, doctype + " Item"),
		refresh: (frm) => sales_flow.setup_layout_rows(frm, doctype + " Item"),
	});
	frappe.ui.form.on(doctype + " Item", sales_flow.item_events);
	// one child table serves every sales document: its handlers are registered once
	if (!sales_flow.tax_events_registered) {
		frappe.ui.form.on("Sales Taxes and Charges", sales_flow.tax_events);
		sales_flow.tax_events_registered = true;
	}
};

// List views: one colour per status, the same everywhere.
sales_flow.STATUS_COLORS = {
	Draft: "red",
	Open: "orange",
	"Partially Ordered": "yellow",
	Ordered: "green",
	Expired: "gray",
	Lost: "gray",
	Superseded: "gray",
	"On Hold": "orange",
	"To Deliver and Bill": "orange",
	"To Bill": "orange",
	"To Deliver": "orange",
	Completed: "green",
	Closed: "green",
	Unpaid: "orange",
	"Partly Paid": "yellow",
	Overdue: "red",
	Paid: "green",
	Return: "gray",
	"Credit Note Issued": "gray",
	Submitted: "blue",
	Cancelled: "red",
};
sales_flow.list_settings = function () {
	return {
		add_fields: ["status"],
		has_indicator_for_draft: true,
		onload(listview) {
			listview.page.add_actions_menu_item(__("Print in one PDF"), () =>
				sales_flow.print_merged(listview.doctype, listview.get_checked_items(true)),
			);
		},
		get_indicator(doc) {
			return [
				__(doc.status),
				sales_flow.STATUS_COLORS[doc.status] || "blue",
				"status,=," + doc.status,
			];
		},
	};
};

// Several documents of one DocType merged into one PDF, in the order of the list.
sales_flow.print_merged = function (doctype, names) {
	if (!names.length) {
		frappe.msgprint(__("Select the documents to print."));
		return;
	}
	const query = new URLSearchParams({ doctype, names: JSON.stringify(names) });
	window.open(`/api/method/sales_flow.engine.printing.print_merged?${query}`);
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
				method: "sales_flow.engine.emailing.email_defaults",
				args: { doctype: frm.doctype, name: frm.doc.name },
			})
			.then(({ message: defaults }) => {
				const composer = new frappe.views.CommunicationComposer({
					doc: frm.doc,
					frm,
					recipients: defaults.recipients.join(", "),
					subject: defaults.subject,
					message: defaults.message,
					attach_document_print: true,
				});
				composer.dialog.set_value("print_language", defaults.language);
			});
	});
};

// Section headings and subtotals (line_type) in the items grid: the heading in bold where the item
// goes, a subtotal's sum in the amount column, nothing in the other columns; alternatives marked.
// "Add Section" and "Add Subtotal" under the grid of a draft. The totals skip them (engine/totals.js).
const LAYOUT_CLEARED = [
	"item_code",
	"qty",
	"uom",
	"rate",
	"price_list_rate",
	"discount_percentage",
	"discount_amount",
	"margin_rate_or_amount",
	"is_alternative",
];
const is_layout_row = (doc) => !!doc && (doc.line_type || "Item") !== "Item";

sales_flow.clear_layout_row = function (frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	if (!is_layout_row(row)) return;
	for (const field of LAYOUT_CLEARED) {
		if (field in row) row[field] = ["item_code", "uom"].includes(field) ? "" : 0;
	}
	frm.refresh_field("items");
};

// wraps one column's formatter (once: the wrapper marks the field); true when it did
function format_as_layout_row(df) {
	const fieldname = df && df.fieldname;
	if (!fieldname || df.sales_flow_layout || !(df.in_list_view || fieldname === "item_code"))
		return false;
	const own = df.formatter || frappe.form.get_formatter(df.fieldtype);
	// Frappe's formatters call the field's custom formatter again (found by parent and
	// fieldname): the standard one gets a copy without a parent, or it would recurse
	const standard = (value, field, options, doc) =>
		own(value, { ...field, parent: undefined, formatter: undefined }, options, doc);
	df.sales_flow_layout = true;
	df.formatter = (value, field, options, doc) => {
		if (!is_layout_row(doc)) {
			const shown = standard(value, field, options, doc);
			return fieldname === "item_code" && doc && doc.is_alternative
				? `${shown} <span class="text-muted">(${__("Alternative")})</span>`
				: shown;
		}
		if (fieldname === "item_code") {
			const text = frappe.utils.escape_html(doc.item_name || __(doc.line_type));
			return doc.line_type === "Section" ? `<b>${text}</b>` : `<i>${text}</i>`;
		}
		if (fieldname === "amount" && doc.line_type === "Subtotal") {
			return `<b>${standard(value, field, options, doc)}</b>`;
		}
		// not "": the grid would format the value again with the parent document
		return fieldname === "line_type" ? standard(value, field, options, doc) : "<span></span>";
	};
	return true;
}

// the meta's fields (before the grid copies them), then the copies the grid and each of its rows
// already hold, redrawn when one changed
sales_flow.format_layout_rows = function (frm, child_doctype) {
	Object.values(frappe.meta.docfield_map[child_doctype] || {}).forEach(format_as_layout_row);
	const grid = frm.fields_dict.items && frm.fields_dict.items.grid;
	if (!grid) return;
	const copies = [grid.docfields || [], ...(grid.grid_rows || []).map((r) => r.docfields || [])];
	const changed = copies.map((fields) => fields.map(format_as_layout_row).some(Boolean));
	if (changed.some(Boolean)) grid.refresh();
};

sales_flow.add_layout_buttons = function (frm) {
	const grid = frm.fields_dict.items && frm.fields_dict.items.grid;
	if (!grid) return;
	const add_row = (line_type, item_name) => {
		frm.add_child("items", { line_type, item_name });
		sales_flow.calculate_totals(frm);
		frm.refresh_field("items");
	};
	if (!grid.sales_flow_layout_buttons) {
		grid.sales_flow_layout_buttons = [
			grid.add_custom_button(__("Add Section"), () =>
				frappe.prompt(
					{ fieldname: "heading", fieldtype: "Data", label: __("Heading"), reqd: 1 },
					({ heading }) => add_row("Section", heading),
					__("Add Section"),
				),
			),
			grid.add_custom_button(__("Add Subtotal"), () => add_row("Subtotal", __("Subtotal"))),
		];
	}
	for (const button of grid.sales_flow_layout_buttons) {
		if (button && button.toggle) button.toggle(frm.doc.docstatus === 0);
	}
};

sales_flow.setup_layout_rows = function (frm, child_doctype) {
	sales_flow.format_layout_rows(frm, child_doctype);
	sales_flow.add_layout_buttons(frm);
};

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
