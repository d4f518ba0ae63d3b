// List views of the sales documents: the status indicator in its colour (statuses.js) and
// "Print in one PDF" for the ticked documents.
frappe.provide("sales_flow");

sales_flow.list_settings = function () {
	return {
		add_fields: ["status"],
		has_indicator_for_draft: true,
		onload(listview) {
			listview.page.add_actions_menu_item(__("Print in one PDF"), () =>
				sales_flow.print_merged(listview.doctype, listview.get_checked_items(true)),
			);
		},
		get_indicator(doc) {
			return [
				__(doc.status),
				sales_flow.STATUS_COLORS[doc.status] || "blue",
				"status,=," + doc.status,
			];
		},
	};
};

// Several documents of one DocType merged into one PDF, in the order of the list.
sales_flow.print_merged = function (doctype, names) {
	if (!names.length) {
		frappe.msgprint(__("Select the documents to print."));
		return;
	}
	const query = new URLSearchParams({ doctype, names: JSON.stringify(names) });
	window.open(`/api/method/sales_flow.printing.pdf.print_merged?${query}`);
};
