// Details from the server into the form: the customer's defaults and prices, an item's data and
// list price, the lines of a taxes template, the text of the terms. One round trip each; the
// totals are then redrawn in the browser (totals_redraw.js).
frappe.provide("sales_flow.sales_form");

sales_flow.fetch_item_details = function (frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	if (!row.item_code) return;
	return frappe
		.call({
			method: "sales_flow.controllers.form_api.get_item_details",
			args: { doc: frm.doc, item_code: row.item_code, uom: row.uom, qty: row.qty || 1 },
		})
		.then((r) => {
			const details = r.message || {};
			if (details.has_variants) return sales_flow.variants.choose(frm, cdt, cdn, row.item_code);
			// the user's discount and quantity stay; the item's own data and list price come in
			Object.assign(row, details, { rate: details.price_list_rate ? 0 : row.rate });
			if (!row.qty) row.qty = 1;
			sales_flow.calculate_totals(frm);
			// that row alone: redrawing the grid redrew every row of its page for one line
			frm.fields_dict.items.grid.refresh_row(cdn);
		});
};

// the prices the server found for the lines, by row name (or index, for rows not saved yet)
sales_flow.sales_form.set_line_prices = function (frm, prices) {
	for (const row of frm.doc.items || []) {
		const price = prices[row.name] ?? prices[row.idx];
		if (price === undefined || price === null) continue;
		row.price_list_rate = price;
		if (price) row.rate = 0;
	}
};

// Customer (or company) chosen: its defaults and prices in one round trip.
sales_flow.fetch_party_details = function (frm) {
	if (!(frm.doc.customer || frm.doc.party_name) || frm.doc.docstatus !== 0) return;
	return frappe
		.call({ method: "sales_flow.controllers.form_api.get_party_details", args: { doc: frm.doc } })
		.then((r) => {
			const { taxes, prices, ...fields } = r.message || {};
			Object.assign(frm.doc, fields);
			frm.clear_table("taxes");
			for (const row of taxes || []) frm.add_child("taxes", row);
			sales_flow.sales_form.set_line_prices(frm, prices || {});
			sales_flow.calculate_totals(frm);
			frm.refresh_fields();
		});
};

sales_flow.sales_form.load_taxes_template = function (frm) {
	if (!frm.doc.taxes_and_charges) return;
	// the server's list (controllers/details.py): the rows the form fills are the rows a save fills
	const fields = frappe.boot.sales_flow_tax_template_fields;
	frappe.db
		.get_doc("Sales Taxes and Charges Template", frm.doc.taxes_and_charges)
		.then((template) => {
			frm.clear_table("taxes");
			for (const row of template.taxes) {
				frm.add_child("taxes", sales_flow.sales_form.pick(row, fields));
			}
			sales_flow.calculate_totals(frm);
			frm.refresh_field("taxes");
		});
};

sales_flow.sales_form.load_terms = function (frm) {
	if (!frm.doc.tc_name) return;
	frappe
		.call({
			method: "sales_flow.sales_flow.doctype.terms_and_conditions.terms_and_conditions.get_terms_and_conditions",
			args: { template_name: frm.doc.tc_name, doc: frm.doc },
		})
		.then((r) => frm.set_value("terms", r.message));
};

sales_flow.sales_form.detail_events = {
	onload_post_render(frm) {
		// a draft the server built and priced (a quotation template's fixed prices) stays as it is
		if (frm.is_new() && !frm.doc.__priced_by_server) sales_flow.fetch_party_details(frm);
	},
	customer: (frm) => sales_flow.fetch_party_details(frm),
	party_name: (frm) => sales_flow.fetch_party_details(frm),
	company: (frm) => sales_flow.fetch_party_details(frm),
	taxes_and_charges: (frm) => sales_flow.sales_form.load_taxes_template(frm),
	tc_name: (frm) => sales_flow.sales_form.load_terms(frm),
};
