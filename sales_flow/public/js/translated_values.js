// Stored values that name a DocType, read in the user's language wherever the desk shows them
// read-only. A Link to DocType (the quotation's "Quotation To", the payment's "Party Type") stores
// the English name; Frappe translates it in an editable field (DocType is a translated DocType),
// but its read-only formatter gives the stored name to a user who may not read DocTypes: a French
// rep read "Devis pour : Customer". The stored value stays English.
frappe.provide("frappe.form.link_formatters");
frappe.form.link_formatters["DocType"] = (value) => __(value);
