// "Update Items" on a submitted Sales Order, and on a submitted Quotation nobody has ordered yet: a
// dialog of the item lines (quantity, rate, delivery date; lines added or removed), sent to the
// server (controllers/update_items.py), which refuses what goes below the delivered or billed
// quantities and re-prices, re-taxes and records the change in the document's history.
frappe.provide("sales_flow.update_items");

sales_flow.update_items.METHOD = "sales_flow.controllers.update_items.update_child_qty_rate";

sales_flow.update_items.may_update = function (frm) {
	const doc = frm.doc;
	if (!["Sales Order", "Quotation"].includes(doc.doctype)) return false;
	if (doc.docstatus !== 1 || !frm.has_perm("write")) return false;
	if (doc.doctype === "Quotation") return doc.status === "Open";
	return (
		!["On Hold", "Closed"].includes(doc.status) &&
		(flt(doc.per_delivered) < 100 || flt(doc.per_billed) < 100)
	);
};

sales_flow.update_items.add_button = function (frm) {
	if (!sales_flow.update_items.may_update(frm)) return;
	frm.add_custom_button(__("Update Items"), () => sales_flow.update_items.dialog(frm));
};

sales_flow.update_items.fields = function (frm) {
	const fields = [
		{ fieldname: "docname", fieldtype: "Data", hidden: 1 },
		{
			fieldname: "item_code",
			fieldtype: "Link",
			options: "Item",
			label: __("Item Code"),
			in_list_view: 1,
			reqd: 1,
			get_query: () => ({ filters: { is_sales_item: 1, disabled: 0 } }),
		},
		{ fieldname: "qty", fieldtype: "Float", label: __("Quantity"), in_list_view: 1, reqd: 1 },
		{
			fieldname: "rate",
			fieldtype: "Currency",
			label: __("Rate"),
			in_list_view: 1,
		},
		{ fieldname: "uom", fieldtype: "Link", options: "UOM", label: __("UOM"), read_only: 1 },
	];
	if (frm.doc.doctype === "Sales Order") {
		fields.push({
			fieldname: "delivery_date",
			fieldtype: "Date",
			label: __("Delivery Date"),
			in_list_view: 1,
		});
	}
	return fields;
};

sales_flow.update_items.dialog = function (frm) {
	const lines = (frm.doc.items || [])
		.filter((row) => (row.line_type || "Item") === "Item")
		.map((row) => ({
			docname: row.name,
			item_code: row.item_code,
			qty: row.qty,
			rate: row.rate,
			uom: row.uom,
			delivery_date: row.delivery_date,
		}));
	const dialog = new frappe.ui.Dialog({
		title: __("Update Items"),
		size: "large",
		fields: [
			{
				fieldname: "trans_items",
				fieldtype: "Table",
				label: __("Items"),
				cannot_add_rows: false,
				in_place_edit: true,
				data: lines,
				fields: sales_flow.update_items.fields(frm),
			},
		],
		primary_action_label: __("Update"),
		primary_action(values) {
			const trans_items = (values.trans_items || []).map((row) => ({
				docname: row.docname || "",
				item_code: row.item_code,
				qty: row.qty,
				rate: row.rate,
				uom: row.uom,
				delivery_date: row.delivery_date,
			}));
			frappe
				.call({
					method: sales_flow.update_items.METHOD,
					args: {
						parent_doctype: frm.doc.doctype,
						trans_items: JSON.stringify(trans_items),
						parent_doctype_name: frm.doc.name,
						child_docname: "items",
					},
					freeze: true,
					freeze_message: __("Updating items..."),
				})
				.then((r) => {
					if (r.exc) return;
					dialog.hide();
					frm.reload_doc();
				});
		},
	});
	dialog.show();
};

// registered with the other concerns' handlers by sales_flow.setup_sales_form (form.js)
sales_flow.update_items.events = { refresh: sales_flow.update_items.add_button };
