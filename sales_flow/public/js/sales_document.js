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
	(doc.taxes || []).forEach((row, n) =>
		Object.assign(row, pick(data.taxes[n], sales_flow.engine_fields().tax_outputs)),
	);
	if ((doc.taxes || []).length) frm.refresh_field("taxes");
	Object.assign(doc, pick(data, sales_flow.engine_fields().doc_outputs));
	for (const field of sales_flow.engine_fields().doc_outputs) {
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
			args: { doc: frm.doc, item_code: row.item_code, uom: row.uom },
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
						link_doctype: "Customer",
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
			}
		},
		onload_post_render(frm) {
			if (frm.is_new()) sales_flow.fetch_party_details(frm);
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
		...extra,
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
		get_indicator(doc) {
			return [
				__(doc.status),
				sales_flow.STATUS_COLORS[doc.status] || "blue",
				"status,=," + doc.status,
			];
		},
	};
};
