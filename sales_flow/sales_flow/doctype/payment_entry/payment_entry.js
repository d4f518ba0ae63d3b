// The payment form as an accountant fills it from a bank statement: the customer, the amount, then
// the open invoices (and orders, for advances) come in, allocated oldest due first, editable.
// Totals are recomputed in the browser as allocations are typed; the server checks them at save.
const PAYMENT_METHODS = "sales_flow.sales_flow.doctype.payment_entry.payment_entry";

// The references grid (columns in payment_entry_reference.json) shows which document, due when,
// how much is open and how much this payment settles; the type is shortened to leave the
// document's name its full width.
const SHORT_TYPES = { "Sales Invoice": __("Invoice"), "Sales Order": __("Order") };
frappe.meta.get_docfield("Payment Entry Reference", "reference_doctype").formatter = (value) =>
	value ? SHORT_TYPES[value] || __(value) : "";

frappe.ui.form.on("Payment Entry", {
	setup(frm) {
		frm.set_query("party", () => ({ filters: { disabled: 0 } }));
		frm.set_query("mode_of_payment", () => ({ filters: { enabled: 1 } }));
		frm.set_query("reference_doctype", "references", () => ({
			filters: { name: ["in", ["Sales Invoice", "Sales Order"]] },
		}));
		frm.set_query("reference_name", "references", (doc, cdt, cdn) => ({
			filters: {
				customer: doc.party,
				company: doc.company,
				currency: doc.paid_from_account_currency,
				docstatus: 1,
				...(locals[cdt][cdn].reference_doctype === "Sales Invoice"
					? { is_return: 0, outstanding_amount: [">", 0] }
					: { status: ["not in", ["Closed", "On Hold", "Completed"]] }),
			},
		}));
	},

	refresh(frm) {
		if (frm.doc.docstatus === 0) {
			frm.add_custom_button(__("Get Open Invoices"), () => fill_references(frm, true));
		}
	},

	// a new payment opened with its customer (the customer's "+"): its details and open invoices
	onload_post_render(frm) {
		if (frm.is_new() && frm.doc.party && !(frm.doc.references || []).length) {
			party_changed(frm);
		}
	},

	party: (frm) => party_changed(frm),
	company: (frm) => party_changed(frm),

	paid_amount(frm) {
		if (!frm.doc.party) {
			update_totals(frm);
		} else if (!(frm.doc.references || []).length || frm.references_filled) {
			// an allocation the form made (and the user left as is): the open documents again
			fill_references(frm, false);
		} else {
			// the documents listed (an advance on its order, rows chosen by hand) keep their places
			reallocate(frm);
		}
	},

	paid_from_account_currency(frm) {
		// invoices in another currency cannot be settled by this payment
		frm.clear_table("references");
		fill_references(frm, false);
	},

	source_exchange_rate: (frm) => update_totals(frm),

	validate(frm) {
		// listed for the user to choose from, but a row with nothing allocated settles nothing
		for (const row of [...(frm.doc.references || [])]) {
			if (!flt(row.allocated_amount)) frappe.model.clear_doc(row.doctype, row.name);
		}
		frm.refresh_field("references");
		update_totals(frm);
	},
});

frappe.ui.form.on("Payment Entry Reference", {
	allocated_amount(frm) {
		frm.references_filled = false;
		update_totals(frm);
	},
	references_remove(frm) {
		frm.references_filled = false;
		update_totals(frm);
	},
	reference_doctype(frm, cdt, cdn) {
		frappe.model.set_value(cdt, cdn, "reference_name", "");
	},
	reference_name(frm, cdt, cdn) {
		frm.references_filled = false;
		const row = locals[cdt][cdn];
		if (!row.reference_name || !frm.doc.party) return;
		open_documents(frm).then((docs) => {
			const doc = docs.find(
				(d) =>
					d.reference_doctype === row.reference_doctype &&
					d.reference_name === row.reference_name,
			);
			if (!doc) {
				frappe.msgprint(
					__("Nothing is left to pay on {0} {1}.", [
						__(row.reference_doctype),
						row.reference_name,
					]),
				);
				frappe.model.set_value(cdt, cdn, "reference_name", "");
				return;
			}
			const left = round(flt(frm.doc.paid_amount) - allocated_total(frm, row));
			Object.assign(row, doc, {
				allocated_amount: Math.max(Math.min(doc.outstanding_amount, left), 0),
			});
			frm.refresh_field("references");
			update_totals(frm);
		});
	},
});

function round(value) {
	return sales_flow.totals.round_half_up(value, 2);
}

function allocated_total(frm, except_row) {
	return round(
		(frm.doc.references || [])
			.filter((row) => row !== except_row)
			.reduce((total, row) => total + flt(row.allocated_amount), 0),
	);
}

// The paid amount spread over the listed rows, oldest due invoice first, then the orders, each
// up to what it has outstanding: as the server spreads a paid amount sent without allocations.
function reallocate(frm) {
	const due = (row) => row.due_date || "9999-12-31";
	const rows = [...(frm.doc.references || [])].sort(
		(a, b) =>
			(a.reference_doctype !== "Sales Invoice") - (b.reference_doctype !== "Sales Invoice") ||
			due(a).localeCompare(due(b)),
	);
	let remaining = round(Math.max(flt(frm.doc.paid_amount), 0));
	for (const row of rows) {
		row.allocated_amount = round(Math.max(Math.min(flt(row.outstanding_amount), remaining), 0));
		remaining = round(remaining - row.allocated_amount);
	}
	frm.refresh_field("references");
	update_totals(frm);
}

// The same sums as the server's validate, without a round trip.
function update_totals(frm) {
	const doc = frm.doc;
	doc.total_allocated_amount = allocated_total(frm);
	doc.unallocated_amount = round(flt(doc.paid_amount) - doc.total_allocated_amount);
	doc.base_paid_amount = round(flt(doc.paid_amount) * flt(doc.source_exchange_rate || 1));
	frm.refresh_fields(["total_allocated_amount", "unallocated_amount", "base_paid_amount"]);
}

// Another customer (or company): its name, currency and exchange rate, then its open documents.
function party_changed(frm) {
	// the references of the previous customer cannot stay
	frm.clear_table("references");
	frm.references_filled = false;
	frm.refresh_field("references");
	update_totals(frm);
	if (!frm.doc.party) {
		frm.set_value("party_name", "");
		return;
	}
	const args = { posting_date: frm.doc.posting_date };
	return call_for_party(frm, "get_party_details", args).then((r) => {
		// assigned, not set_value: the currency's own handler would fetch the invoices again
		Object.assign(frm.doc, r.message);
		frm.refresh_fields();
		return fill_references(frm, false);
	});
}

// A method of the server's payment entry module, about the entry's customer and company.
function call_for_party(frm, method, args) {
	return frappe.call({
		method: `${PAYMENT_METHODS}.${method}`,
		args: { party: frm.doc.party, company: frm.doc.company, ...args },
	});
}

function open_documents(frm) {
	const args = { currency: frm.doc.paid_from_account_currency };
	return call_for_party(frm, "get_open_documents", args).then((r) => r.message || []);
}

// Fill the references with the customer's open documents and the paid amount spread over them.
// Automatic (asked = false) only when there is an amount to spread; the button always lists them.
function fill_references(frm, asked) {
	if (frm.doc.docstatus !== 0) return;
	if (!frm.doc.party) {
		if (asked) frappe.msgprint(__("Choose a customer first."));
		return;
	}
	if (!asked && !flt(frm.doc.paid_amount)) return;
	const args = {
		currency: frm.doc.paid_from_account_currency,
		paid_amount: flt(frm.doc.paid_amount),
	};
	return call_for_party(frm, "get_references", args).then((r) => {
		const rows = r.message || [];
		frm.clear_table("references");
		for (const row of rows) frm.add_child("references", row);
		frm.references_filled = true;
		frm.refresh_field("references");
		update_totals(frm);
		if (!rows.length) {
			frappe.show_alert({
				message: __("{0} has nothing left to pay.", [frm.doc.party_name || frm.doc.party]),
				indicator: "orange",
			});
		}
	});
}
