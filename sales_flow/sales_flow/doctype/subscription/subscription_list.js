// The whole recurring invoicing run, in the background, with its progress and a summary at the end.
frappe.listview_settings["Subscription"] = {
	get_indicator(doc) {
		const colors = {
			Trialing: "blue",
			Active: "green",
			"Past Due Date": "orange",
			Unpaid: "red",
			Cancelled: "gray",
			Completed: "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},

	onload(listview) {
		if (!frappe.user.has_role(["System Manager", "Sales Manager"])) {
			return;
		}
		listview.page.add_inner_button(__("Process Subscriptions Now"), () =>
			frappe.call("sales_flow.subscriptions.jobs.process_subscriptions_now").then(() =>
				frappe.show_alert({
					message: __("Subscriptions are being processed in the background."),
					indicator: "blue",
				}),
			),
		);
		frappe.realtime.off("sales_flow_subscriptions_done");
		frappe.realtime.on("sales_flow_subscriptions_done", (summary) => {
			frappe.hide_progress();
			frappe.msgprint(
				__("Invoices created: {0}, already there: {1}, errors: {2}", [
					summary.created,
					summary.skipped,
					summary.errors.length,
				]),
				__("Subscriptions processed"),
			);
			listview.refresh();
		});
	},
};
