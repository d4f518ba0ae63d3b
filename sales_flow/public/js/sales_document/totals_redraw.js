// Totals redraw: the form's document goes through sales_flow.totals (public/js/engine/totals.js,
// the twin of the server's engine) as the user types, with no server round trip per keystroke;
// then only the grid rows and header fields whose figure moved are redrawn. The server recomputes
// at save and is the authority. Also the header fields that only move the totals (discounts, rate).
frappe.provide("sales_flow.sales_form");

// the fields the totals engine reads and writes, from sales_flow/totals/fields.json (in the boot)
sales_flow.engine_fields = () => frappe.boot.sales_flow_engine_fields;

sales_flow.sales_form.pick = function (source, fields) {
	const out = {};
	for (const field of fields) out[field] = source[field];
	return out;
};

// a plain copy of what the engine reads: the engine writes its outputs into it
sales_flow.sales_form.engine_input = function (doc) {
	const fields = sales_flow.engine_fields();
	const pick = sales_flow.sales_form.pick;
	const currency = doc.currency && locals["Currency"] && locals["Currency"][doc.currency];
	const data = pick(doc, fields.doc_inputs);
	data.smallest_currency_fraction = currency ? currency.smallest_currency_fraction_value : 0;
	data.items = (doc.items || []).map((row) => pick(row, fields.item_inputs));
	data.taxes = (doc.taxes || []).map((row) => pick(row, fields.tax_inputs));
	return data;
};

// copies `fields` from `computed` into `target`; true when a value changed
sales_flow.sales_form.copy_changed = function (target, computed, fields) {
	let changed = false;
	for (const field of fields) {
		if (target[field] !== computed[field]) {
			target[field] = computed[field];
			changed = true;
		}
	}
	return changed;
};

// each item row whose figures moved is redrawn alone: a keystroke changes one line
sales_flow.sales_form.redraw_items = function (frm, computed_rows) {
	const grid = frm.fields_dict.items && frm.fields_dict.items.grid;
	const outputs = sales_flow.engine_fields().item_outputs;
	(frm.doc.items || []).forEach((row, n) => {
		const changed = sales_flow.sales_form.copy_changed(row, computed_rows[n], outputs);
		const grid_row = grid && grid.grid_rows_by_docname[row.name];
		if (changed && grid_row) grid_row.refresh();
	});
};

// the taxes grid (a few rows) is redrawn whole, and only when one of its figures moved
sales_flow.sales_form.redraw_taxes = function (frm, computed_rows) {
	const outputs = sales_flow.engine_fields().tax_outputs;
	const changed = (frm.doc.taxes || [])
		.map((row, n) => sales_flow.sales_form.copy_changed(row, computed_rows[n], outputs))
		.some(Boolean);
	if (changed) frm.refresh_field("taxes");
};

// The VAT rows of a template that no line uses (the 10 % and 5,5 % rows of an invoice of 20 % items)
// stay in the document at 0, as the engine needs them, but the grid shows only the rows that apply
// while the document has lines; after each redraw of the grid, whoever asked for it.
sales_flow.sales_form.show_vat_rows_in_use = function (frm) {
	const grid = frm.fields_dict.taxes && frm.fields_dict.taxes.grid;
	if (!grid) return;
	if (!grid.sales_flow_vat_rows) {
		const refresh = grid.refresh.bind(grid);
		grid.refresh = (...args) => {
			const result = refresh(...args);
			sales_flow.sales_form.toggle_vat_rows(frm, grid);
			return result;
		};
		grid.sales_flow_vat_rows = true;
	}
	sales_flow.sales_form.toggle_vat_rows(frm, grid);
};

sales_flow.sales_form.toggle_vat_rows = function (frm, grid) {
	const has_lines = (frm.doc.items || []).some((row) => row.item_code);
	for (const grid_row of grid.grid_rows || []) {
		const tax = grid_row.doc || {};
		const unused = has_lines && tax.charge_type === "On Net Total" && !flt(tax.tax_amount);
		$(grid_row.wrapper).toggleClass("hidden", unused);
	}
};

sales_flow.sales_form.redraw_header = function (frm, computed) {
	for (const field of sales_flow.engine_fields().doc_outputs) {
		if (frm.doc[field] === computed[field]) continue;
		frm.doc[field] = computed[field];
		if (frm.fields_dict[field]) frm.fields_dict[field].refresh();
	}
};

// Recompute the totals of the form's document and show them, refreshing only what changed.
sales_flow.calculate_totals = function (frm) {
	const computed = sales_flow.sales_form.engine_input(frm.doc);
	sales_flow.totals.calculate(computed);
	sales_flow.sales_form.redraw_items(frm, computed.items);
	sales_flow.sales_form.redraw_taxes(frm, computed.taxes);
	sales_flow.sales_form.redraw_header(frm, computed);
	frm.dirty();
};

// header fields that change only the totals
sales_flow.sales_form.total_events = {
	additional_discount_percentage(frm) {
		frm.doc.discount_amount = 0;
		sales_flow.calculate_totals(frm);
	},
	discount_amount(frm) {
		if (frm.doc.discount_amount) frm.doc.additional_discount_percentage = 0;
		sales_flow.calculate_totals(frm);
	},
	apply_discount_on: (frm) => sales_flow.calculate_totals(frm),
	conversion_rate: (frm) => sales_flow.calculate_totals(frm),
	refresh: (frm) => sales_flow.sales_form.show_vat_rows_in_use(frm),
};
