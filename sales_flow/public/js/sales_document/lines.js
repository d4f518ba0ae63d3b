// Lines and taxes: what a change in a row of the items grid or of the taxes grid does (an item
// chosen brings its details, a typed rate becomes a discount, a layout row is cleared), each
// followed by the totals redraw.
frappe.provide("sales_flow.sales_form");

const recalculate = (frm) => sales_flow.calculate_totals(frm);

// a rate typed on a priced line becomes a discount on the list price, or above it a mark-up (a
// margin, as the server's keep_agreed_rate and ERPNext's form set): never a negative discount
sales_flow.sales_form.rate_as_discount = function (row) {
	if (!row.price_list_rate || row.rate === row.rate_with_margin - (row.discount_amount || 0)) {
		return;
	}
	const with_margin = row.rate_with_margin || row.price_list_rate;
	row.discount_percentage = 0;
	row.discount_amount = 0;
	if (row.rate > with_margin) {
		row.margin_type = "Amount";
		row.margin_rate_or_amount = flt(row.rate - row.price_list_rate, precision("rate", row));
	} else {
		row.discount_amount = with_margin - row.rate;
	}
};

sales_flow.item_events = {
	item_code: (frm, cdt, cdn) => sales_flow.fetch_item_details(frm, cdt, cdn),
	qty: recalculate,
	price_list_rate: recalculate,
	discount_percentage(frm, cdt, cdn) {
		locals[cdt][cdn].discount_amount = 0;
		recalculate(frm);
	},
	discount_amount(frm, cdt, cdn) {
		locals[cdt][cdn].discount_percentage = 0;
		recalculate(frm);
	},
	rate(frm, cdt, cdn) {
		sales_flow.sales_form.rate_as_discount(locals[cdt][cdn]);
		recalculate(frm);
	},
	margin_type: recalculate,
	margin_rate_or_amount: recalculate,
	items_remove: recalculate,
	line_type(frm, cdt, cdn) {
		sales_flow.clear_layout_row(frm, cdt, cdn);
		recalculate(frm);
	},
	is_alternative: recalculate,
};

sales_flow.tax_events = {
	rate: recalculate,
	tax_amount: recalculate,
	charge_type: recalculate,
	row_id: recalculate,
	included_in_print_rate: recalculate,
	taxes_remove: recalculate,
};
