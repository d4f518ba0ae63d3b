// Shipping rule and sales partner on the forms of the sales documents. The server sets the charge
// row and the commissions at save (sales_flow/controllers/shipping.py, commissions.py); the form shows
// the charge at once and takes the customer's default sales partner.
frappe.provide("sales_flow");

sales_flow.refresh_shipping_charge = function (frm) {
	if (frm.doc.docstatus !== 0 || !(frm.doc.items || []).length) return;
	const has_charge = (frm.doc.taxes || []).some((row) => row.shipping_rule);
	if (!frm.doc.shipping_rule && !has_charge) return;
	return frappe
		.call({ method: "sales_flow.controllers.shipping.get_shipping_taxes", args: { doc: frm.doc } })
		.then((r) => {
			const { taxes, total_net_weight } = r.message || {};
			frm.clear_table("taxes");
			for (const row of taxes || []) frm.add_child("taxes", row);
			frm.doc.total_net_weight = total_net_weight;
			sales_flow.calculate_totals(frm);
			frm.refresh_fields();
		});
};

sales_flow.set_default_sales_partner = function (frm) {
	if (!frm.is_new() || frm.doc.sales_partner || !frm.doc.customer) return;
	frappe.db
		.get_value("Customer", frm.doc.customer, [
			"default_sales_partner",
			"default_commission_rate",
		])
		.then((r) => {
			const customer = r.message || {};
			if (!customer.default_sales_partner) return;
			frm.set_value("sales_partner", customer.default_sales_partner).then(() => {
				if (customer.default_commission_rate) {
					frm.set_value("commission_rate", customer.default_commission_rate);
				}
			});
		});
};

for (const doctype of ["Quotation", "Sales Order", "Sales Invoice", "Delivery Note"]) {
	frappe.ui.form.on(doctype, {
		shipping_rule: sales_flow.refresh_shipping_charge,
		shipping_address_name: sales_flow.refresh_shipping_charge,
	});
}
for (const doctype of ["Sales Order", "Sales Invoice"]) {
	frappe.ui.form.on(doctype, { customer: sales_flow.set_default_sales_partner });
}
