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

// copies `fields` from `computed` into `target`; the names of those whose value changed
sales_flow.sales_form.copy_changed = function (target, computed, fields) {
	const changed = [];
	for (const field of fields) {
		if (target[field] !== computed[field]) {
			target[field] = computed[field];
			changed.push(field);
		}
	}
	return changed;
};

// One grid row's cells of `fields`, where the row shows them (its columns; its form, redrawn whole
// once opened): redrawing the whole row rebuilt every column. A row the grid has not drawn (on
// another page of the grid) has nothing to redraw.
sales_flow.sales_form.redraw_cells = function (grid, row, fields) {
	const grid_row = grid && grid.grid_rows_by_docname[row.name];
	if (!grid_row || !fields.length) return;
	if (grid_row.grid_form) {
		grid_row.refresh();
		return;
	}
	const shown = { ...grid_row.columns, ...grid_row.on_grid_fields_dict };
	for (const field of fields) if (shown[field]) grid_row.refresh_field(field);
};

// each item row whose figures moved is redrawn alone: a keystroke changes one line
sales_flow.sales_form.redraw_items = function (frm, computed_rows) {
	const grid = frm.fields_dict.items && frm.fields_dict.items.grid;
	const outputs = sales_flow.engine_fields().item_outputs;
	(frm.doc.items || []).forEach((row, n) => {
		const changed = sales_flow.sales_form.copy_changed(row, computed_rows[n], outputs);
		sales_flow.sales_form.redraw_cells(grid, row, changed);
	});
};

// each tax row whose figures moved is redrawn alone, as the item rows: redrawing the whole taxes
// grid (its head, columns and toolbar) cost more than the engine itself on every keystroke
sales_flow.sales_form.redraw_taxes = function (frm, computed_rows) {
	const grid = frm.fields_dict.taxes && frm.fields_dict.taxes.grid;
	const outputs = sales_flow.engine_fields().tax_outputs;
	let moved = false;
	(frm.doc.taxes || []).forEach((row, n) => {
		const changed = sales_flow.sales_form.copy_changed(row, computed_rows[n], outputs);
		moved = moved || changed.length > 0;
		sales_flow.sales_form.redraw_cells(grid, row, changed);
	});
	// a VAT row that fell to 0 (or rose from it) is hidden (or shown) as a grid refresh would
	if (moved && grid && grid.sales_flow_vat_rows) {
		sales_flow.sales_form.toggle_vat_rows(frm, grid);
	}
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
sales_flow.sales_form.show_totals = function (frm) {
	const computed = sales_flow.sales_form.engine_input(frm.doc);
	sales_flow.totals.calculate(computed);
	sales_flow.sales_form.redraw_items(frm, computed.items);
	sales_flow.sales_form.redraw_taxes(frm, computed.taxes);
	sales_flow.sales_form.redraw_header(frm, computed);
};

// Asked for by every change that moves a figure; computed once per frame, just before the browser
// paints it: one edit fires several field events (an item's details, a rate that becomes a
// discount, a row removed), and each would otherwise run the engine on every line.
sales_flow.calculate_totals = function (frm) {
	// once: marking the form dirty redraws its toolbar, and a grid edit has already marked it
	if (!frm.doc.__unsaved) frm.dirty();
	frm.sf_totals_doc = frm.doc;
	if (frm.sf_totals_frame) return;
	frm.sf_totals_frame = requestAnimationFrame(() => {
		frm.sf_totals_frame = null;
		// the form may show another document by then (saved, reloaded): the server's figures
		if (frm.doc === frm.sf_totals_doc) sales_flow.sales_form.show_totals(frm);
	});
};

// the pending computation now, before anything reads the totals (a save)
sales_flow.sales_form.flush_totals = function (frm) {
	if (!frm.sf_totals_frame) return;
	cancelAnimationFrame(frm.sf_totals_frame);
	frm.sf_totals_frame = null;
	if (frm.doc === frm.sf_totals_doc) sales_flow.sales_form.show_totals(frm);
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
	validate: (frm) => sales_flow.sales_form.flush_totals(frm),
};
