// A report the user may not open: Frappe shows the server's refusal ("Vous n'avez pas accès au
// Rapport ..."), then its report page fails with a promise rejected with nothing, an "undefined"
// error in the console and a blank page. The page says instead that it is not permitted, and its
// set-up stops there (a promise left pending: nothing after it may run without the report).
frappe.views.QueryReport = class extends frappe.views.QueryReport {
	get_report_settings() {
		return super.get_report_settings().catch(() => {
			frappe.show_not_permitted(frappe.get_route_str());
			return new Promise(() => {});
		});
	}
};
