app_name = "sales_flow"
app_title = "Sales Flow"
app_publisher = "sales_flow developers"
app_description = "The whole sales cycle for the Frappe framework"
app_email = "dev@sales-flow.invalid"
app_license = "MIT"

before_install = "sales_flow.install.before_install"
after_install = "sales_flow.install.after_install"
after_migrate = "sales_flow.install.after_migrate"

# Frappe's Report with its prepared-report timer cancelled when a script report raises; Frappe's Data
# Import reading French CSV and Excel files (separator, encoding, decimal commas, day-first dates)
override_doctype_class = {
	"Report": "sales_flow.overrides.report.SalesFlowReport",
	"Data Import": "sales_flow.overrides.data_import.SalesFlowDataImport",
}

fixtures = [
	{
		"dt": "Role",
		"filters": [
			[
				"role_name",
				"in",
				["Sales User", "Sales Manager", "Sales Master Manager", "Accounts User", "Accounts Manager"],
			]
		],
	},
	# the emails of quotations, orders and invoices (default Email Template of each DocType)
	{"dt": "Email Template", "filters": [["name", "in", ["Devis", "Commande client", "Facture", "Relance"]]]},
]

# ERPNext's method paths answer here too, so integrations written for ERPNext's selling flow work unchanged
_DOCTYPES = "sales_flow.sales_flow.doctype"
override_whitelisted_methods = {
	"erpnext.selling.doctype.quotation.quotation.make_sales_order": f"{_DOCTYPES}.quotation.quotation.make_sales_order",
	"erpnext.crm.doctype.lead.lead.make_customer": f"{_DOCTYPES}.lead.lead.make_customer",
	"erpnext.crm.doctype.lead.lead.make_opportunity": f"{_DOCTYPES}.lead.lead.make_opportunity",
	"erpnext.crm.doctype.lead.lead.make_quotation": f"{_DOCTYPES}.lead.lead.make_quotation",
	"erpnext.crm.doctype.opportunity.opportunity.make_quotation": f"{_DOCTYPES}.opportunity.opportunity.make_quotation",
	"erpnext.selling.doctype.quotation.quotation.make_sales_invoice": f"{_DOCTYPES}.quotation.quotation.make_sales_invoice",
	"erpnext.selling.doctype.sales_order.sales_order.make_sales_invoice": f"{_DOCTYPES}.sales_order.sales_order.make_sales_invoice",
	"erpnext.selling.doctype.sales_order.sales_order.make_delivery_note": f"{_DOCTYPES}.sales_order.sales_order.make_delivery_note",
	"erpnext.stock.doctype.delivery_note.delivery_note.make_sales_invoice": f"{_DOCTYPES}.delivery_note.delivery_note.make_sales_invoice",
	"erpnext.accounts.doctype.sales_invoice.sales_invoice.make_delivery_note": f"{_DOCTYPES}.sales_invoice.sales_invoice.make_delivery_note",
	"erpnext.accounts.doctype.sales_invoice.sales_invoice.make_sales_return": f"{_DOCTYPES}.sales_invoice.sales_invoice.make_sales_return",
	"erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry": f"{_DOCTYPES}.payment_entry.payment_entry.get_payment_entry",
	"erpnext.controllers.accounts_controller.update_child_qty_rate": "sales_flow.controllers.update_items.update_child_qty_rate",
	"erpnext.controllers.item_variant.create_variant": "sales_flow.variants.items.create_variant",
	"erpnext.controllers.item_variant.enqueue_multiple_variant_creation": "sales_flow.variants.items.enqueue_multiple_variant_creation",
	"erpnext.controllers.item_variant.get_variant": "sales_flow.variants.items.get_variant",
	# a User link checked for a desk user who may not list users: existence and public fields only
	"frappe.client.validate_link": "sales_flow.overrides.users.validate_link",
}

# the app's own methods answer at the path they had before they moved to their package (REST
# clients, saved number cards and scripts written against the old path)
_MOVED_METHODS = {
	"sales_flow.engine.details.get_item_details": "sales_flow.controllers.form_api.get_item_details",
	"sales_flow.engine.details.get_party_details": "sales_flow.controllers.form_api.get_party_details",
	"sales_flow.engine.emailing.email_defaults": "sales_flow.printing.email.email_defaults",
	"sales_flow.engine.emailing.email_document": "sales_flow.printing.email.email_document",
	"sales_flow.engine.emailing.email_recipients": "sales_flow.printing.email.email_recipients",
	"sales_flow.engine.kpis.follow_ups_due_today": "sales_flow.analytics.cards.follow_ups_due_today",
	"sales_flow.engine.kpis.monthly_recurring_revenue": "sales_flow.analytics.cards.monthly_recurring_revenue",
	"sales_flow.engine.kpis.quotation_win_rate": "sales_flow.analytics.cards.quotation_win_rate",
	"sales_flow.engine.kpis.revenue_change_vs_last_month": "sales_flow.analytics.cards.revenue_change_vs_last_month",
	"sales_flow.engine.kpis.revenue_this_month": "sales_flow.analytics.cards.revenue_this_month",
	"sales_flow.engine.kpis.top_customers": "sales_flow.analytics.charts.top_customers",
	"sales_flow.engine.kpis.top_items": "sales_flow.analytics.charts.top_items",
	"sales_flow.engine.pricing_apply.get_price_explanation": "sales_flow.pricing.explain.get_price_explanation",
	"sales_flow.engine.pricing_apply.may_edit_price_list_rate": "sales_flow.pricing.lines.may_edit_price_list_rate",
	"sales_flow.engine.printing.print_merged": "sales_flow.printing.pdf.print_merged",
	"sales_flow.engine.shipping.get_shipping_taxes": "sales_flow.controllers.shipping.get_shipping_taxes",
	"sales_flow.facturx.download_facturx": "sales_flow.regional.france.facturx.download_facturx",
	"sales_flow.regional.france.fec.download_fec": "sales_flow.regional.france.fec.export_file.download_fec",
	"sales_flow.sales_flow.doctype.payment_terms_template.payment_terms_template.get_payment_schedule": "sales_flow.controllers.payment_terms.get_payment_schedule",
}
override_whitelisted_methods.update(_MOVED_METHODS)

# the print view's PDF: drawn by Chromium, headers and footers included, without Frappe's warning
# about Debian's wkhtmltopdf build (sales_flow/printing/chromium.py)
override_whitelisted_methods.update(
	{
		"frappe.utils.print_format.download_pdf": "sales_flow.printing.pdf.download_pdf",
		"frappe.utils.pdf.is_wkhtmltopdf_valid": "sales_flow.printing.pdf.pdf_renderer_is_valid",
	}
)

# the print template's VAT by rate and exemption mentions: the same Python and data as Factur-X's
jinja = {
	"methods": [
		"sales_flow.totals.vat.vat_by_rate",
		"sales_flow.totals.vat.line_vat_rates",
		"sales_flow.regional.france.vat_categories.categories.vat_mentions",
		# recurring lines: "/ mois" after their price, the one-time and recurring totals
		"sales_flow.subscriptions.quotes.recurring_line_labels",
		"sales_flow.subscriptions.quotes.recurring_summary",
		# the quotation's online address, in its e-mail (the "Devis" template)
		"sales_flow.portal.tokens.quotation_link",
	]
}

# the online quotation, for whoever holds its link (sales_flow/portal, sales_flow/www/devis.py)
website_route_rules = [{"from_route": "/devis/<token>", "to_route": "devis"}]

# the portal of a customer's contacts (sales_flow/portal/lists.py, sales_flow/www/): ERPNext's routes
portal_menu_items = [
	{"title": "Quotations", "route": "/quotations", "reference_doctype": "Quotation"},
	{"title": "Orders", "route": "/orders", "reference_doctype": "Sales Order"},
	{"title": "Invoices", "route": "/invoices", "reference_doctype": "Sales Invoice"},
	{"title": "Statement of Account", "route": "/statement"},
]

# Frappe's print view and PDF on the website: a quotation whose link was checked, and a portal
# user's own customers' documents
has_website_permission = {
	doctype: "sales_flow.portal.customers.has_website_permission"
	for doctype in ("Quotation", "Sales Order", "Sales Invoice")
}

app_include_js = [
	# a plain script, before the forms that use it: node loads the same file for the tests (tests/js)
	"/assets/sales_flow/js/engine/totals.js",
	# the sales documents' forms and lists, one file per concern (public/js/sales_document/), built
	# by `bench build` into one file whose name changes with its content
	"sales_document.bundle.js",
	"/assets/sales_flow/js/pricing.js",
	"/assets/sales_flow/js/partners_and_shipping.js",
	"/assets/sales_flow/js/report_filters.js",
	# the workspace's cards and charts from one call, in French formats
	"/assets/sales_flow/js/workspace_figures.js",
	# percentages and quantities in the site's number format ("72,73 %", "3")
	"/assets/sales_flow/js/number_formats.js",
	# delivered, billed and paid as progress bars on orders and invoices
	"/assets/sales_flow/js/progress_at_a_glance.js",
	# a stored DocType name (Quotation To, Party Type) shown read-only in the user's language
	"/assets/sales_flow/js/translated_values.js",
]

boot_session = "sales_flow.boot.boot_session"

# the customer's statement of account: a button on the form, the bulk run on the list (receivables)
doctype_js = {"Customer": "public/js/statement_of_account.js"}
doctype_list_js = {"Customer": "public/js/customer_list.js"}

# after login the desk opens the "Ventes" workspace (Frappe's apps screen goes straight to the only app)
add_to_apps_screen = [{"name": "sales_flow", "title": "Ventes", "route": "/app/ventes"}]

scheduler_events = {
	"daily": [
		"sales_flow.controllers.jobs.refresh_time_based_statuses",
		"sales_flow.quotation_desk.follow_ups.create_follow_up_todos",
		"sales_flow.subscriptions.status.refresh_open_subscriptions",
		"sales_flow.subscriptions.jobs.enqueue_due_subscriptions",
		"sales_flow.receivables.proposals.propose_dunnings",
	],
	# half past each hour (away from the daily run's midnight): a daily run a stopped worker left
	# half done is taken up again the same day
	"cron": {"30 * * * *": ["sales_flow.subscriptions.jobs.resume_interrupted_run"]},
}

# a sales document submitted or cancelled: the opportunity and lead behind its quotation follow (the
# document engine does not import the CRM, which sits above it)
_CRM_REFRESH = "sales_flow.crm.statuses.refresh_after_sales_document"
_DUNNING_PAYMENT = "sales_flow.receivables.dunning.on_payment_change"
_DUNNING_INVOICE = "sales_flow.receivables.dunning.on_invoice_change"

# the daily sales summaries the reports read: a submitted quotation, order or invoice adds its figures,
# a cancelled one takes them back (sales_flow/analytics/summary)
_SUMMARY_ADD = "sales_flow.analytics.summary.add_document"
_SUMMARY_SUBTRACT = "sales_flow.analytics.summary.subtract_document"
doc_events = {
	# every text of the app's documents sanitized on every write, submit and update after submit
	# included (Frappe's sanitizer skips submitted documents): sales_flow/printing/sanitize.py
	"*": {
		# values of the wrong type refused before a controller reads them (field_checks)
		"before_insert": "sales_flow.controllers.field_checks.any_document.check_any_document",
		"before_validate": [
			"sales_flow.controllers.field_checks.any_document.check_any_document",
			"sales_flow.printing.sanitize.sanitize_document",
		],
		"before_submit": "sales_flow.printing.sanitize.sanitize_document",
		"before_update_after_submit": "sales_flow.printing.sanitize.sanitize_changes_after_submit",
	},
	# subscriptions: statuses follow their invoices and payments; recurring lines of an order start one
	# dunnings: Resolved once the payments and credit notes settle what they claim (receivables)
	"Payment Entry": {
		"on_submit": ["sales_flow.subscriptions.status.on_payment_change", _DUNNING_PAYMENT],
		"on_cancel": ["sales_flow.subscriptions.status.on_payment_change", _DUNNING_PAYMENT],
	},
	"Quotation": {
		# a recurring line's plan bills the line's item
		"validate": "sales_flow.subscriptions.quotes.check_recurring_lines",
		# each submitted quotation (each revision) gets its own secret link: sales_flow/portal/tokens.py
		"on_submit": [_CRM_REFRESH, "sales_flow.portal.tokens.issue_token", _SUMMARY_ADD],
		"on_cancel": [_CRM_REFRESH, _SUMMARY_SUBTRACT],
	},
	"Delivery Note": {
		"on_submit": _CRM_REFRESH,
		"on_cancel": _CRM_REFRESH,
	},
	"Sales Invoice": {
		# only the data migration brings invoices over as opening balances (sales_flow/migration/opening.py)
		"before_validate": "sales_flow.migration.opening.check_opening_balance",
		# each line's EN 16931 VAT category, checked against its rate and the parties
		"validate": "sales_flow.regional.france.vat_categories.invoice.set_invoice_vat_categories",
		"on_submit": [
			"sales_flow.subscriptions.status.on_invoice_change",
			_CRM_REFRESH,
			_DUNNING_INVOICE,
			_SUMMARY_ADD,
		],
		"on_cancel": [
			"sales_flow.subscriptions.status.on_invoice_change",
			_CRM_REFRESH,
			_DUNNING_INVOICE,
			_SUMMARY_SUBTRACT,
		],
	},
	"Sales Order": {
		"on_submit": ["sales_flow.subscriptions.orders.create_subscriptions", _CRM_REFRESH, _SUMMARY_ADD],
		"before_cancel": "sales_flow.subscriptions.orders.check_subscriptions_can_go",
		"on_cancel": [
			"sales_flow.subscriptions.orders.cancel_subscriptions",
			_CRM_REFRESH,
			_SUMMARY_SUBTRACT,
		],
	},
	# VAT categories as data, and the accounts of the accounting export (sales_flow/regional/france)
	"Item Tax Template": {
		"validate": "sales_flow.regional.france.vat_categories.templates.validate_vat_class"
	},
	"Sales Taxes and Charges Template": {
		"validate": "sales_flow.regional.france.vat_categories.templates.validate_tax_template"
	},
	"Company": {"validate": "sales_flow.regional.france.fec.accounts.validate_company_accounts"},
	"Customer": {"validate": "sales_flow.regional.france.fec.accounts.validate_accounting_code"},
	"Item": {"validate": "sales_flow.regional.france.fec.accounts.validate_revenue_account"},
	"Item Group": {"validate": "sales_flow.regional.france.fec.accounts.validate_revenue_account"},
	# failed logins throttled per address, never per account: sales_flow/overrides/login.py
	"Activity Log": {"after_insert": "sales_flow.overrides.login.forget_account_failures"},
}

# requests: a body Frappe would answer with a 500 refused in French; error answers without traceback
# and of a sane size (sales_flow/overrides/request/)
before_request = ["sales_flow.overrides.request.body.check_request_body"]
after_request = ["sales_flow.overrides.request.error_answer.tidy_error_response"]

# failed logins throttled per address, never per account (with the Activity Log event above)
on_login = "sales_flow.overrides.login.keep_address_failures"

# desk users find other users by name, and see nothing else of them: sales_flow/overrides/users.py
standard_queries = {"User": "sales_flow.overrides.users.search_users"}
