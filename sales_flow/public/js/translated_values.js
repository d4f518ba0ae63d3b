// Stored values that name a DocType, read in the user's language wherever the desk shows them
// read-only. A Link to DocType (the quotation's "Quotation To", the payment's "Party Type") stores
// the English name; Frappe translates it in an editable field (DocType is a translated DocType),
// but its read-only formatter gives the stored name to a user who may not read DocTypes: a French
// rep read "Devis pour : Customer". The stored value stays English.
frappe.provide("frappe.form.link_formatters");
frappe.form.link_formatters["DocType"] = (value) => __(value);

// A Link field's search lists its filters under the results ("Filtres appliqués pour Désactivé =
// Non"), naming each field from the linked DocType's meta. Before that meta is loaded, Frappe
// falls back to the English field name and the raw value ("Desactivé = 0"): the description is
// left out until the meta, whose loading Frappe starts in that call, is there.
const describe_link_filters = frappe.ui.form.ControlLink.prototype.get_filter_description;
frappe.ui.form.ControlLink.prototype.get_filter_description = function (filters) {
	const doctype = this.get_options();
	if (!locals.DocType[doctype]) {
		frappe.model.with_doctype(doctype);
		return null;
	}
	return describe_link_filters.call(this, filters);
};
