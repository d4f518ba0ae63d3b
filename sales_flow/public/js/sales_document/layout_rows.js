// Layout rows of the items grid: section headings and subtotals (line_type) shown as such, the
// heading in bold where the item goes, a subtotal's sum in the amount column, nothing in the other
// columns; alternative lines marked. "Add Section" and "Add Subtotal" under the grid of a draft.
// The totals skip these rows (engine/totals.js). Also used by the Quotation Template form.
frappe.provide("sales_flow.sales_form");

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
	// that row alone: its cells now read as a heading or a subtotal
	frm.fields_dict.items.grid.refresh_row(cdn);
};

// what a layout row shows in one column (`standard` formats the value as any row would)
function layout_cell(fieldname, doc, standard) {
	if (fieldname === "item_code") {
		const text = frappe.utils.escape_html(doc.item_name || __(doc.line_type));
		return doc.line_type === "Section" ? `<b>${text}</b>` : `<i>${text}</i>`;
	}
	if (fieldname === "amount" && doc.line_type === "Subtotal") return `<b>${standard()}</b>`;
	// not "": the grid would format the value again with the parent document
	return fieldname === "line_type" ? standard() : "<span></span>";
}

// wraps one column's formatter (once: the wrapper marks the field); true when it did
function format_as_layout_row(df) {
	const fieldname = df && df.fieldname;
	if (!fieldname || df.sales_flow_layout || !(df.in_list_view || fieldname === "item_code"))
		return false;
	const own = df.formatter || frappe.form.get_formatter(df.fieldtype);
	// Frappe's formatters call the field's custom formatter again (found by parent and
	// fieldname): the standard one gets the field without a parent, or it would recurse. A view
	// of the field (its prototype), not a copy: a copy of every property per cell drawn was a
	// tenth of the opening of a 1,000-line form
	const standard = (value, field, options, doc) => {
		const view = Object.create(field);
		view.parent = undefined;
		view.formatter = undefined;
		return own(value, view, options, doc);
	};
	df.sales_flow_layout = true;
	df.formatter = (value, field, options, doc) => {
		if (is_layout_row(doc)) {
			return layout_cell(fieldname, doc, () => standard(value, field, options, doc));
		}
		const shown = standard(value, field, options, doc);
		return fieldname === "item_code" && doc && doc.is_alternative
			? `${shown} <span class="text-muted">(${__("Alternative")})</span>`
			: shown;
	};
	return true;
}

// the meta's fields and the per-document copies Frappe has made of them before the grid draws (its
// form set-up copies them before the "setup" event), then the copies the grid and each of its rows
// already hold, redrawn when one changed: copies left unwrapped at "setup" cost a second drawing of
// the grid's page at each first opening of a document
sales_flow.format_layout_rows = function (frm, child_doctype) {
	const copies_by_document = Object.values(frappe.meta.docfield_copy[child_doctype] || {});
	for (const fields of [frappe.meta.docfield_map[child_doctype], ...copies_by_document]) {
		Object.values(fields || {}).forEach(format_as_layout_row);
	}
	(frappe.meta.docfield_list[child_doctype] || []).forEach(format_as_layout_row);
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

// the form events of a sales document's layout rows
sales_flow.sales_form.layout_events = (child_doctype) => ({
	// formatters before the grid first renders its rows (they copy the field definitions)
	setup: (frm) => sales_flow.format_layout_rows(frm, child_doctype),
	refresh: (frm) => sales_flow.setup_layout_rows(frm, child_doctype),
});
