// FEC Journals: the sales and cash receipts journals in the FEC layout, and the FEC file itself
// (sales_flow.regional.france.fec.export_file.download_fec, with the report's filters).
frappe.query_reports["FEC Journals"] = {
	filters: [
		...sales_flow.report_filters.company_and_period(-1, { from_month_start: true }),
		{
			fieldname: "journal",
			label: __("Journal"),
			fieldtype: "Select",
			options: ["", "Sales", "Cash Receipts"],
		},
	],
	onload(report) {
		report.page.add_inner_button(__("Download FEC"), () => {
			const filters = report.get_values();
			if (!filters) return;
			const query = new URLSearchParams(
				Object.fromEntries(Object.entries(filters).filter(([, value]) => value)),
			);
			window.open(`/api/method/sales_flow.regional.france.fec.export_file.download_fec?${query}`);
		});
	},
};
