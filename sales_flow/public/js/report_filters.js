// Filter definitions shared by the app's script reports and chart sources (loaded in the desk via
// app_include_js). Each helper returns one filter object for `frappe.query_reports[...].filters`,
// or, when it returns a list (`return [`), several, spread into the report's list.
// tests/injection_support.py reads a report's filter fieldnames from these calls: a helper called
// without a string first argument (company, from_date, to_date) has its own name as fieldname, any
// other helper takes the fieldname as a string literal first argument, and a list helper stands for
// the filters of the helper calls it returns (so write them with these rules too).
frappe.provide("sales_flow.report_filters");

$.extend(sales_flow.report_filters, {
	/** The company: required and defaulting to the user's, or (required = false) optional and blank,
	 * or optional with the user's as default (`user_default`, as the dashboard charts have it). */
	company(required = true, { user_default = required } = {}) {
		const filter = {
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
		};
		if (user_default) filter.default = frappe.defaults.get_user_default("Company");
		return required ? { ...filter, reqd: 1 } : filter;
	},

	/** The company and the period from `months` months back (see from_date) to today, required;
	 * optional with `required` false (the company then blank). A list: spread it. */
	company_and_period(months, { from_month_start = false, required = true } = {}) {
		return [
			sales_flow.report_filters.company(required),
			sales_flow.report_filters.from_date(months, { from_month_start, required }),
			sales_flow.report_filters.to_date(required),
		];
	},

	/** The commission reports': invoices or orders, optional company and period (the last month).
	 * A list: spread it. */
	commission_basis() {
		return [
			sales_flow.report_filters.select(
				"doctype",
				__("Based On"),
				["Sales Invoice", "Sales Order"],
				"Sales Invoice",
			),
			...sales_flow.report_filters.company_and_period(-1, { required: false }),
		];
	},

	/** The target variance reports': the year, its periods, orders or invoices, amount or quantity,
	 * an optional company. A list: spread it. */
	target_variance() {
		const option = (value) => ({ value, label: __(value) });
		return [
			sales_flow.report_filters.fiscal_year(),
			sales_flow.report_filters.select(
				"period",
				__("Period"),
				["Monthly", "Quarterly", "Half-Yearly", "Yearly"].map(option),
				"Monthly",
			),
			sales_flow.report_filters.select(
				"doctype",
				__("Based On"),
				["Sales Order", "Sales Invoice"].map(option),
				"Sales Order",
			),
			sales_flow.report_filters.select(
				"target_on",
				__("Target On"),
				["Amount", "Quantity"].map(option),
				"Amount",
			),
			sales_flow.report_filters.company(false),
		];
	},

	/** A calendar year (the app's fiscal year), this one by default. */
	fiscal_year() {
		return {
			fieldname: "fiscal_year",
			label: __("Fiscal Year"),
			fieldtype: "Data",
			default: String(new Date().getFullYear()),
			reqd: 1,
		};
	},

	/** Start of the period: `months` months from today, or from this month's start. */
	from_date(months, { from_month_start = false, required = true } = {}) {
		const start = from_month_start
			? frappe.datetime.month_start()
			: frappe.datetime.get_today();
		return sales_flow.report_filters.date(
			"from_date",
			__("From Date"),
			frappe.datetime.add_months(start, months),
			required,
		);
	},

	/** End of the period: today. */
	to_date(required = true) {
		return sales_flow.report_filters.date(
			"to_date",
			__("To Date"),
			frappe.datetime.get_today(),
			required,
		);
	},

	/** A date filter, by default today and required. */
	date(fieldname, label, value = frappe.datetime.get_today(), required = true) {
		const filter = { fieldname, label, fieldtype: "Date", default: value };
		return required ? { ...filter, reqd: 1 } : filter;
	},

	/** An optional link filter. */
	link(fieldname, label, doctype) {
		return { fieldname, label, fieldtype: "Link", options: doctype };
	},

	/** A required select filter with its default. */
	select(fieldname, label, options, value) {
		return { fieldname, label, fieldtype: "Select", options, default: value, reqd: 1 };
	},

	/** The grouping period of a trend, Monthly by default; without Weekly when weekly is false. */
	period(fieldname, label, { weekly = true } = {}) {
		const periods = [
			{ value: "Weekly", label: __("Weekly") },
			{ value: "Monthly", label: __("Monthly") },
			{ value: "Quarterly", label: __("Quarterly") },
			{ value: "Yearly", label: __("Yearly") },
		];
		const options = weekly ? periods : periods.slice(1);
		return sales_flow.report_filters.select(fieldname, label, options, "Monthly");
	},

	/** What a tree report groups by: a party or item dimension, Customer by default. */
	tree_type(fieldname, label) {
		const options = ["Customer", "Customer Group", "Item", "Item Template", "Item Group", "Territory"];
		return sales_flow.report_filters.select(fieldname, label, options, "Customer");
	},
});
