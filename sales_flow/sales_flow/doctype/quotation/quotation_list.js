// The sales documents' list, and "Opened, Not Answered": the open quotations the customer opened
// online (sales_flow/portal) without signing nor declining, the latest opening first: the moment to
// call.
const quotation_list = sales_flow.list_settings();
const sales_document_onload = quotation_list.onload;

quotation_list.onload = function (listview) {
	sales_document_onload(listview);
	listview.page.add_inner_button(__("Opened, Not Answered"), async () => {
		await listview.filter_area.clear(false);
		await listview.filter_area.add([
			["Quotation", "docstatus", "=", 1],
			["Quotation", "status", "=", "Open"],
			["Quotation", "view_count", ">", 0],
		]);
		listview.sort_selector.set_value("last_viewed_on", "desc");
	});
};

frappe.listview_settings["Quotation"] = quotation_list;
