// Form set-up of every sales document (Quotation, Sales Order, Sales Invoice, Delivery Note): the
// link filters, then the handlers of each concern (grid_drawing.js, details.js, totals_redraw.js, actions.js,
// update_items.js, recurring_totals.js, layout_rows.js, lines.js) registered in one place, in the order
// they must run.
frappe.provide("sales_flow.sales_form");

sales_flow.sales_form.set_queries = function (frm) {
	frm.set_query("selling_price_list", () => ({ filters: { selling: 1, enabled: 1 } }));
	frm.set_query("taxes_and_charges", () => ({
		filters: { company: frm.doc.company, disabled: 0 },
	}));
	frm.set_query("tc_name", () => ({ filters: { selling: 1, disabled: 0 } }));
	frm.set_query("item_code", "items", () => ({ filters: { is_sales_item: 1, disabled: 0 } }));
	for (const field of ["customer_address", "shipping_address_name"]) {
		frm.set_query(field, () => ({
			filters: {
				// a quotation may be addressed to a lead: its addresses then
				link_doctype: frm.doc.quotation_to || "Customer",
				link_name: frm.doc.customer || frm.doc.party_name,
			},
		}));
	}
};

// The one registration of a sales DocType's form: its form script calls this once, with its
// "Create" buttons ([{label, method, condition(doc)}], see actions.js) and its own handlers in
// `extra`. Frappe runs the handlers of an event in the order they were registered: the shared
// ones, then the DocType's own, then the layout rows (which redraw the grid last).
sales_flow.setup_sales_form = function (doctype, { create = [], extra = {} } = {}) {
	const child_doctype = doctype + " Item";
	const handlers = [
		{ setup: sales_flow.sales_form.set_queries },
		sales_flow.grid_drawing.events,
		sales_flow.sales_form.detail_events,
		sales_flow.sales_form.total_events,
		sales_flow.sales_form.action_events(create),
		sales_flow.update_items.events,
		sales_flow.recurring_totals.events,
		extra,
		sales_flow.sales_form.layout_events(child_doctype),
	];
	for (const events of handlers) frappe.ui.form.on(doctype, events);
	frappe.ui.form.on(child_doctype, sales_flow.item_events);
	// one child table serves every sales document: its handlers are registered once
	if (!sales_flow.sales_form.tax_events_registered) {
		frappe.ui.form.on("Sales Taxes and Charges", sales_flow.tax_events);
		sales_flow.sales_form.tax_events_registered = true;
	}
};
