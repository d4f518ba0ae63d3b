// One drawing of each grid per refresh of a sales document's form. Frappe's form refresh draws a
// grid's page of rows three times: switching documents redraws the previous document's rows (new
// row objects), then the refresh redraws every grid "for the new permissions", then the refresh of
// the fields redraws each grid again, all in the same task. On a 1,000-line quotation each drawing
// of the 50 rows of the first page is a third of the opening. Here, while the form refreshes, the
// switch only empties the rows (the next drawing makes them for the new document) and the grid's
// own refresh is left to the refresh of the fields, which follows in the same task; a drawing
// still due at the next frame (a refresh that stopped half-way) is done then.
frappe.provide("sales_flow.grid_drawing");

// the switch of documents (Frappe's go_to_page(1, true)): page 1, no rows drawn yet
sales_flow.grid_drawing.empty_rows = function (grid) {
	const pagination = grid.grid_pagination;
	pagination.page_index = 1;
	$(grid.parent).find(".rows").empty();
	grid.grid_rows = [];
	grid.grid_rows_by_docname = {};
	if (pagination.$page_number) pagination.$page_number.val(1);
};

sales_flow.grid_drawing.draw_later = function (grid) {
	grid.sf_drawing_due = true;
	requestAnimationFrame(() => {
		if (grid.sf_drawing_due) grid.refresh();
	});
};

// the grid's pagination exists once the grid has been drawn
sales_flow.grid_drawing.switch_without_drawing = function (frm, grid) {
	const pagination = grid.grid_pagination;
	if (!pagination || pagination.sf_draw_once) return;
	pagination.sf_draw_once = true;
	const go_to_page = pagination.go_to_page.bind(pagination);
	pagination.go_to_page = (index, from_refresh) => {
		if (frm.sf_refreshing && index === 1 && from_refresh) {
			return sales_flow.grid_drawing.empty_rows(grid);
		}
		return go_to_page(index, from_refresh);
	};
};

sales_flow.grid_drawing.draw_once = function (frm, grid) {
	if (!grid || grid.sf_draw_once) return;
	grid.sf_draw_once = true;
	const refresh = grid.refresh.bind(grid);
	grid.refresh = (...args) => {
		if (frm.sf_refreshing) return sales_flow.grid_drawing.draw_later(grid);
		grid.sf_drawing_due = false;
		const result = refresh(...args);
		sales_flow.grid_drawing.switch_without_drawing(frm, grid);
		return result;
	};
};

// the form's own refresh marked while it runs its first, synchronous part (the switch of documents
// and the grids' refresh); the refresh of the fields comes after it
sales_flow.grid_drawing.setup = function (frm) {
	if (frm.sf_draw_once) return;
	frm.sf_draw_once = true;
	const refresh = frm.refresh.bind(frm);
	frm.refresh = (...args) => {
		frm.sf_refreshing = true;
		try {
			return refresh(...args);
		} finally {
			frm.sf_refreshing = false;
		}
	};
	for (const table of frm.grids || []) sales_flow.grid_drawing.draw_once(frm, table.grid);
};

// registered with the other concerns' handlers by sales_flow.setup_sales_form (form.js)
sales_flow.grid_drawing.events = { setup: sales_flow.grid_drawing.setup };
