// Subscription: create the due invoices now, change the plans, cancel (at the period's end or at once).
const SUBSCRIPTION_METHODS = "sales_flow.sales_flow.doctype.subscription.subscription";

frappe.ui.form.on("Subscription", {
	setup(frm) {
		frm.set_query("sales_tax_template", () => ({ filters: { company: frm.doc.company } }));
	},

	refresh(frm) {
		if (frm.is_new() || frm.doc.cancelation_date) {
			return;
		}
		frm.add_custom_button(__("Create Due Invoices"), () =>
			frm
				.call({
					method: `${SUBSCRIPTION_METHODS}.process_subscription`,
					args: { name: frm.doc.name },
				})
				.then((r) => {
					show_summary(r.message);
					frm.reload_doc();
				}),
		);
		frm.add_custom_button(__("Change Plans"), () => change_plans_dialog(frm));
		frm.add_custom_button(
			__("At the End of the Period"),
			() => cancel(frm, 1),
			__("Cancel Subscription"),
		);
		frm.add_custom_button(__("Immediately"), () => cancel(frm, 0), __("Cancel Subscription"));
	},
});

function show_summary(summary) {
	frappe.msgprint(
		__("Invoices created: {0}, already there: {1}, errors: {2}", [
			summary.created,
			summary.skipped,
			summary.errors.length,
		]) +
			(summary.errors.length
				? "<br>" + summary.errors.map(frappe.utils.escape_html).join("<br>")
				: ""),
	);
}

function cancel(frm, at_period_end) {
	const question = at_period_end
		? __("Cancel this subscription at the end of the current period?")
		: __(
				"Cancel this subscription today? The days left of a period already invoiced are credited.",
			);
	frappe.confirm(question, () =>
		frm
			.call({
				method: `${SUBSCRIPTION_METHODS}.cancel_subscription`,
				args: { name: frm.doc.name, at_period_end },
			})
			.then(() => frm.reload_doc()),
	);
}

function change_plans_dialog(frm) {
	const current = (frm.doc.plans || [])
		.filter((row) => !row.to_date)
		.map((row) => ({ plan: row.plan, qty: row.qty }));
	const dialog = new frappe.ui.Dialog({
		title: __("Change Plans"),
		fields: [
			{
				fieldname: "effective_date",
				fieldtype: "Date",
				label: __("Effective Date"),
				default: frappe.datetime.get_today(),
				reqd: 1,
			},
			{
				fieldname: "plans",
				fieldtype: "Table",
				label: __("Plans"),
				cannot_add_rows: false,
				in_place_edit: true,
				data: current,
				fields: [
					{
						fieldname: "plan",
						fieldtype: "Link",
						options: "Subscription Plan",
						label: __("Plan"),
						in_list_view: 1,
						reqd: 1,
					},
					{
						fieldname: "qty",
						fieldtype: "Float",
						label: __("Quantity"),
						in_list_view: 1,
						reqd: 1,
					},
				],
			},
		],
		primary_action_label: __("Change Plans"),
		primary_action(values) {
			frm.call({
				method: `${SUBSCRIPTION_METHODS}.change_plans`,
				args: {
					name: frm.doc.name,
					plans: values.plans,
					effective_date: values.effective_date,
				},
			}).then(() => {
				dialog.hide();
				frm.reload_doc();
			});
		},
	});
	dialog.show();
}
