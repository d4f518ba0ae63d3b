app_name = "sales_flow"
app_title = "Sales Flow"
app_publisher = "sales_flow developers"
app_description = "The whole sales cycle for the Frappe framework"
app_email = "dev@sales-flow.invalid"
app_license = "MIT"

before_install = "sales_flow.install.before_install"
after_install = "sales_flow.install.after_install"
after_migrate = "sales_flow.install.after_migrate"

fixtures = [
	{
		"dt": "Role",
		"filters": [
			["role_name", "in", ["Sales User", "Sales Manager", "Sales Master Manager", "Accounts User"]]
		],
	},
]

# ERPNext's method paths answer here too, so integrations written for ERPNext's selling flow work unchanged
_DOCTYPES = "sales_flow.sales_flow.doctype"
override_whitelisted_methods = {
	"erpnext.selling.doctype.quotation.quotation.make_sales_order": f"{_DOCTYPES}.quotation.quotation.make_sales_order",
	"erpnext.selling.doctype.quotation.quotation.make_sales_invoice": f"{_DOCTYPES}.quotation.quotation.make_sales_invoice",
	"erpnext.selling.doctype.sales_order.sales_order.make_sales_invoice": f"{_DOCTYPES}.sales_order.sales_order.make_sales_invoice",
	"erpnext.selling.doctype.sales_order.sales_order.make_delivery_note": f"{_DOCTYPES}.sales_order.sales_order.make_delivery_note",
	"erpnext.stock.doctype.delivery_note.delivery_note.make_sales_invoice": f"{_DOCTYPES}.delivery_note.delivery_note.make_sales_invoice",
	"erpnext.accounts.doctype.sales_invoice.sales_invoice.make_delivery_note": f"{_DOCTYPES}.sales_invoice.sales_invoice.make_delivery_note",
	"erpnext.accounts.doctype.sales_invoice.sales_invoice.make_sales_return": f"{_DOCTYPES}.sales_invoice.sales_invoice.make_sales_return",
	"erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry": f"{_DOCTYPES}.payment_entry.payment_entry.get_payment_entry",
}

app_include_js = ["/assets/sales_flow/js/engine/totals.js", "/assets/sales_flow/js/sales_document.js"]

boot_session = "sales_flow.engine.document.boot_session"

scheduler_events = {
	"daily": ["sales_flow.engine.jobs.refresh_time_based_statuses"],
}
