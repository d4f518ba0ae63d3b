// A quotation or an order with recurring lines (a Subscription Plan on the line): beside the form's
// totals, the one-time part and the recurring part per interval, each with its VAT, as the server
// computes and prints them (subscriptions/quotes.py). Shown for the saved document.
frappe.provide("sales_flow.recurring_totals");

sales_flow.recurring_totals.METHOD = "sales_flow.subscriptions.quotes.get_recurring_summary";

sales_flow.recurring_totals.show = function (frm) {
	const doc = frm.doc;
	if (!["Quotation", "Sales Order"].includes(doc.doctype) || doc.__islocal) return;
	if (!(doc.items || []).some((row) => row.subscription_plan)) return;
	frappe
		.xcall(sales_flow.recurring_totals.METHOD, { doctype: doc.doctype, name: doc.name })
		.then((summary) => {
			if (!summary || frm.doc.name !== doc.name) return;
			frm.dashboard.add_section(
				sales_flow.recurring_totals.html(summary, doc.currency),
				__("One-time and recurring totals"),
			);
			frm.dashboard.show();
		});
};

sales_flow.recurring_totals.html = function (summary, currency) {
	const money = (value) => format_currency(value, currency);
	const column = (title, part) => `<div class="col-sm-4">
		<div class="text-muted small">${frappe.utils.escape_html(title)}</div>
		<div>${__("Net Total")}: ${money(part.net_total)}</div>
		<div>${__("Total VAT")}: ${money(part.taxes)}</div>
		<div class="bold">${__("Total incl. VAT")}: ${money(part.grand_total)}</div>
	</div>`;
	const parts = [column(__("One-time"), summary.one_time)].concat(
		summary.recurring.map((part) => column(__("Recurring {0}", [part.label]), part)),
	);
	return `<div class="row sf-recurring-totals">${parts.join("")}</div>`;
};

// registered with the other concerns' handlers by sales_flow.setup_sales_form (form.js)
sales_flow.recurring_totals.events = { refresh: sales_flow.recurring_totals.show };
