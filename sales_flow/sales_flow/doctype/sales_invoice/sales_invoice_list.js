// Invoices: the shared list settings, and the ticked invoices as e-invoices in one ZIP, one file
// each, in the format chosen (sales_flow.regional.france.einvoice.download_einvoices).
frappe.listview_settings["Sales Invoice"] = (function () {
	const shared = sales_flow.list_settings();
	return {
		...shared,
		onload(listview) {
			shared.onload(listview);
			for (const file_format of ["Factur-X", "UBL", "CII"]) {
				listview.page.add_actions_menu_item(__("E-invoices ({0})", [file_format]), () =>
					download_einvoices(listview.get_checked_items(true), file_format),
				);
			}
		},
	};

	function download_einvoices(names, file_format) {
		if (!names.length) {
			frappe.msgprint(__("Select the invoices to download."));
			return;
		}
		const query = new URLSearchParams({ names: JSON.stringify(names), file_format });
		window.open(`/api/method/sales_flow.regional.france.einvoice.download_einvoices?${query}`);
	}
})();
