// Dunnings: today's proposals made at once (the daily job does the same), statuses in colour.
frappe.listview_settings["Dunning"] = {
	add_fields: ["status"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colors = { Draft: "orange", Unresolved: "red", Resolved: "green", Cancelled: "gray" };
		return [__(doc.status), colors[doc.status] || "blue", "status,=," + doc.status];
	},
	onload(listview) {
		if (!frappe.model.can_create("Dunning")) return;
		listview.page.add_inner_button(__("Propose Dunnings"), () =>
			frappe
				.call({ method: "sales_flow.receivables.proposals.propose_dunnings_now", freeze: true })
				.then(({ message }) => {
					frappe.show_alert({
						message: __("{0} dunnings proposed", [(message || []).length]),
						indicator: "green",
					});
					// Frappe skips a refresh with the same arguments within 3 s of the last one
					listview.last_args = null;
					listview.refresh();
				}),
		);
	},
};
