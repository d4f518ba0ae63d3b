// Frappe's e-mail composer, for every user who may e-mail a document: Frappe fills the body only
// once it has read the default outgoing account's signature from Email Account, a DocType that only
// System Managers may read. A sales rep or an accountant got "Not permitted" (a 403) and a composer
// whose body never filled. The signature comes with the boot instead (sales_flow/boot.py); every
// composer (the form's menu, the timeline's "New Email", "Send by email") is this subclass.
frappe.views.CommunicationComposer = class extends frappe.views.CommunicationComposer {
	async get_signature() {
		const signature = frappe.boot.user.email_signature || frappe.boot.sales_flow_email_signature;
		if (!signature) return "";
		const html = frappe.utils.is_html(signature);
		return "<br>" + (html ? signature : signature.replace(/\n/g, "<br>"));
	}
};
