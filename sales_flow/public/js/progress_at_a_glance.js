// Delivered, billed and paid at a glance on orders and invoices: progress bars in the form's header
// (as ERPNext's Sales Order dashboard shows them), from the percentages the server keeps.
frappe.provide("sales_flow.progress");

$.extend(sales_flow.progress, {
	/** The bars of a submitted document: [label, percent] for each progress it has. */
	bars(doc) {
		const paid =
			doc.doctype === "Sales Invoice"
				? sales_flow.progress.share(doc.grand_total - doc.outstanding_amount, doc.grand_total)
				: sales_flow.progress.share(doc.advance_paid, doc.grand_total);
		const bars = [[__("Delivered"), doc.per_delivered]];
		if (doc.doctype === "Sales Order") bars.push([__("Billed"), doc.per_billed]);
		bars.push([__("Paid"), paid]);
		return bars.filter(([, percent]) => percent !== undefined && percent !== null);
	},

	share(part, whole) {
		return whole ? Math.max(0, Math.min(100, (100 * flt(part)) / flt(whole))) : 0;
	},

	show(frm) {
		if (frm.doc.docstatus !== 1 || frm.doc.is_return) return;
		for (const [label, percent] of sales_flow.progress.bars(frm.doc)) {
			const shown = frappe.format(Math.round(percent), { fieldtype: "Percent" });
			frm.dashboard.show_progress(label, flt(percent, 0), `${label} : ${$(shown).text() || shown}`);
		}
	},
});

for (const doctype of ["Sales Order", "Sales Invoice"]) {
	frappe.ui.form.on(doctype, { refresh: sales_flow.progress.show });
}
