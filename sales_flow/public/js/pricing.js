// Pricing on the sales forms (Quotation, Sales Order, Sales Invoice): "Why this price?" asks the
// server for each line's explanation (its list price, then every pricing rule applied in order,
// in the user's language); the list rate is editable only when Selling Settings allow it to this user
// (the server asks the same question, sales_flow.pricing.lines.may_edit_price_list_rate).
frappe.provide("sales_flow.pricing");

sales_flow.pricing.DOCTYPES = ["Quotation", "Sales Order", "Sales Invoice"];

sales_flow.pricing.explanation_html = function (data) {
	const esc = frappe.utils.escape_html;
	const list = (lines) => `<ul>${lines.map((line) => `<li>${esc(line)}</li>`).join("")}</ul>`;
	let html = "";
	for (const row of data.rows || []) {
		html += `<p><b>${__("Line")} ${row.idx} · ${esc(row.item_code || "")}</b></p>${list(row.lines)}`;
	}
	if ((data.document || []).length) {
		html += `<p><b>${__("Document discount")}</b></p>${list(data.document)}`;
	}
	return html;
};

sales_flow.pricing.show_explanation = function (frm, row) {
	if (frm.is_new() || frm.is_dirty()) {
		frappe.show_alert({
			message: __("No explanation stored: save the document."),
			indicator: "orange",
		});
		return;
	}
	return frappe
		.call({
			method: "sales_flow.pricing.explain.get_price_explanation",
			args: { doctype: frm.doctype, name: frm.doc.name, row: row || null },
		})
		.then((r) =>
			frappe.msgprint({
				title: __("Why this price?"),
				message: sales_flow.pricing.explanation_html(r.message || {}),
				wide: true,
			}),
		);
};

// 0 or 1 when the grid and each of its drawn rows agree on it, else null
sales_flow.pricing.list_rate_read_only = function (grid) {
	const sets = [grid.docfields, ...(grid.grid_rows || []).map((row) => row && row.docfields)];
	const values = new Set(
		sets.map((fields) => {
			const df = (fields || []).find((d) => d.fieldname === "price_list_rate");
			return df ? cint(df.read_only) : null;
		}),
	);
	return values.size === 1 ? [...values][0] : null;
};

// The answer of the login (the boot) on this document's line fields, before the grid draws them
// (onload comes first): set after the drawing, it redrew the grid's page of rows a second time.
sales_flow.pricing.preset_list_rate_editable = function (frm) {
	const editable = frappe.boot.sales_flow_may_edit_price_list_rate;
	const child_doctype = frm.doctype + " Item";
	if (editable === undefined || !frm.docname || !frappe.meta.docfield_map[child_doctype]) return;
	const df = frappe.meta.get_docfield(child_doctype, "price_list_rate", frm.docname);
	if (df) df.read_only = editable ? 0 : 1;
};

// then the server's answer now (the settings may have changed since the login)
sales_flow.pricing.set_list_rate_editable = function (frm) {
	const grid = frm.fields_dict.items && frm.fields_dict.items.grid;
	if (!grid) return;
	sales_flow.pricing.preset_list_rate_editable(frm);
	frappe.xcall("sales_flow.pricing.lines.may_edit_price_list_rate").then((editable) => {
		frappe.boot.sales_flow_may_edit_price_list_rate = editable;
		const read_only = editable ? 0 : 1;
		// the grid redraws every row of its page after any update: none when nothing changes
		if (sales_flow.pricing.list_rate_read_only(grid) === read_only) return;
		grid.update_docfield_property("price_list_rate", "read_only", read_only);
	});
};

for (const doctype of sales_flow.pricing.DOCTYPES) {
	frappe.ui.form.on(doctype, {
		onload(frm) {
			sales_flow.pricing.set_list_rate_editable(frm);
		},
		refresh(frm) {
			if (!frm.is_new()) {
				frm.add_custom_button(__("Why this price?"), () =>
					sales_flow.pricing.show_explanation(frm),
				);
			}
		},
	});
	frappe.ui.form.on(doctype + " Item", {
		// the line's own form gets its "why" button
		form_render(frm, cdt, cdn) {
			const grid_row = frm.fields_dict.items.grid.grid_rows_by_docname[cdn];
			const wrapper = grid_row && grid_row.grid_form && grid_row.grid_form.wrapper;
			if (!wrapper || frm.is_new()) return;
			wrapper.find(".sales-flow-why-price").remove();
			$(`<button class="btn btn-xs btn-default sales-flow-why-price" style="margin: 8px 0">
				${__("Why this price?")}</button>`)
				.prependTo(wrapper.find(".grid-form-body"))
				.on("click", () => sales_flow.pricing.show_explanation(frm, cdn));
		},
	});
}
